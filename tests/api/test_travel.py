"""/api/travel and /api/exchanges: the JSON a page or script gets, errors with suggestions."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import GEOMETRY_FIXTURE
from tests.travel.helpers import travel_app_client


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield from travel_app_client(tmp_path_factory.mktemp("api"))


def test_serving_by_state_accents_and_case(api: TestClient) -> None:
    for spelling in ("Nuevo León", "nuevo leon", "NUEVO LEON", "nuevo-leon"):
        body = api.get("/api/travel/posts/serving", params={"state": spelling}).json()
        assert [p["post_id"] for p in body["posts"]] == ["cg-monterrey"]
    assert body["datasets"][0]["dataset"] == "us-posts-mexico"


def test_serving_by_city(api: TestClient) -> None:
    body = api.get("/api/travel/posts/serving", params={"city": "MERIDA"}).json()
    assert body["city"]["name"] == "Mérida"
    assert body["posts"][0]["post_name"] == "U.S. Consulate General Mérida"


@pytest.mark.parametrize(
    ("path", "params", "suggestion"),
    [
        ("/api/travel/posts/serving", {"state": "Chihuahuah"}, "Chihuahua"),
        ("/api/travel/posts/serving", {"city": "Monterey"}, "Monterrey"),
        ("/api/travel/posts/nearest", {"near": "Cancum"}, "Cancún"),
        ("/api/travel/states/yucatam", {}, "Yucatán"),
        ("/api/travel/advisory", {"state": "Sinaola"}, "Sinaloa"),
        ("/api/travel/vaccinations", {"state": "Campeche2"}, "Campeche"),
        ("/api/exchanges/programs/ylia", {}, "ylai"),
    ],
)
def test_unknown_names_are_404_with_suggestions(
    api: TestClient, path: str, params: dict, suggestion: str
) -> None:
    response = api.get(path, params=params)
    assert response.status_code == 404
    body = response.json()
    assert body["error"] == "not_found"
    assert suggestion in body["detail"]


def test_nearest_by_point_and_city(api: TestClient) -> None:
    by_city = api.get("/api/travel/posts/nearest", params={"near": "Tijuana", "limit": 2}).json()
    assert [p["post_id"] for p in by_city["posts"]] == ["cg-tijuana", "cg-nogales"]
    by_point = api.get("/api/travel/posts/nearest", params={"lat": 20.6, "lon": -105.2}).json()
    assert by_point["posts"][0]["post_id"] == "ca-puerto-vallarta"
    bad = api.get("/api/travel/posts/nearest", params={"lat": "north"})
    assert bad.status_code == 400


def test_posts_list_and_csv(api: TestClient) -> None:
    body = api.get("/api/travel/posts").json()
    assert body["count"] == 19
    consulates = api.get("/api/travel/posts", params={"type": "consulate_general"}).json()
    assert consulates["count"] == 9
    text = api.get("/api/travel/posts", params={"format": "csv"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 19
    merida = next(r for r in rows if r["post_id"] == "cg-merida")
    assert merida["freshness.status"] in ("stale", "current")
    assert "Yucatán" in merida["states_served"]
    assert api.get("/api/travel/posts", params={"type": "castle"}).status_code == 400


def test_one_post(api: TestClient) -> None:
    body = api.get("/api/travel/posts/cg-merida").json()
    assert {a["post_id"] for a in body["agencies"]} == {"ca-cancun", "ca-playa-del-carmen"}


def test_advisory_levels_and_changes(api: TestClient) -> None:
    levels = api.get("/api/travel/advisory").json()
    assert levels["advisory_date"] == "2025-08-12"
    assert len(levels["states"]) == 32
    older = api.get("/api/travel/advisory", params={"date": "2024-09"}).json()
    assert {s["name"]: s["level"] for s in older["states"]}["Coahuila"] == 2
    changes = api.get("/api/travel/advisory/changes").json()
    assert [c["name"] for c in changes["level_changes"]] == ["Coahuila"]
    sonora = api.get("/api/travel/advisory", params={"state": "sonora"}).json()
    assert sonora["current"]["level"] == 3
    csv_text = api.get("/api/travel/advisory", params={"format": "csv"}).text
    assert csv_text.splitlines()[0].startswith("code,name,slug,level")
    assert api.get("/api/travel/advisory", params={"date": "1999"}).status_code == 404


def test_state_profile(api: TestClient) -> None:
    body = api.get("/api/travel/states/Chihuahua").json()
    assert body["posts"]["posts"][0]["post_id"] == "cg-ciudad-juarez"
    assert any(c["crossing"].startswith("El Paso") for c in body["ports"]["crossings"])
    assert body["advisory"]["current"]["level"] == 3


def test_entry_and_vaccinations(api: TestClient) -> None:
    entry = api.get("/api/travel/entry").json()
    assert entry["requirements"][0]["field"] == "passport_validity"
    vaccines = api.get("/api/travel/vaccinations", params={"state": "Nayarit"}).json()
    assert "Malaria (prevention medicine)" in [v["item"] for v in vaccines["vaccinations"]]


def test_map_needs_the_outlines(api: TestClient) -> None:
    response = api.get("/api/travel/advisory/map")
    assert response.status_code == 404
    assert "puente ingest mexico-states-geometry" in response.json()["detail"]


def test_map_geojson_from_the_stored_outlines(tmp_path: Path) -> None:
    for client in travel_app_client(tmp_path, geometry=GEOMETRY_FIXTURE):
        body = client.get("/api/travel/advisory/map").json()
        names = {f["properties"]["name"] for f in body["features"]}
        assert names == {"Chihuahua", "Nuevo León", "Ciudad de México", "Michoacán"}
        assert "mexico-states-geometry" in [d["dataset"] for d in body["datasets"]]


def test_exchanges_filters(api: TestClient) -> None:
    body = api.get("/api/exchanges/programs", params={"audience": "students"}).json()
    assert "susi" in [p["slug"] for p in body["programs"]]
    aged = api.get("/api/exchanges/programs", params={"age": 14}).json()
    assert [p["slug"] for p in aged["programs"]] == ["english-access"]
    bad = api.get("/api/exchanges/programs", params={"audience": "pilots"})
    assert bad.status_code == 400
    assert "students" in bad.json()["detail"]
    one = api.get("/api/exchanges/programs/susi").json()
    assert one["program"]["min_age"] == 18
    text = api.get("/api/exchanges/programs", params={"format": "csv"}).text
    assert len(list(csv.DictReader(io.StringIO(text)))) == 14


@pytest.mark.integration
def test_map_geojson_from_the_mirror(tmp_path: Path, shared_data: Path) -> None:
    for client in travel_app_client(tmp_path, geometry=shared_data / "geo/mexican_states.geojson"):
        body = client.get("/api/travel/advisory/map").json()
        assert len(body["features"]) == 32
        names = {f["properties"]["name"] for f in body["features"]}
        assert "Ciudad de México" in names
        assert "Distrito Federal" not in names


def test_cities_list_and_unknown_city_hint(api: TestClient) -> None:
    body = api.get("/api/travel/cities").json()
    assert body["count"] == 84
    merida = next(c for c in body["cities"] if c["name"] == "Mérida")
    assert merida["state_code"] == "MX-YUC"
    assert merida["coord_source"].startswith("city centre (approximate")
    detail = api.get("/api/travel/posts/serving", params={"city": "Tlaquepaque"}).json()["detail"]
    assert "Puente knows 84 cities; ask by state instead" in detail
