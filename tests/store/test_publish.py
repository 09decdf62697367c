"""Published snapshots: what a replica serves (and what it must never carry), the manifest's
checks, and the switch to a newer snapshot while reads are under way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from puente.ingest.registry import get_source
from puente.ingest.runner import ingest_source
from puente.sanctions.screener import screen_queries
from puente.store import Store
from puente.store import replica as replica_module
from puente.store.database import ReadOnlyStore
from puente.store.publish import SnapshotError, manifest_path, publish, verify
from puente.store.replica import SnapshotStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SDN = FIXTURES / "ofac-sdn"
SCREENED = "Zyxwvut Screenedname Private"


@pytest.fixture
def primary(store: Store) -> Store:
    ingest_source(store, get_source("ofac-sdn"), str(SDN / "full"))
    ingest_source(
        store, get_source("border-crossings"), str(FIXTURES / "border-crossings" / "crossings.csv")
    )
    return store


def _current(store: Store, dataset: str) -> int:
    with store.read() as cur:
        row = cur.execute(
            "SELECT current_version FROM datasets WHERE dataset = ?", [dataset]
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_snapshot_serves_the_data_and_carries_no_state(primary: Store, tmp_path: Path) -> None:
    screen_queries(primary, [{"name": SCREENED}], 0.8, actor="test", channel="api")
    with primary.read() as cur:
        assert cur.execute("SELECT count(*) FROM screening_audit").fetchone() == (1,)
    file, manifest = publish(primary, tmp_path / "snap.duckdb")

    assert manifest.versions["ofac-sdn"]["version"] == 1
    assert manifest.versions["border-crossings"]["rows"] > 0
    assert manifest == verify(file)
    on_disk = json.loads(manifest_path(file).read_text())
    assert on_disk["sha256"] == manifest.sha256
    assert on_disk["file"] == "snap.duckdb"

    served = SnapshotStore(file)
    try:
        with served.read() as cur:
            names = cur.execute("SELECT count(*) FROM sdn_names").fetchone()
            crossings = cur.execute("SELECT count(*) FROM border_crossings").fetchone()
            audit = cur.execute("SELECT count(*) FROM screening_audit").fetchone()
        with primary.read() as cur:
            assert names == cur.execute("SELECT count(*) FROM sdn_names").fetchone()
            assert crossings == cur.execute("SELECT count(*) FROM border_crossings").fetchone()
        assert audit == (0,)  # the state tables travel empty
    finally:
        served.close()
    # Not even in freed blocks: a screened name never reaches a public replica's disk.
    assert SCREENED.encode() not in file.read_bytes()


def test_partial_or_damaged_snapshots_are_refused_with_what_to_do(
    primary: Store, tmp_path: Path
) -> None:
    file, _ = publish(primary, tmp_path / "snap.duckdb")

    partial = tmp_path / "partial.duckdb"
    partial.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    shutil.copy(manifest_path(file), manifest_path(partial))
    with pytest.raises(SnapshotError, match="partial copy"):
        verify(partial)

    damaged = tmp_path / "damaged.duckdb"
    data = bytearray(file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    shutil.copy(manifest_path(file), manifest_path(damaged))
    with pytest.raises(SnapshotError, match="damaged or is not the one published"):
        SnapshotStore(damaged)

    bare = tmp_path / "bare.duckdb"
    shutil.copy(file, bare)
    with pytest.raises(SnapshotError, match="has no manifest"):
        SnapshotStore(bare)


def test_folder_switches_to_a_newer_snapshot_and_refuses_a_bad_one(
    primary: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(replica_module, "GRACE_SECONDS", 0.0)
    folder = tmp_path / "snapshots"
    folder.mkdir()
    first, _ = publish(primary, folder)
    served = SnapshotStore(folder)
    try:
        generation = served.data_generation
        assert _current(served, "ofac-sdn") == 1
        assert served.check_now() is False  # nothing new

        # A newer name whose bytes do not match its manifest: refused, the old one serves on.
        bad = folder / "puente-99990101T000000000000Z.duckdb"
        bad.write_bytes(b"not a database")
        manifest_path(bad).write_text(manifest_path(first).read_text())
        assert served.check_now() is False
        assert served.file == first
        assert _current(served, "ofac-sdn") == 1
        bad.unlink()
        manifest_path(bad).unlink()

        ingest_source(primary, get_source("ofac-sdn"), str(SDN / "later"))
        assert served.check_now() is False  # loaded on the primary, not yet published
        publish(primary, folder)
        with served.pinned():  # a request that began before the switch...
            assert served.check_now() is True
            assert served.data_generation == generation + 1
            assert _current(served, "ofac-sdn") == 1  # ...reads its own snapshot to the end
            assert served.open_snapshots == 2
        assert _current(served, "ofac-sdn") == 2  # the next one reads the new snapshot
        served._close_retired()
        assert served.open_snapshots == 1  # the old file is closed once nobody reads it
    finally:
        served.close()


def test_screening_on_a_snapshot_without_a_state_store_is_refused(
    primary: Store, tmp_path: Path
) -> None:
    from puente.config import Settings
    from puente.state import use_snapshot_state

    file, _ = publish(primary, tmp_path / "snap.duckdb")
    served = SnapshotStore(file)
    try:
        use_snapshot_state(served, Settings(db=tmp_path / "replica.duckdb"))
        with pytest.raises(ReadOnlyStore, match="PUENTE_STATE_URL") as refused:
            screen_queries(served, [{"name": "Guzman"}], 0.8, actor="test", channel="api")
        assert refused.value.status_code == 503
    finally:
        served.close()
