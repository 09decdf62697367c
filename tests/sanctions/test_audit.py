"""The append-only screening audit log and its keyed chain: each tampering an attacker with
write access to the database (but not the secret) could try is caught."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

import pytest

from puente.errors import ConfigError, InvalidInput
from puente.sanctions.audit import AuditEntry, actor_for_cli, export_audit, record_screening
from puente.sanctions.auditchain import (
    legacy_digest,
    make_checkpoint,
    record_checkpoint,
    row_digest,
    verify_chain,
)
from puente.state import AuditRow, ServerSecret, open_state, state_for, use_state
from puente.state.base import AUDIT_COLUMNS
from puente.state.postgres import PostgresStateStore
from puente.store import Store, open_store


@pytest.fixture
def store(store: Store, state_url: str | None) -> Store:
    """The tests below run on the embedded state store and on PostgreSQL."""
    if state_url is not None:
        use_state(store, open_state(store, url=state_url))
    return store


def _entry(name: str = "Joaquín Guzmán", matched: bool = True) -> AuditEntry:
    return AuditEntry(
        actor="key:0a1b2c3d (Ana (compliance))",
        channel="api",
        threshold=0.8,
        queries=[{"name": name, "country": "MX"}],
        results=[{"matches": [{"entity_id": "6861", "score": 0.93, "match": matched}]}],
        list_version=3,
        list_sha256="abc",
    )


def _fill(store: Store, n: int = 5) -> None:
    for i in range(n):
        record_screening(store, _entry(f"name {i}", matched=i % 2 == 0))


def _verify(store: Store, checkpoints: list[dict[str, object]] | None = None) -> dict[str, object]:
    return verify_chain(state_for(store), checkpoints or [])


def _sql(store: Store, sql: str) -> None:
    """What someone with write access to the state database (not the secret) could run."""
    state = state_for(store).store
    if isinstance(state, PostgresStateStore):
        with state.db.transaction() as cur:
            cur.execute(sql)
    else:
        store.cursor().execute(sql)


def test_rows_are_appended_and_exported_as_jsonl_and_csv(store: Store) -> None:
    first = record_screening(store, _entry())
    second = record_screening(store, _entry("Ana Pérez", matched=False))
    assert second == first + 1
    state = state_for(store)
    rows = [json.loads(line) for line in export_audit(state, "jsonl")]
    csv_text = "".join(export_audit(state, "csv"))
    assert [r["queries"][0]["name"] for r in rows] == ["Joaquín Guzmán", "Ana Pérez"]
    assert [r["match_count"] for r in rows] == [1, 0]
    assert [r["query_count"] for r in rows] == [1, 1]
    assert rows[0]["list_version"] == 3
    assert rows[0]["threshold"] == 0.8
    assert rows[0]["actor"] == "key:0a1b2c3d (Ana (compliance))"
    assert rows[1]["prev_hash"] == rows[0]["hash"]
    assert {r["chain"] for r in rows} == {"hmac-v1"}
    assert csv_text.splitlines()[0].startswith("id,screened_at,actor,channel")
    assert "Ana Pérez" in csv_text


def test_the_cli_actor_is_the_os_user_of_the_uid_not_logname(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pwd

    monkeypatch.setenv("LOGNAME", "someone-else")
    monkeypatch.setenv("USER", "someone-else")
    assert actor_for_cli() == "local:" + pwd.getpwuid(os.getuid()).pw_name


def test_the_secret_is_a_0600_file_beside_the_database(store: Store) -> None:
    record_screening(store, _entry())
    secret = Path(store.path + ".secret")
    assert secret.is_file()
    assert secret.stat().st_mode & 0o777 == 0o600
    assert len(bytes.fromhex(secret.read_text().strip())) == 32


def test_an_intact_log_verifies(store: Store) -> None:
    _fill(store, 4)
    result = _verify(store)
    assert (result["ok"], result["rows"], result["first_bad_id"]) == (True, 4, None)


@pytest.mark.parametrize(
    ("sql", "bad_id"),
    [
        ("UPDATE screening_audit SET match_count = 0 WHERE id = 3", 3),
        ("UPDATE screening_audit SET query_count = 7 WHERE id = 2", 2),
        ("UPDATE screening_audit SET threshold = 0.1 WHERE id = 2", 2),
        ("UPDATE screening_audit SET actor = 'local:nobody' WHERE id = 4", 4),
        ("UPDATE screening_audit SET screened_at = screened_at - INTERVAL '1 day' WHERE id = 1", 1),
        ("UPDATE screening_audit SET results = '[]' WHERE id = 5", 5),
        ("UPDATE screening_audit SET list_version = 2 WHERE id = 1", 1),
        ("UPDATE screening_audit SET id = 9 WHERE id = 5", 5),
        ("UPDATE screening_audit SET id = id + 1 WHERE id >= 4", 4),
        ("DELETE FROM screening_audit WHERE id = 3", 3),
    ],
)
def test_each_edit_names_the_first_bad_row(store: Store, sql: str, bad_id: int) -> None:
    _fill(store)
    if "id + 1" in sql and isinstance(state_for(store).store, PostgresStateStore):
        import psycopg

        with pytest.raises(psycopg.errors.UniqueViolation):
            _sql(store, sql)  # in PostgreSQL the key refuses two rows of one id
        return
    _sql(store, sql)
    result = _verify(store)
    assert result["ok"] is False
    assert result["first_bad_id"] == bad_id
    assert f"{bad_id}" in str(result["problem"])


def test_deleting_the_last_rows_is_found_by_a_checkpoint(store: Store) -> None:
    _fill(store)
    kept_elsewhere = make_checkpoint(state_for(store), "puente.duckdb")
    _sql(store, "DELETE FROM screening_audit WHERE id > 3")
    result = _verify(store, [kept_elsewhere])
    assert result["ok"] is False
    assert result["first_bad_id"] == 4
    assert "row(s) 4–5 are missing" in str(result["problem"])
    assert "saw 5 rows" in str(result["problem"])


def test_deleting_every_row_is_found_by_a_checkpoint(store: Store) -> None:
    _fill(store)
    kept_elsewhere = make_checkpoint(state_for(store), "puente.duckdb")
    _sql(store, "DELETE FROM screening_audit")
    result = _verify(store, [kept_elsewhere])
    assert result["ok"] is False
    assert "row(s) 1–5 are missing" in str(result["problem"])


def test_the_checkpoints_the_server_keeps_catch_truncation_too(store: Store) -> None:
    _fill(store, 3)
    assert record_checkpoint(state_for(store), "puente.duckdb") is not None
    assert record_checkpoint(state_for(store), "puente.duckdb") is None  # nothing new
    _sql(store, "DELETE FROM screening_audit WHERE id = 3")
    result = _verify(store)
    assert result["ok"] is False
    assert "row(s) 3 are missing" in str(result["problem"])


def test_a_checkpoint_that_matches_passes_and_a_later_row_is_fine(store: Store) -> None:
    _fill(store, 3)
    checkpoint = make_checkpoint(state_for(store), "puente.duckdb")
    record_screening(store, _entry("after"))
    result = _verify(store, [checkpoint])
    assert (result["ok"], result["rows"], result["checkpoints"]) == (True, 4, 1)


def test_a_rewritten_row_whose_checkpoint_row_changed_is_found(store: Store) -> None:
    _fill(store, 3)
    checkpoint = make_checkpoint(state_for(store), "puente.duckdb")
    checkpoint["last_hash"] = "f" * 64
    result = _verify(store, [checkpoint])
    assert result["ok"] is False
    assert "signature does not match" in str(result["problem"])


def test_a_checkpoint_of_another_database_is_refused(store: Store, tmp_path: Path) -> None:
    _fill(store, 2)
    other = open_store(tmp_path / "other.duckdb")
    foreign = make_checkpoint(state_for(other), "other.duckdb")
    other.close()
    result = _verify(store, [foreign])
    assert result["ok"] is False
    assert "another key" in str(result["problem"])


def _rows(store: Store) -> list[AuditRow]:
    return list(state_for(store).store.audit_rows())


def _rewrite(store: Store, rows: list[AuditRow]) -> None:
    _sql(store, "DELETE FROM screening_audit")
    state_for(store).store.append_audit(lambda tail: rows)


def _rechain(rows: list[AuditRow], digest: object, chain: str) -> list[AuditRow]:
    prev = "0" * 64
    out = []
    for row in rows:
        values = {c: getattr(row, c) for c in AUDIT_COLUMNS}
        values.update(prev_hash=prev, chain=chain, hash="")
        draft = AuditRow(**values)
        values["hash"] = digest(draft)  # type: ignore[operator]
        out.append(AuditRow(**values))
        prev = values["hash"]
    return out


def test_rewriting_row_1_and_recomputing_the_chain_without_the_secret_fails(
    store: Store,
) -> None:
    _fill(store, 3)
    rows = _rows(store)
    forged = AuditRow(**{**{c: getattr(rows[0], c) for c in AUDIT_COLUMNS}, "match_count": 0})
    forged = AuditRow(
        **{**{c: getattr(forged, c) for c in AUDIT_COLUMNS}, "results": '[{"matches": []}]'}
    )
    guess = ServerSecret(hashlib.sha256(b"a guess").digest())
    _rewrite(store, _rechain([forged, *rows[1:]], lambda r: row_digest(guess, r), "hmac-v1"))
    result = _verify(store)
    assert result["ok"] is False
    assert result["first_bad_id"] == 1
    # nor by passing the rows off as written before the chain was keyed
    _rewrite(store, _rechain([forged, *rows[1:]], legacy_digest, "legacy"))
    result = _verify(store)
    assert result["ok"] is False
    assert "not sealed" in str(result["problem"])


def test_rows_from_before_the_keyed_chain_are_sealed_as_legacy(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    old = open_store(db)  # the store's schema, without the state store's migration
    prev = "0" * 64
    for i in range(1, 3):
        queries, results = json.dumps([{"name": f"n{i}"}]), json.dumps([{"matches": []}])
        at = f"2025-01-0{i}T10:00:00+00:00"
        row = AuditRow(i, _parse(at), "user:ana", "cli", "ofac-sdn", 1, "s", 0.8, 1, 0,
                       queries, results, prev, "", "legacy")  # fmt: skip
        digest = legacy_digest(row)
        old.cursor().execute(
            "INSERT INTO screening_audit (id, screened_at, actor, channel, dataset, "
            "list_version, list_sha256, threshold, queries, results, query_count, match_count, "
            "prev_hash, hash) VALUES (?, ?, 'user:ana', 'cli', 'ofac-sdn', 1, 's', 0.8, ?, ?, "
            "1, 0, ?, ?)",
            [i, at, queries, results, prev, digest],
        )
        prev = digest
    old.close()
    store = open_store(db)
    try:
        record_screening(store, _entry())  # migrates, makes the secret, seals rows 1-2
        result = _verify(store)
        assert (result["ok"], result["rows"], result["legacy_rows"]) == (True, 3, 2)
        rows = _rows(store)
        assert [r.chain for r in rows] == ["legacy", "legacy", "hmac-v1"]
        assert rows[2].prev_hash == rows[1].hash
        _sql(store, "UPDATE screening_audit SET match_count = 1 WHERE id = 2")
        assert _verify(store)["first_bad_id"] == 2
        _sql(store, "UPDATE screening_audit SET match_count = 0 WHERE id = 2")
        _sql(store, "UPDATE screening_audit SET chain = 'legacy' WHERE id = 3")
        assert _verify(store)["first_bad_id"] == 3
    finally:
        store.close()


def _parse(text: str) -> object:
    from datetime import datetime

    return datetime.fromisoformat(text)


def test_a_database_opened_with_another_secret_does_not_verify(
    store: Store, tmp_path: Path, state_url: str | None
) -> None:
    _fill(store, 2)
    if state_url is not None:
        # A shared store refuses a process with another secret before it writes a row.
        with pytest.raises(ConfigError, match="another audit secret"):
            open_state(store, tmp_path / "stolen-or-lost.secret", url=state_url)
        return
    other = open_state(store, tmp_path / "stolen-or-lost.secret")
    result = verify_chain(other)
    assert result["ok"] is False
    assert "does not match this secret" in str(result["problem"])


def test_writes_do_not_wait_for_a_running_ingest(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.duckdb")  # a file: the ingest and the audit overlap
    record_screening(store, _entry())  # the state store's tables exist before the load
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
    assert _verify(store)["rows"] == 2
    store.close()


def test_unknown_export_format(store: Store) -> None:
    with pytest.raises(InvalidInput, match="csv or jsonl"):
        list(export_audit(state_for(store), "xml"))


def test_concurrent_screenings_share_commits_and_keep_the_chain(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    store = open_store(tmp_path / "db.duckdb")

    def screen_many(worker: int) -> list[int]:
        return [record_screening(store, _entry(f"name {worker}-{i}")) for i in range(15)]

    with ThreadPoolExecutor(8) as pool:
        ids = [i for batch in pool.map(screen_many, range(8)) for i in batch]
    assert sorted(ids) == list(range(1, 121))
    result = _verify(store)
    assert (result["ok"], result["rows"]) == (True, 120)
    names = {
        json.loads(line)["queries"][0]["name"] for line in export_audit(state_for(store), "jsonl")
    }
    assert len(names) == 120
    store.close()


def test_the_csv_export_shows_the_json_as_hashed_readable_and_in_key_order(store: Store) -> None:
    """An auditor reads the CSV cells and can recompute the chain from them: the JSON text is
    the canonical one (keys sorted, accents as written), and the counts are the service's."""
    import csv
    import io

    entry = AuditEntry(
        actor="key:0a1b2c3d (Ana (compliance))",
        channel="api",
        threshold=0.8,
        queries=[{"name": "José Niño", "country": "MX"}],
        results=[
            {
                "query": "José Niño",
                "matches": [
                    {"score": 0.97, "name": "NIÑO, José", "entity_id": "1", "match": True},
                    {"score": 0.61, "name": "NIÑO, Juan", "entity_id": "2", "match": False},
                ],
            }
        ],
    )
    record_screening(store, entry)
    rows = list(csv.DictReader(io.StringIO("".join(export_audit(state_for(store), "csv")))))
    assert rows[0]["queries"] == '[{"country": "MX", "name": "José Niño"}]'
    assert rows[0]["results"].startswith('[{"matches": [{"entity_id": "1", "match": true, ')
    assert '"name": "NIÑO, José"' in rows[0]["results"]
    assert json.loads(rows[0]["results"]) == entry.results
    assert (rows[0]["id"], rows[0]["query_count"], rows[0]["match_count"]) == ("1", "1", "1")
