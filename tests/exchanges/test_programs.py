"""The exchange programs directory: filters by audience, direction, age and length."""

from __future__ import annotations

import duckdb
import pytest

from puente.errors import InvalidInput, NotFound
from puente.exchanges.programs import get_program, list_programs


def _slugs(result: dict) -> set[str]:
    return {p["slug"] for p in result.programs}


def test_all_programs(cur: duckdb.DuckDBPyConnection) -> None:
    result = list_programs(cur)
    assert result.count == 14
    assert {
        "ylai",
        "susi",
        "jovenes-en-accion",
        "english-access",
        "afcp",
        "english-language-fellow",
    } <= _slugs(result)


def test_audience_filter(cur: duckdb.DuckDBPyConnection) -> None:
    students = _slugs(list_programs(cur, audience="students"))
    assert {"susi", "jovenes-en-accion", "english-access"} <= students
    assert "afcp" not in students
    assert "ylai" not in students
    assert _slugs(list_programs(cur, audience="Student")) == students  # singular works
    assert _slugs(list_programs(cur, audience="teachers")) == {
        "english-language-fellow",
        "english-language-specialist",
    }


def test_direction_filter_includes_both_ways(cur: duckdb.DuckDBPyConnection) -> None:
    to_mexico = _slugs(list_programs(cur, direction="to_mexico"))
    assert "english-language-fellow" in to_mexico
    assert "100000-strong-in-the-americas" in to_mexico  # both ways
    assert "susi" not in to_mexico
    assert _slugs(list_programs(cur, direction="us to mexico")) == to_mexico


def test_age_filter_keeps_unknowns_apart(cur: duckdb.DuckDBPyConnection) -> None:
    result = list_programs(cur, age=17)
    assert _slugs(result) == {"english-access", "mission-mexico-youth-councils"}
    missing = {n["slug"] for n in result.not_stated}
    assert "jovenes-en-accion" in missing
    assert "susi" not in missing
    assert _slugs(list_programs(cur, age=22)) == {"susi", "mission-mexico-youth-councils"}


def test_duration_filter(cur: duckdb.DuckDBPyConnection) -> None:
    short = _slugs(list_programs(cur, duration="short"))
    assert short == {"ylai", "susi", "jovenes-en-accion", "ivlp"}
    long = _slugs(list_programs(cur, duration="long"))
    assert {"english-access", "english-language-fellow", "fulbright-garcia-robles-scholars"} == long


def test_filters_combine(cur: duckdb.DuckDBPyConnection) -> None:
    result = list_programs(cur, audience="students", direction="to_us", duration="short")
    assert _slugs(result) == {"susi", "jovenes-en-accion"}
    assert result.filters == {"audience": "students", "direction": "to_us", "duration": "short"}


def test_word_search_ignores_accents(cur: duckdb.DuckDBPyConnection) -> None:
    assert "jovenes-en-accion" in _slugs(list_programs(cur, q="jovenes en accion"))
    assert "fulbright-garcia-robles-mexican-grantees" in _slugs(list_programs(cur, q="GARCÍA"))


@pytest.mark.parametrize(
    "kwargs",
    [{"audience": "pilots"}, {"direction": "sideways"}, {"duration": "forever"}, {"age": 500}],
)
def test_bad_filters_are_invalid_input(cur: duckdb.DuckDBPyConnection, kwargs: dict) -> None:
    with pytest.raises(InvalidInput):
        list_programs(cur, **kwargs)


def test_one_program(cur: duckdb.DuckDBPyConnection) -> None:
    ylai = get_program(cur, "ylai").program
    assert ylai["program"].startswith("Young Leaders of the Americas")
    assert ylai["direction_code"] == "to_us"
    assert ylai["freshness"]["as_of"] == "2023-03-07"
    assert get_program(cur, "Jóvenes en Acción (Youth in Action)").program["slug"] == (
        "jovenes-en-accion"
    )


def test_unknown_program_suggests(cur: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(NotFound, match="did you mean susi"):
        get_program(cur, "susy")
