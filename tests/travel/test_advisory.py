"""The travel advisory: levels by state, one state's history, what changed."""

from __future__ import annotations

import duckdb
import pytest

from puente.errors import NotFound
from puente.travel.advisory import advisory_changes, advisory_levels, state_advisory
from puente.travel.places import UnknownPlace


def test_latest_levels(cur: duckdb.DuckDBPyConnection) -> None:
    result = advisory_levels(cur)
    assert result.advisory_date == "2025-08-12"
    assert result.previous_date == "2024-09"
    assert len(result.states) == 32
    by_name = {s["name"]: s for s in result.states}
    assert by_name["Sinaloa"]["level"] == 4
    assert by_name["Yucatán"]["level"] == 1
    assert by_name["Coahuila"]["previous_level"] == 2
    assert by_name["Coahuila"]["change"] == 1
    assert result.country_reasons == ["terrorism", "crime", "kidnapping"]
    counts = {n: v["states"] for n, v in result.levels.items()}
    assert sum(counts.values()) == 32
    assert counts["4"] == 6  # Colima, Guerrero, Michoacán, Sinaloa, Tamaulipas, Zacatecas


def test_an_older_advisory(cur: duckdb.DuckDBPyConnection) -> None:
    result = advisory_levels(cur, "2024-09")
    by_name = {s["name"]: s for s in result.states}
    assert by_name["Coahuila"]["level"] == 2
    assert by_name["Baja California"]["reasons"] == ["crime", "kidnapping"]
    assert by_name["Coahuila"]["previous_level"] is None  # nothing older in the data


def test_unknown_advisory_date(cur: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(NotFound, match="2024-09, 2025-08-12"):
        advisory_levels(cur, "2023-01")


def test_state_history_any_spelling(cur: duckdb.DuckDBPyConnection) -> None:
    for spelling in ("Sonora", "SONORA", "sonora", "MX-SON"):
        result = state_advisory(cur, spelling)
        assert result.state["name"] == "Sonora"
        assert [h["advisory_date"] for h in result.history] == ["2025-08-12", "2024-09"]
    assert result.current["level"] == 3
    assert result.current["reasons"] is None  # not confirmed, not "none"
    assert result.previous["reasons"] == ["crime", "kidnapping"]
    assert result.change == 0


def test_unknown_state_advisory(cur: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(UnknownPlace) as caught:
        state_advisory(cur, "Sonorah")
    assert caught.value.suggestions == ["Sonora"]


def test_changes_between_the_two_advisories(cur: duckdb.DuckDBPyConnection) -> None:
    result = advisory_changes(cur)
    assert (result.before, result.after) == ("2024-09", "2025-08-12")
    assert [(c["name"], c["before"], c["after"]) for c in result.level_changes] == [
        ("Coahuila", 2, 3)
    ]
    assert result.country["added"] == ["terrorism"]
    assert result.country["removed"] == []
    # 2025 per-state reasons are unknown: no state "lost" crime or kidnapping.
    assert result.reason_changes == []
    assert len(result.states_with_unknown_reasons) == 32
    assert result.unchanged == 31


def test_changes_need_an_earlier_advisory(cur: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(NotFound, match="no advisory before 2024-09"):
        advisory_changes(cur, after="2024-09")
    with pytest.raises(NotFound, match="no advisory dated '2023-01' in the data"):
        advisory_changes(cur, before="2023-01")


def test_two_advisories_named_are_compared_as_given(cur: duckdb.DuckDBPyConnection) -> None:
    backwards = advisory_changes(cur, before="2025-08-12", after="2024-09")
    assert (backwards.before, backwards.after) == ("2025-08-12", "2024-09")
    assert [(c["name"], c["before"], c["after"]) for c in backwards.level_changes] == [
        ("Coahuila", 3, 2)
    ]
    same = advisory_changes(cur, before="2024-09", after="2024-09")
    assert same.level_changes == []
    assert same.unchanged == 32


def test_facts_carry_their_dataset_version(cur: duckdb.DuckDBPyConnection) -> None:
    datasets = {d.dataset for d in advisory_levels(cur).datasets}
    assert datasets == {"mexico-travel-advisory", "mx-states"}
