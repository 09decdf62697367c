"""News items: the seed page's (project data, src/puente/highlights/data/items.csv) and items
generated from data changes between kept dataset versions:

- the SDN list: designations and removals tied to Mexico (a Kingpin Act or EO 14059 program, or
  an address in Mexico) between the two newest kept versions of ofac-sdn;
- the travel advisory: states whose level went up or down between the last two advisories;
- border crossings: the months a new version of border-crossings added.

Each item has an id, a date, a title, a summary, a link to the page that shows it, and the
dataset versions behind it. Newest first.
"""

from __future__ import annotations

import csv
import hashlib
from datetime import date
from importlib import resources
from typing import Any

import duckdb

from puente.errors import InvalidInput, NotFound
from puente.highlights.results import Highlights
from puente.sanctions.diff import diff_versions
from puente.sanctions.entities import DATASET as SDN_DATASET
from puente.sanctions.results import SanctionsDiffEntry
from puente.store.catalog import DatasetVersion, current_version, list_versions
from puente.travel.advisory import ADVISORY_DATASET, FEED_DATASET, advisory_changes

BORDER_DATASET = "border-crossings"
STATES_DATASET = "mx-states"  # the advisory names states through it
MEXICO_PROGRAMS = frozenset({"SDNTK", "ILLICIT-DRUGS-EO14059"})
_ITEMS_FILE = "items.csv"
Item = dict[str, Any]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


# The generated sentences, English with named placeholders; puente.web.locale.vocabulary marks
# each for the catalog (a test checks that the two lists agree).
SDN_ADDED_ONE = "%(num)s Mexico-tied entry designated"
SDN_ADDED_MANY = "%(num)s Mexico-tied entries designated"
SDN_REMOVED_ONE = "%(num)s Mexico-tied entry removed from the SDN list"
SDN_REMOVED_MANY = "%(num)s Mexico-tied entries removed from the SDN list"
SDN_SUMMARY = "Between SDN list versions %(old)s and %(new)s: %(names)s (%(programs)s)."
SDN_SUMMARY_MORE = (
    "Between SDN list versions %(old)s and %(new)s: %(names)s and %(more)s more (%(programs)s)."
)
ADVISORY_TITLE_ONE = "Travel advisory: %(num)s state level changed"
ADVISORY_TITLE_MANY = "Travel advisory: %(num)s state levels changed"
ADVISORY_RAISED = (
    "Between the advisories of %(before)s and %(after)s the level was raised for %(up)s."
)
ADVISORY_LOWERED = (
    "Between the advisories of %(before)s and %(after)s the level was lowered for %(down)s."
)
ADVISORY_BOTH = (
    "Between the advisories of %(before)s and %(after)s the level was raised for %(up)s; "
    "lowered for %(down)s."
)
BORDER_TITLE_ONE = "Border crossings: %(num)s new month loaded"
BORDER_TITLE_MANY = "Border crossings: %(num)s new months loaded"
BORDER_TITLE_THROUGH = "Border crossings through %(month)s"
BORDER_SUMMARY = "Monthly inbound crossings at the U.S.–Mexico ports now run through %(month)s."
BORDER_SUMMARY_NEW = (
    "Monthly inbound crossings at the U.S.–Mexico ports now run through %(month)s "
    "(new: %(months)s)."
)
MESSAGES = (
    SDN_ADDED_ONE,
    SDN_ADDED_MANY,
    SDN_REMOVED_ONE,
    SDN_REMOVED_MANY,
    SDN_SUMMARY,
    SDN_SUMMARY_MORE,
    ADVISORY_TITLE_ONE,
    ADVISORY_TITLE_MANY,
    ADVISORY_RAISED,
    ADVISORY_LOWERED,
    ADVISORY_BOTH,
    BORDER_TITLE_ONE,
    BORDER_TITLE_MANY,
    BORDER_TITLE_THROUGH,
    BORDER_SUMMARY,
    BORDER_SUMMARY_NEW,
)


def seed_items() -> list[Item]:
    """The news items of the seed page, with their source."""
    text = resources.files("puente.highlights").joinpath("data", _ITEMS_FILE).read_text("utf-8")
    items: list[Item] = []
    for number, row in enumerate(csv.DictReader(text.splitlines()), start=1):
        items.append(
            {
                "id": f"news-{number}",
                "uid": "news/" + _digest(row["date"], row["link"], row["title"]),
                "kind": "news",
                "date": date.fromisoformat(row["date"]).isoformat(),
                "date_note": row["date_note"] or None,
                "title": row["title"],
                "summary": row["summary"],
                "link": row["link"],
                "source": row["source"],
                "datasets": [],
            }
        )
    return items


def _two_newest(cur: duckdb.DuckDBPyConnection, dataset: str) -> list[DatasetVersion]:
    return list_versions(cur, dataset)[:2] if current_version(cur, dataset) else []


def _mexico_tied(
    cur: duckdb.DuckDBPyConnection, version: int, entries: list[SanctionsDiffEntry]
) -> list[SanctionsDiffEntry]:
    if not entries:
        return []
    ids = [e.entity_id for e in entries]
    in_mexico = {
        r[0]
        for r in cur.execute(
            f"SELECT DISTINCT entity_id FROM sdn_addresses__v{version} "
            f"WHERE country = 'Mexico' AND entity_id IN ({', '.join('?' for _ in ids)})",
            ids,
        ).fetchall()
    }
    return [e for e in entries if MEXICO_PROGRAMS & set(e.programs) or e.entity_id in in_mexico]


def _said(message: str, **values: Any) -> dict[str, Any]:
    """A generated sentence as its message (English, with named placeholders) and values, so a
    page writes it in its own language through the catalog (puente.web.locale.vocabulary lists
    every message). `text` is the English sentence, as the feed and the API give it."""
    return {"message": message, "values": values, "text": message % values}


def _one_or_many(n: int, one: str, many: str, **values: Any) -> dict[str, Any]:
    return _said(one if n == 1 else many, num=n, **values)


def sanctions_items(cur: duckdb.DuckDBPyConnection) -> list[Item]:
    """Mexico-tied designations and removals between the two newest SDN versions."""
    versions = _two_newest(cur, SDN_DATASET)
    if len(versions) < 2:
        return []
    newer, older = versions
    diff = diff_versions(cur, older.version, newer.version)
    refs = [older.ref.as_dict(), newer.ref.as_dict()]
    day = newer.loaded_at.date().isoformat()
    link = f"/sanctions/diff?old={older.version}&new={newer.version}"
    items = []
    for kind, entries, version, one, many in (
        ("added", diff.added, newer.version, SDN_ADDED_ONE, SDN_ADDED_MANY),
        ("removed", diff.removed, older.version, SDN_REMOVED_ONE, SDN_REMOVED_MANY),
    ):
        tied = _mexico_tied(cur, version, entries)
        if not tied:
            continue
        title = _one_or_many(len(tied), one, many)
        values = {
            "old": older.version,
            "new": newer.version,
            "names": ", ".join(e.name for e in tied[:5]),
            "programs": ", ".join(sorted({p for e in tied for p in e.programs})),
        }
        summary = (
            _said(SDN_SUMMARY_MORE, more=len(tied) - 5, **values)
            if len(tied) > 5
            else _said(SDN_SUMMARY, **values)
        )
        items.append(
            {
                "id": f"sdn-{older.version}-{newer.version}-{kind}",
                "uid": f"sdn/{older.sha256[:16]}-{newer.sha256[:16]}/{kind}",
                "kind": "data",
                "date": day,
                "date_note": "the day the newer list version was loaded",
                "title": title["text"],
                "summary": summary["text"],
                "said": {"title": title, "summary": summary},
                "link": link,
                "source": newer.source,
                "datasets": refs,
                "entries": tied,
            }
        )
    return items


def advisory_items(cur: duckdb.DuckDBPyConnection) -> list[Item]:
    """States whose travel advisory level changed between the last two advisories."""
    # State's feed, when loaded, holds the newest advisory; its provenance is the publisher's.
    version = current_version(cur, FEED_DATASET) or current_version(cur, ADVISORY_DATASET)
    if version is None or current_version(cur, STATES_DATASET) is None:
        return []
    try:
        changes = advisory_changes(cur)
    except (InvalidInput, NotFound):  # only one advisory in the data
        return []
    moved = changes.level_changes
    if not moved:
        return []
    up = ", ".join(f"{c['name']} ({c['before']}→{c['after']})" for c in moved if c["change"] > 0)
    down = ", ".join(f"{c['name']} ({c['before']}→{c['after']})" for c in moved if c["change"] < 0)
    dates = {"before": changes.before, "after": changes.after}
    summary = (
        _said(ADVISORY_BOTH, up=up, down=down, **dates)
        if up and down
        else _said(ADVISORY_RAISED, up=up, **dates)
        if up
        else _said(ADVISORY_LOWERED, down=down, **dates)
    )
    title = _one_or_many(len(moved), ADVISORY_TITLE_ONE, ADVISORY_TITLE_MANY)
    return [
        {
            "id": f"advisory-{changes.before}-{changes.after}",
            "uid": f"advisory/{changes.before}/{changes.after}",
            "kind": "data",
            "date": str(changes.after),
            "date_note": "the date of the newer advisory",
            "title": title["text"],
            "summary": summary["text"],
            "said": {"title": title, "summary": summary},
            "link": "/travel",
            "source": version.source,
            "datasets": changes.as_json()["datasets"],
        }
    ]


def _months(cur: duckdb.DuckDBPyConnection, version: int) -> set[str]:
    rows = cur.execute(
        f"SELECT DISTINCT strftime(period, '%Y-%m') FROM border_crossings__v{version}"
    ).fetchall()
    return {r[0] for r in rows}


def border_items(cur: duckdb.DuckDBPyConnection) -> list[Item]:
    """The months of crossings the newest version of border-crossings added (or, with one
    version, the month the data now reaches)."""
    versions = _two_newest(cur, BORDER_DATASET)
    if not versions:
        return []
    newer = versions[0]
    months = _months(cur, newer.version)
    new = sorted(months - _months(cur, versions[1].version)) if len(versions) > 1 else []
    if len(versions) > 1 and not new:
        return []
    shown = new or [max(months)]
    refs = [v.ref.as_dict() for v in versions]
    title = (
        _one_or_many(len(new), BORDER_TITLE_ONE, BORDER_TITLE_MANY)
        if new
        else _said(BORDER_TITLE_THROUGH, month=shown[-1])
    )
    summary = (
        _said(BORDER_SUMMARY_NEW, month=shown[-1], months=", ".join(new))
        if new
        else _said(BORDER_SUMMARY, month=shown[-1])
    )
    return [
        {
            "id": f"border-{newer.version}-{shown[-1]}",
            "uid": f"border/{newer.sha256[:16]}/{shown[-1]}",
            "kind": "data",
            "date": newer.loaded_at.date().isoformat(),
            "date_note": "the day the version was loaded",
            "title": title["text"],
            "summary": summary["text"],
            "said": {"title": title, "summary": summary},
            "link": "/border",
            "source": newer.source,
            "datasets": refs,
        }
    ]


def list_highlights(cur: duckdb.DuckDBPyConnection, limit: int = 50) -> Highlights:
    """Every highlight, newest first: generated from the data, then the seed's news items."""
    items = [*sanctions_items(cur), *advisory_items(cur), *border_items(cur), *seed_items()]
    items.sort(key=lambda i: i["date"], reverse=True)
    items = items[:limit]
    updated = items[0]["date"] if items else None
    return Highlights(updated=updated, items=items)
