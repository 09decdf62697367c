"""What changed between two versions of the SDN list: entries added, removed, and changed
(name, type, programs, aliases, addresses, Remarks fields).

A facet is compared only when both versions have it: a snapshot with only sdn.csv has no
addresses, and the derived ofac-sdn.csv has no Remarks, so comparing them would report every
address or birth date as removed. The answer says which facets were compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from puente.errors import InvalidInput
from puente.sanctions.entities import DATASET
from puente.sanctions.results import (
    SanctionsChange,
    SanctionsDiff,
    SanctionsDiffEntry,
    SanctionsDiffSummary,
)
from puente.store.catalog import DatasetVersion, get_version, list_versions, require_current
from puente.store.memo import by_version

FACETS = ("aliases", "addresses", "remarks")


@dataclass(slots=True)
class _Snapshot:
    name: str
    entity_type: str
    programs: set[str]
    aliases: set[str] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)
    remarks: dict[str, set[str]] = field(default_factory=dict)


def _facets(version: DatasetVersion) -> dict[str, bool]:
    lacks = " ".join(version.stats.get("lacks", []))
    if version.dataset != DATASET:
        # Other lists (puente.sanctions.lists) say "aliases (no ...)"/"addresses (no ...)".
        return {
            "aliases": "aliases (no" not in lacks,
            "addresses": "addresses (no" not in lacks,
            "remarks": True,
        }
    return {
        "aliases": "no alt.csv" not in lacks,
        "addresses": "no add.csv" not in lacks,
        "remarks": version.stats.get("format") == "legacy",
    }


def _load(cur: duckdb.DuckDBPyConnection, number: int, prefix: str = "sdn") -> dict[int, _Snapshot]:
    suffix = f"__v{number}"
    snaps = {
        row[0]: _Snapshot(row[1], row[2], set(row[3] or ()))
        for row in cur.execute(
            f"SELECT entity_id, name, entity_type, programs FROM {prefix}_entities{suffix}"
        ).fetchall()
    }
    for entity_id, name in cur.execute(
        f"SELECT entity_id, name FROM {prefix}_names{suffix} WHERE kind IN ('aka', 'fka', 'nka')"
    ).fetchall():
        snaps[entity_id].aliases.add(name)
    for entity_id, address, city, country in cur.execute(
        f"SELECT entity_id, address, city, country FROM {prefix}_addresses{suffix}"
    ).fetchall():
        text = ", ".join(p for p in (address, city, country) if p)
        if text:
            snaps[entity_id].addresses.add(text)
    for entity_id, name, value in cur.execute(
        f"SELECT entity_id, field, CASE WHEN alt THEN 'alt. ' ELSE '' END || value "
        f"FROM {prefix}_remarks{suffix}"
    ).fetchall():
        snaps[entity_id].remarks.setdefault(name, set()).add(value)
    return snaps


def _set_change(old: set[str], new: set[str]) -> dict[str, list[str]] | None:
    if old == new:
        return None
    return {"added": sorted(new - old), "removed": sorted(old - new)}


def _cut_remarks(older: DatasetVersion, newer: DatasetVersion) -> set[int]:
    """Entries whose Remarks only one side has in full (the other lacks sdn_comments.csv)."""
    old_ids = older.stats.get("remarks_continued")
    new_ids = newer.stats.get("remarks_continued")
    if (old_ids is None) == (new_ids is None):
        return set()
    return set(old_ids or new_ids or [])


def _changes(old: _Snapshot, new: _Snapshot, facets: dict[str, bool]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if old.name != new.name:
        changes["name"] = {"old": old.name, "new": new.name}
    if old.entity_type != new.entity_type:
        changes["entity_type"] = {"old": old.entity_type, "new": new.entity_type}
    for facet in ("programs", "aliases", "addresses"):
        if facet != "programs" and not facets[facet]:
            continue
        change = _set_change(getattr(old, facet), getattr(new, facet))
        if change:
            changes[facet] = change
    if facets["remarks"]:
        fields = {}
        for name in sorted(set(old.remarks) | set(new.remarks)):
            change = _set_change(old.remarks.get(name, set()), new.remarks.get(name, set()))
            if change:
                fields[name] = change
        if fields:
            changes["remarks"] = fields
    return changes


def _pick(
    cur: duckdb.DuckDBPyConnection, old: int | None, new: int | None, dataset: str = DATASET
) -> tuple[DatasetVersion, DatasetVersion]:
    newer = get_version(cur, dataset, new) if new else require_current(cur, dataset)
    if old:
        older = get_version(cur, dataset, old)
    else:
        before = [v for v in list_versions(cur, dataset) if v.version < newer.version]
        if not before:
            raise InvalidInput(
                f"the list {dataset} has no kept version before version {newer.version}; "
                "load another snapshot to compare"
            )
        older = before[0]
    return older, newer


@by_version(DATASET)
def diff_versions(
    cur: duckdb.DuckDBPyConnection, old: int | None = None, new: int | None = None
) -> SanctionsDiff:
    """Compare two kept versions; by default the one in force and the one before it."""
    return compare_versions(cur, DATASET, "sdn", old, new)


def compare_versions(
    cur: duckdb.DuckDBPyConnection,
    dataset: str,
    prefix: str,
    old: int | None = None,
    new: int | None = None,
) -> SanctionsDiff:
    """diff_versions for any list stored in the SDN list's model (tables `<prefix>_*`)."""
    older, newer = _pick(cur, old, new, dataset)
    before, after = _load(cur, older.version, prefix), _load(cur, newer.version, prefix)
    old_facets, new_facets = _facets(older), _facets(newer)
    facets = {f: old_facets[f] and new_facets[f] for f in FACETS}
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = []
    cut = _cut_remarks(older, newer) if facets["remarks"] else set()
    for entity_id in sorted(set(before) & set(after)):
        own = facets | {"remarks": False} if entity_id in cut else facets
        changes = _changes(before[entity_id], after[entity_id], own)
        if changes:
            changed.append(
                SanctionsChange(entity_id=entity_id, name=after[entity_id].name, changes=changes)
            )

    def brief(snaps: dict[int, _Snapshot], entity_id: int) -> SanctionsDiffEntry:
        snap = snaps[entity_id]
        return SanctionsDiffEntry(
            entity_id=entity_id,
            name=snap.name,
            entity_type=snap.entity_type,
            programs=sorted(snap.programs),
        )

    return SanctionsDiff(
        old=older.ref.as_dict(),
        new=newer.ref.as_dict(),
        compared={"name": True, "entity_type": True, "programs": True, **facets},
        summary=SanctionsDiffSummary(added=len(added), removed=len(removed), changed=len(changed)),
        added=[brief(after, i) for i in added],
        removed=[brief(before, i) for i in removed],
        changed=changed,
    )
