"""Whether a reference fact is still fresh: its as-of date against settings.stale_days."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from puente.config import get_settings


def stale_limit(stale_days: int | None = None) -> int:
    """How many days a fact stays fresh: the caller's choice, else PUENTE_STALE_DAYS."""
    return stale_days if stale_days is not None else get_settings().stale_days


def period_end(as_of: str) -> date:
    """The last day an as-of date can mean: 2024 -> 2024-12-31, 2024-09 -> 2024-09-30.

    A fact dated only by its month or year is given the benefit of the doubt."""
    parts = [int(p) for p in as_of.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], parts[1], parts[2])


def freshness(as_of: str | None, stale_days: int, today: date | None = None) -> dict[str, Any]:
    """{"as_of", "status" (current | stale | undated), "age_days", "stale_days"}.

    An empty as-of date is unknown, not fresh: it is reported as "undated"."""
    today = today or date.today()
    if not as_of:
        return {"as_of": None, "status": "undated", "age_days": None, "stale_days": stale_days}
    age = (today - period_end(as_of)).days
    status = "stale" if age > stale_days else "current"
    return {"as_of": as_of, "status": status, "age_days": max(age, 0), "stale_days": stale_days}


def summarize(items: list[dict[str, Any]]) -> dict[str, int]:
    """How many facts in a list are current, stale or undated (their "freshness" key)."""
    counts = {"current": 0, "stale": 0, "undated": 0}
    for item in items:
        counts[item["freshness"]["status"]] += 1
    return counts
