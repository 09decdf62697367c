"""States and cities by any spelling; unknown ones give suggestions."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puente.travel.places import UnknownPlace, list_states, resolve_city, resolve_state

STATE_CASES = [
    ("Sonora", "MX-SON", "plain name"),
    ("nuevo leon", "MX-NLE", "unaccented, lower case"),
    ("NUEVO LEÓN", "MX-NLE", "upper case with accent"),
    ("Distrito Federal", "MX-CMX", "old name of Ciudad de México (the GeoJSON's)"),
    ("CDMX", "MX-CMX", "abbreviation"),
    ("Mexico City", "MX-CMX", "English name"),
    ("Estado de Mexico", "MX-MEX", "the GeoJSON's spelling"),
    ("Michoacan", "MX-MIC", "unaccented"),
    ("Michoacán de Ocampo", "MX-MIC", "official long name"),
    ("Coahuila de Zaragoza", "MX-COA", "official long name"),
    ("Veracruz de Ignacio de la Llave", "MX-VER", "official long name"),
    ("Queretaro", "MX-QUE", "unaccented"),
    ("MX-ROO", "MX-ROO", "ISO code"),
    ("yuc", "MX-YUC", "ISO code suffix"),
    ("san-luis-potosi", "MX-SLP", "slug"),
]


@pytest.mark.parametrize(("query", "code", "why"), STATE_CASES)
def test_resolve_state(cur: duckdb.DuckDBPyConnection, query: str, code: str, why: str) -> None:
    assert resolve_state(cur, query).code == code, why


def test_there_are_32_entities_with_unique_slugs(cur: duckdb.DuckDBPyConnection) -> None:
    states = list_states(cur)
    assert len(states) == 32
    assert len({s.slug for s in states}) == 32
    assert {s.name for s in states} >= {"Ciudad de México", "Nuevo León", "Yucatán"}


def test_unknown_state_suggests_close_names(cur: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(UnknownPlace) as caught:
        resolve_state(cur, "Sonorra")
    assert caught.value.status_code == 404
    assert caught.value.suggestions[0] == "Sonora"
    assert "did you mean Sonora" in caught.value.detail


def test_unknown_state_with_nothing_close_has_no_suggestions(
    cur: duckdb.DuckDBPyConnection,
) -> None:
    with pytest.raises(UnknownPlace) as caught:
        resolve_state(cur, "Texas")
    assert caught.value.suggestions == []


CITY_CASES = [
    ("Mérida", "MX-YUC"),
    ("merida", "MX-YUC"),
    ("MERIDA", "MX-YUC"),
    ("cancun", "MX-ROO"),
    ("Ciudad Juarez", "MX-CHH"),
    ("Juárez", "MX-CHH"),
    ("Rocky Point", "MX-SON"),
    ("Nuevo Vallarta", "MX-NAY"),
    ("Puerto Vallarta", "MX-JAL"),
    ("Nogales, Sonora", "MX-SON"),
]


@pytest.mark.parametrize(("query", "code"), CITY_CASES)
def test_resolve_city(cur: duckdb.DuckDBPyConnection, query: str, code: str) -> None:
    assert resolve_city(cur, query).state_code == code


def test_unknown_city_suggests(cur: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(UnknownPlace) as caught:
        resolve_city(cur, "Guadalajra")
    assert "Guadalajara" in caught.value.suggestions
    assert caught.value.kind == "city"


def test_city_in_the_wrong_state_is_unknown(cur: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(UnknownPlace):
        resolve_city(cur, "Mérida, Sonora")


def _scramble(text: str, flips: list[bool], strip: bool) -> str:
    import unicodedata

    if strip:
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return "".join(c.upper() if flips[i % len(flips)] else c.lower() for i, c in enumerate(text))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    index=st.integers(min_value=0, max_value=31),
    flips=st.lists(st.booleans(), min_size=1, max_size=8),
    strip=st.booleans(),
)
def test_any_case_or_accent_variant_of_a_state_name_resolves(
    cur: duckdb.DuckDBPyConnection, index: int, flips: list[bool], strip: bool
) -> None:
    state = list_states(cur)[index]
    assert resolve_state(cur, _scramble(state.name, flips, strip)).code == state.code
