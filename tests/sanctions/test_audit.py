"""The append-only screening audit log."""

from __future__ import annotations

import json
import threading

import pytest

from puente.errors import InvalidInput
from puente.sanctions.audit import (
    AuditEntry,
    actor_for_cli,
    actor_for_key,
    export_audit,
    record_screening,
    verify_chain,
)
from puente.store import Store


def _entry(name: str = "Joaquín Guzmán", matched: bool = True) -> AuditEntry:
    return AuditEntry(
        actor=actor_for_key("secret-key"),
        channel="api",
        threshold=0.8,
        queries=[{"name": name, "country": "MX"}],
        results=[{"matches": [{"entity_id": "6861", "score": 0.93, "match": matched}]}],
        list_version=3,
        list_sha256="abc",
    )


def test_rows_are_appended_and_exported_as_jsonl_and_csv(store: Store) -> None:
    first = record_screening(store, _entry())
    second = record_screening(store, _entry("Ana Pérez", matched=False))
    assert second == first + 1
    with store.read() as cur:
        lines = list(export_audit(cur, "jsonl"))
        csv_text = "".join(export_audit(cur, "csv"))
    rows = [json.loads(line) for line in lines]
    assert [r["queries"][0]["name"] for r in rows] == ["Joaquín Guzmán", "Ana Pérez"]
    assert [r["match_count"] for r in rows] == [1, 0]
    assert rows[0]["list_version"] == 3
    assert rows[0]["threshold"] == 0.8
    assert rows[1]["prev_hash"] == rows[0]["hash"]
    assert csv_text.splitlines()[0].startswith("id,screened_at,actor,channel")
    assert "Ana Pérez" in csv_text


def test_api_keys_are_fingerprinted_never_stored(store: Store) -> None:
    record_screening(store, _entry())
    with store.read() as cur:
        dump = "".join(export_audit(cur, "jsonl"))
    assert "secret-key" not in dump
    assert actor_for_key("secret-key").startswith("key:")
    assert actor_for_key(None, "127.0.0.1") == "anonymous@127.0.0.1"
    assert actor_for_cli().startswith("user:")


def test_an_edited_row_breaks_the_chain(store: Store) -> None:
    for _ in range(3):
        record_screening(store, _entry())
    with store.read() as cur:
        assert verify_chain(cur) == {"ok": True, "rows": 3, "first_bad_id": None}
    store.cursor().execute("UPDATE screening_audit SET threshold = 0.1 WHERE id = 2")
    with store.read() as cur:
        assert verify_chain(cur) == {"ok": False, "rows": 1, "first_bad_id": 2}


def test_writes_do_not_wait_for_a_running_ingest(tmp_path) -> None:
    from puente.store import open_store

    store = open_store(tmp_path / "db.duckdb")  # a file: the ingest and the audit overlap
    holding = threading.Event()
    release = threading.Event()

    def long_load() -> None:
        with store.write() as cur:
            cur.execute("CREATE TABLE big AS SELECT range AS x FROM range(200000)")
            holding.set()
            release.wait(30)  # the load stays open until the audit write is done

    loader = threading.Thread(target=long_load)
    loader.start()
    assert holding.wait(10)
    record_screening(store, _entry())
    # the audit row was written while the load's transaction was still open
    assert loader.is_alive()
    release.set()
    loader.join()
    with store.read() as cur:
        assert verify_chain(cur)["rows"] == 1
    store.close()


def test_unknown_export_format(store: Store) -> None:
    with store.read() as cur, pytest.raises(InvalidInput, match="csv or jsonl"):
        list(export_audit(cur, "xml"))


def test_concurrent_screenings_share_commits_and_keep_the_chain(tmp_path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from puente.store import open_store

    store = open_store(tmp_path / "db.duckdb")

    def screen_many(worker: int) -> list[int]:
        return [record_screening(store, _entry(f"name {worker}-{i}")) for i in range(15)]

    with ThreadPoolExecutor(8) as pool:
        ids = [i for batch in pool.map(screen_many, range(8)) for i in batch]
    assert sorted(ids) == list(range(1, 121))
    with store.read() as cur:
        assert verify_chain(cur) == {"ok": True, "rows": 120, "first_bad_id": None}
        names = {json.loads(line)["queries"][0]["name"] for line in export_audit(cur, "jsonl")}
    assert len(names) == 120
    store.close()
