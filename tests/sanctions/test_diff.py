"""Differences between two versions of the list."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.errors import InvalidInput, NotFound
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.sanctions.diff import diff_versions
from puente.store import Store


def _load(store: Store, folder: Path) -> None:
    ingest_source(store, get_source("ofac-sdn"), origin=str(folder))


def test_added_removed_and_changed(store: Store, sdn_fixtures: Path) -> None:
    _load(store, sdn_fixtures / "full")
    _load(store, sdn_fixtures / "later")
    with store.read() as cur:
        diff = diff_versions(cur)
    assert (diff.old.version, diff.new.version) == (1, 2)
    assert diff.summary.as_json() == {"added": 1, "removed": 1, "changed": 2}
    assert [a.name for a in diff.added] == ["LOS CHAPITOS"]
    assert [r.entity_id for r in diff.removed] == [7004]
    changed = {c.entity_id: c.changes for c in diff.changed}
    assert changed[6861]["programs"] == {"added": ["ILLICIT-DRUGS-EO14059"], "removed": []}
    assert changed[6861]["aliases"] == {"added": ["GUZMAN, Archivaldo"], "removed": []}
    assert changed[6861]["remarks"] == {"dob": {"added": [], "removed": ["alt. 1954"]}}
    assert changed[7000]["addresses"] == {
        "added": ["Calle Verdadera 456, Culiacan, Sinaloa, Mexico"],
        "removed": ["Calle Falsa 123, Culiacan, Sinaloa, Mexico"],
    }


def test_explicit_versions_and_reverse_direction(store: Store, sdn_fixtures: Path) -> None:
    _load(store, sdn_fixtures / "full")
    _load(store, sdn_fixtures / "later")
    with store.read() as cur:
        diff = diff_versions(cur, old=2, new=1)
    assert [a.entity_id for a in diff.added] == [7004]
    assert [r.entity_id for r in diff.removed] == [7007]


def test_facets_missing_on_one_side_are_not_reported(store: Store, sdn_fixtures: Path) -> None:
    _load(store, sdn_fixtures / "full")
    _load(store, sdn_fixtures / "sdn_only")
    with store.read() as cur:
        diff = diff_versions(cur)
    assert diff.compared["addresses"] is False
    assert diff.compared["aliases"] is False
    assert diff.summary.as_json() == {"added": 0, "removed": 0, "changed": 0}


def test_one_version_only(loaded: Store) -> None:
    with loaded.read() as cur, pytest.raises(InvalidInput, match="no kept version before"):
        diff_versions(cur)
    with loaded.read() as cur, pytest.raises(NotFound):
        diff_versions(cur, old=7)
