"""The State Department travel advisory for Mexico, state by state: levels 1-4, risk
indicators, and what changed between two advisories.

Empty reasons are unknown (the 2025 per-state reasons were not confirmed), never "no risk":
a change from "crime" to unknown is not reported as a risk removed.
"""

from __future__ import annotations

from typing import Any

import duckdb

from puente.errors import NotFound
from puente.freshness import freshness, stale_limit
from puente.store import snapshot
from puente.travel.places import resolve_state, state_version
from puente.travel.results import TravelAdvisory, TravelChanges, TravelStateAdvisory
from puente.travel.sources import LEVELS

ADVISORY_DATASET = "mexico-travel-advisory"
FEED_DATASET = "state-travel-advisories"
"""State's RSS feed (puente.travel.feed): its Mexico advisory is one more advisory date, and for
a date both hold, the feed's rows (the publisher's own) replace the project table's."""
_COLUMNS = (
    "state_code, advisory_date, level, level_label, reasons, country_level, country_reasons, "
    "notes, source, as_of"
)
LEVEL_COLORS: dict[int, str] = {1: "#1c5d99", 2: "#f2c12e", 3: "#e8590c", 4: "#c92a2a"}
"""The State Department's scheme for advisory levels: blue, yellow, orange, red."""


def _split(text: str | None) -> list[str] | None:
    """'crime; kidnapping' -> ['crime', 'kidnapping']; empty -> None (unknown)."""
    if not text:
        return None
    return [p.strip() for p in text.split(";") if p.strip()]


def _advisories(cur: duckdb.DuckDBPyConnection) -> str:
    """The relation of every advisory row: the project table, the feed's, or both."""
    table = snapshot.current(cur, ADVISORY_DATASET) is not None
    feed = snapshot.current(cur, FEED_DATASET) is not None
    if not table and not feed:
        snapshot.require(cur, ADVISORY_DATASET)
    if not feed:
        return "travel_advisory"
    if not table:
        return "travel_advisory_feed_states"
    return (
        f"(SELECT {_COLUMNS} FROM travel_advisory WHERE advisory_date NOT IN "
        f"(SELECT advisory_date FROM travel_advisory_feed_states) "
        f"UNION ALL SELECT {_COLUMNS} FROM travel_advisory_feed_states)"
    )


def _versions(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The advisory datasets in force (the project table and/or State's feed)."""
    found = [snapshot.current(cur, name) for name in (ADVISORY_DATASET, FEED_DATASET)]
    return [v.ref.as_dict() for v in found if v is not None]


def advisory_dates(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """Every advisory in the data, oldest first."""
    source = _advisories(cur)
    return snapshot.memo(
        cur,
        "advisory_dates",
        lambda: [
            r[0]
            for r in cur.execute(
                f"SELECT DISTINCT advisory_date FROM {source} AS a ORDER BY advisory_date"
            ).fetchall()
        ],
    )


def _check_date(dates: list[str], wanted: str | None) -> str:
    if wanted is None:
        return dates[-1]
    if wanted not in dates:
        raise NotFound(f"no advisory dated {wanted!r} in the data; it has {', '.join(dates)}")
    return wanted


def _rows(cur: duckdb.DuckDBPyConnection, date: str, stale_days: int) -> list[dict[str, Any]]:
    """Every state's row of one advisory (fresh dicts: callers may add keys)."""
    rows = snapshot.memo(cur, ("advisory", date), lambda: _read_rows(cur, date))
    return [
        {
            "code": r[0],
            "name": r[1],
            "slug": r[2],
            "level": r[3],
            "level_label": r[4],
            "reasons": _split(r[5]),
            "country_level": r[6],
            "country_reasons": _split(r[7]),
            "notes": r[8],
            "source": r[9],
            "advisory_date": date,
            "freshness": freshness(r[10], stale_days),
        }
        for r in rows
    ]


def _read_rows(cur: duckdb.DuckDBPyConnection, date: str) -> list[tuple[Any, ...]]:
    return cur.execute(
        "SELECT a.state_code, s.name, s.slug, a.level, a.level_label, a.reasons, "
        "a.country_level, a.country_reasons, a.notes, a.source, a.as_of "
        f"FROM {_advisories(cur)} a JOIN mx_states s ON s.code = a.state_code "
        "WHERE a.advisory_date = ? ORDER BY s.name",
        [date],
    ).fetchall()


@snapshot.one_read
def advisory_levels(
    cur: duckdb.DuckDBPyConnection, date: str | None = None, stale_days: int | None = None
) -> TravelAdvisory:
    """Every state's level in one advisory (the latest by default), with the level it had in
    the advisory before."""
    stale = stale_limit(stale_days)
    dates = advisory_dates(cur)
    chosen = _check_date(dates, date)
    states = _rows(cur, chosen, stale)
    earlier = [d for d in dates if d < chosen]
    before = {s["code"]: s for s in _rows(cur, earlier[-1], stale)} if earlier else {}
    for state in states:
        prior = before.get(state["code"])
        state["previous_level"] = prior["level"] if prior else None
        state["change"] = (state["level"] - prior["level"]) if prior else None
    first = states[0] if states else {}
    counts = {level: sum(1 for s in states if s["level"] == level) for level in LEVELS}
    return TravelAdvisory(
        advisory_date=chosen,
        previous_date=earlier[-1] if earlier else None,
        dates=dates,
        country_level=first.get("country_level"),
        country_reasons=first.get("country_reasons"),
        levels={
            str(n): {"label": label, "color": LEVEL_COLORS[n], "states": counts[n]}
            for n, label in LEVELS.items()
        },
        freshness=first.get("freshness"),
        states=states,
        datasets=[*_versions(cur), state_version(cur)],
    )


@snapshot.one_read
def state_advisory(
    cur: duckdb.DuckDBPyConnection, state: str, stale_days: int | None = None
) -> TravelStateAdvisory:
    """One state's level and risk indicators in every advisory, newest first."""
    stale = stale_limit(stale_days)
    found = resolve_state(cur, state)
    history = []
    for date in reversed(advisory_dates(cur)):
        history += [r for r in _rows(cur, date, stale) if r["code"] == found.code]
    current = history[0] if history else None
    previous = history[1] if len(history) > 1 else None
    return TravelStateAdvisory(
        state=found.as_dict(),
        current=current,
        previous=previous,
        change=(current["level"] - previous["level"]) if current and previous else None,
        history=history,
        datasets=[*_versions(cur), state_version(cur)],
    )


def _reason_change(old: list[str] | None, new: list[str] | None) -> dict[str, Any]:
    if old is None or new is None:
        return {"added": [], "removed": [], "comparable": False}
    return {
        "added": [r for r in new if r not in old],
        "removed": [r for r in old if r not in new],
        "comparable": True,
    }


@snapshot.one_read
def advisory_changes(
    cur: duckdb.DuckDBPyConnection, before: str | None = None, after: str | None = None
) -> TravelChanges:
    """What changed between two advisories (by default the last two, or `after` and the one
    before it): states whose level went up or down, risk indicators added or removed, and the
    country-wide change. Two advisories named are compared as given, `before` to `after`,
    whichever is the older (the same one twice: no change). An advisory the data does not
    hold, or no earlier one to compare with, is a NotFound."""
    dates = advisory_dates(cur)
    new_date = _check_date(dates, after)
    earlier = [d for d in dates if d < new_date]
    if before is None and not earlier:
        raise NotFound(f"no advisory before {new_date} in the data; nothing to compare")
    old_date = _check_date(dates, before) if before else earlier[-1]
    stale = stale_limit()
    old = {r["code"]: r for r in _rows(cur, old_date, stale)}
    new = {r["code"]: r for r in _rows(cur, new_date, stale)}
    changes, reasons = [], []
    for code, row in new.items():
        prior = old.get(code)
        if prior is None:
            continue
        entry = {
            "code": code,
            "name": row["name"],
            "slug": row["slug"],
            "before": prior["level"],
            "after": row["level"],
            "change": row["level"] - prior["level"],
        }
        if entry["change"]:
            changes.append(entry)
        delta = _reason_change(prior["reasons"], row["reasons"])
        if delta["added"] or delta["removed"]:
            reasons.append({"code": code, "name": row["name"], **delta})
    changes.sort(key=lambda c: (-c["change"], c["name"]))
    some_old = next(iter(old.values()), None)
    some_new = next(iter(new.values()), None)
    country = {
        "before": some_old["country_level"] if some_old else None,
        "after": some_new["country_level"] if some_new else None,
        **_reason_change(
            some_old["country_reasons"] if some_old else None,
            some_new["country_reasons"] if some_new else None,
        ),
    }
    unknown = sorted(r["name"] for r in new.values() if r["reasons"] is None)
    return TravelChanges(
        before=old_date,
        after=new_date,
        level_changes=changes,
        reason_changes=reasons,
        country=country,
        states_with_unknown_reasons=unknown,
        unchanged=len(new) - len(changes),
        datasets=[*_versions(cur), state_version(cur)],
    )
