"""Stale facts are flagged; undated facts are unknown, not fresh."""

from __future__ import annotations

from datetime import date

import pytest

from puente.freshness import freshness, period_end

CASES = [
    ("2024", date(2024, 12, 31)),
    ("2024-02", date(2024, 2, 29)),
    ("2025-08-12", date(2025, 8, 12)),
]


@pytest.mark.parametrize(("as_of", "end"), CASES)
def test_period_end(as_of: str, end: date) -> None:
    assert period_end(as_of) == end


def test_stale_current_and_undated() -> None:
    today = date(2026, 11, 25)
    assert freshness("2025-08-12", 365, today)["status"] == "stale"
    assert freshness("2025-12-01", 365, today)["status"] == "current"
    assert freshness("2025-08-12", 1000, today)["status"] == "current"
    undated = freshness(None, 365, today)
    assert undated["status"] == "undated"
    assert undated["age_days"] is None
    # A month-precise date counts from the month's end.
    assert freshness("2025-11", 365, today)["age_days"] == 360


def test_stale_days_comes_from_settings(cur, monkeypatch: pytest.MonkeyPatch) -> None:
    from puente.config import get_settings
    from puente.travel.advisory import advisory_levels

    monkeypatch.setenv("PUENTE_STALE_DAYS", "100000")
    get_settings.cache_clear()
    try:
        assert advisory_levels(cur).freshness["status"] == "current"
    finally:
        get_settings.cache_clear()
    monkeypatch.setenv("PUENTE_STALE_DAYS", "30")
    try:
        assert advisory_levels(cur).freshness["status"] == "stale"
    finally:
        get_settings.cache_clear()
