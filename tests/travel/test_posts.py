"""Which post serves me, by state or city, and the nearest posts."""

from __future__ import annotations

import duckdb
import pytest

from puente.errors import InvalidInput, NotFound
from puente.travel.places import UnknownPlace
from puente.travel.posts import get_post, haversine_km, list_posts, nearest_posts, serving_post

STATE_CASES = [
    ("Yucatán", ["cg-merida"], "the new Mérida consulate general"),
    ("quintana roo", ["cg-merida"], "Mérida's district"),
    ("Baja California Sur", ["cg-tijuana"], "Tijuana's district"),
    ("Sinaloa", ["cg-hermosillo"], "whole state in Hermosillo's district"),
    ("Chihuahua", ["cg-ciudad-juarez"], "Ciudad Juárez"),
    ("Zacatecas", ["cg-monterrey"], "Monterrey's district"),
    ("Oaxaca", ["embassy-mexico-city"], "inferred: no consulate lists it"),
    ("Sonora", ["cg-hermosillo", "cg-nogales"], "split by area"),
    ("Coahuila", ["cg-monterrey", "cg-nuevo-laredo"], "ten municipalities to Nuevo Laredo"),
    ("Tamaulipas", ["cg-matamoros", "cg-nuevo-laredo", "embassy-mexico-city"], "three-way split"),
]


@pytest.mark.parametrize(("state", "expected", "why"), STATE_CASES)
def test_serving_post_by_state(
    cur: duckdb.DuckDBPyConnection, state: str, expected: list[str], why: str
) -> None:
    result = serving_post(cur, state=state)
    assert sorted(p["post_id"] for p in result.posts) == sorted(expected), why
    assert result.state_is_split == (len(expected) > 1)


CITY_CASES = [
    ("Mérida", ["cg-merida"], True, "consulate's own city"),
    ("MERIDA", ["cg-merida"], True, "case does not matter"),
    ("Piedras Negras", ["cg-nuevo-laredo"], True, "listed Coahuila municipality"),
    ("Ciudad Acuña", ["cg-nuevo-laredo"], True, "listed Coahuila municipality"),
    ("Torreón", ["cg-monterrey"], True, "rest of Coahuila"),
    ("Saltillo", ["cg-monterrey"], True, "rest of Coahuila"),
    ("Nuevo Laredo", ["cg-nuevo-laredo"], True, "its own municipality"),
    ("Tampico", ["embassy-mexico-city"], True, "Tampico goes to the Embassy"),
    ("Ciudad Madero", ["embassy-mexico-city"], True, "Madero goes to the Embassy"),
    ("Reynosa", ["cg-matamoros"], True, "rest of Tamaulipas"),
    ("Agua Prieta", ["cg-nogales"], True, "named end of Nogales's district"),
    ("San Luis Rio Colorado", ["cg-nogales"], True, "named end, unaccented"),
    ("Hermosillo", ["cg-hermosillo"], True, "a consulate serves its own city"),
    ("Guaymas", ["cg-hermosillo", "cg-nogales"], False, "Sonora by area: cannot tell"),
    ("Cancún", ["cg-merida"], True, "Quintana Roo"),
]


@pytest.mark.parametrize(("city", "expected", "resolved", "why"), CITY_CASES)
def test_serving_post_by_city(
    cur: duckdb.DuckDBPyConnection, city: str, expected: list[str], resolved: bool, why: str
) -> None:
    result = serving_post(cur, city=city)
    assert sorted(p["post_id"] for p in result.posts) == sorted(expected), why
    assert result.resolved is resolved


def test_serving_lists_the_agencies_in_the_state(cur: duckdb.DuckDBPyConnection) -> None:
    result = serving_post(cur, state="Quintana Roo")
    assert {a["post_id"] for a in result.agencies_in_state} == {
        "ca-cancun",
        "ca-playa-del-carmen",
    }


def test_inferred_districts_say_so(cur: duckdb.DuckDBPyConnection) -> None:
    post = serving_post(cur, state="Puebla").posts[0]
    assert post["basis"] == "inferred"
    assert "not confirmed" in post["notes"]


def test_unknown_state_and_city_are_404_with_suggestions(cur: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(UnknownPlace) as state:
        serving_post(cur, state="Nuevo Leonn")
    assert state.value.status_code == 404
    assert state.value.suggestions == ["Nuevo León"]
    with pytest.raises(UnknownPlace) as city:
        serving_post(cur, city="Tijuna")
    assert "Tijuana" in city.value.suggestions


def test_a_city_in_another_state_is_not_found(cur: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(NotFound, match="no city Mérida in Sonora: Mérida is in Yucatán"):
        serving_post(cur, state="Sonora", city="Mérida")


def test_nothing_asked_is_invalid(cur: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(InvalidInput):
        serving_post(cur)


def test_every_post_serves_something_or_has_a_parent(cur: duckdb.DuckDBPyConnection) -> None:
    for post in list_posts(cur):
        if post.post_type == "consular_agency":
            assert not post.states_served
        else:
            assert post.states_served, post.post_id


def test_haversine_known_distance() -> None:
    # Mexico City to Guadalajara is about 460 km in a straight line.
    assert 455 < haversine_km(19.43, -99.13, 20.67, -103.35) < 470
    assert haversine_km(20.0, -100.0, 20.0, -100.0) == 0


def test_nearest_to_a_city(cur: duckdb.DuckDBPyConnection) -> None:
    result = nearest_posts(cur, near="merida", limit=3)
    ids = [p["post_id"] for p in result.posts]
    assert ids[0] == "cg-merida"
    assert set(ids[1:]) == {"ca-cancun", "ca-playa-del-carmen"}
    distances = [p["distance_km"] for p in result.posts]
    assert distances == sorted(distances)
    assert result.origin["city"]["name"] == "Mérida"


def test_nearest_to_a_point(cur: duckdb.DuckDBPyConnection) -> None:
    # A point in the Gulf of California, nearer Hermosillo than Nogales.
    result = nearest_posts(cur, lat=28.0, lon=-111.5, limit=2)
    assert result.posts[0]["post_id"] == "cg-hermosillo"


def test_nearest_needs_a_place(cur: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(InvalidInput):
        nearest_posts(cur)
    with pytest.raises(InvalidInput):
        nearest_posts(cur, lat=123.0, lon=0.0)
    with pytest.raises(UnknownPlace):
        nearest_posts(cur, near="Atlantis")


def test_get_post_by_id_name_or_city(cur: duckdb.DuckDBPyConnection) -> None:
    assert get_post(cur, "cg-merida").post["city"] == "Mérida"
    assert get_post(cur, "merida").post["post_id"] == "cg-merida"
    tijuana = get_post(cur, "U.S. Consulate General Tijuana")
    assert [a["post_id"] for a in tijuana.agencies] == ["ca-los-cabos"]
    with pytest.raises(NotFound, match="did you mean"):
        get_post(cur, "cg-meridda")
