"""State shared by processes through PostgreSQL: one audit chain from many writers, keys made
in one process accepted in another, migrations run once when processes start together, and
the server going away and coming back."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.auth.keys import keyring
from puente.auth.sessions import SESSION_COOKIE
from puente.config import Settings
from puente.errors import InvalidInput
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.jobs import Job, JobRunner
from puente.jobs.pgstates import PgJobStates
from puente.jobs.states import job_states
from puente.sanctions.auditchain import verify_chain
from puente.state import open_state, state_for
from puente.state.pg import database
from puente.store import Store
from puente.watch.pgstate import PgWatchState
from puente.watch.state import Alert, AlertWrite, Subject
from tests.conftest import load_border_fixture
from tests.pgserver import PgServer
from tests.state import workers

SDN = Path(__file__).resolve().parents[1] / "fixtures" / "ofac-sdn" / "full"
ADMIN = {"X-Puente-Token": "test-token"}
WRITERS = 4
ROWS_EACH = 60


def _spawn() -> multiprocessing.context.SpawnContext:
    return multiprocessing.get_context("spawn")


def test_four_processes_append_one_chain_without_gaps_or_forks(pg_url: str) -> None:
    context = _spawn()
    with context.Manager() as manager, context.Pool(WRITERS) as pool:
        start = manager.Event()
        pending = [
            pool.apply_async(workers.append_audit_rows, (pg_url, w, ROWS_EACH, start))
            for w in range(WRITERS)
        ]
        start.set()
        written = [p.get(timeout=300) for p in pending]
    ids = sorted(i for batch in written for i in batch)
    total = WRITERS * ROWS_EACH
    assert ids == list(range(1, total + 1))  # every id once: no gap, no fork
    # the writers really overlapped: some writer's ids are not one run
    assert any(batch != list(range(batch[0], batch[0] + len(batch))) for batch in written)
    state = open_state(_memory_store(), secret=workers.SECRET, url=pg_url)
    result = verify_chain(state)
    assert (result["ok"], result["rows"], result["last_id"]) == (True, total, total), result
    actors = [row.actor for row in state.store.audit_rows()]
    assert sorted(set(actors)) == [f"key:writer{w}" for w in range(WRITERS)]
    assert all(actors.count(f"key:writer{w}") == ROWS_EACH for w in range(WRITERS))


def test_a_key_made_in_one_process_is_accepted_in_another(pg_url: str) -> None:
    store = workers.open_shared(pg_url)
    ring = keyring(state_for(store).store)
    made = ring.create("Ana (compliance)", "screener", "test")
    revoked = ring.create("Old laptop", "viewer", "test")
    ring.revoke(revoked.stored.key_id)
    context = _spawn()
    with context.Pool(1) as pool:
        accepted = pool.apply(workers.verify_key, (pg_url, made.key))
        refused = pool.apply(workers.verify_key, (pg_url, revoked.key))
        forged = pool.apply(workers.verify_key, (pg_url, made.key[:-4] + "AAAA"))
    assert accepted == f"key:{made.stored.key_id} (Ana (compliance))"
    assert refused is None
    assert forged is None


def test_processes_starting_together_create_the_tables_once(pg_url: str) -> None:
    context = _spawn()
    with context.Manager() as manager, context.Pool(3) as pool:
        start = manager.Event()
        pending = [pool.apply_async(workers.open_and_migrate, (pg_url, start)) for _ in range(3)]
        start.set()
        counts = [p.get(timeout=300) for p in pending]
    assert counts == [0, 0, 0]
    state = open_state(_memory_store(), secret=workers.SECRET, url=pg_url)
    with state.store.db.transaction() as cur:  # type: ignore[attr-defined]
        cur.execute("SELECT id FROM puente_migrations ORDER BY id")
        assert [r[0] for r in cur.fetchall()] == ["state.1"]


def _memory_store() -> Store:
    from puente.store import open_store

    return open_store(":memory:")


# The state store goes away and comes back


@pytest.fixture
def shared_app(
    store: Store, tmp_path: Path, pg_server: PgServer, pg_url: str
) -> Iterator[TestClient]:
    load_border_fixture(store)
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN))
    settings = Settings(
        db=tmp_path / "puente.duckdb", mirror=None, state_url=pg_url, auth="required"
    )
    app = create_app(settings, store=store, admin_token="test-token")
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    if not pg_server.started:
        pg_server.start()


def test_without_the_state_store_state_answers_503_and_data_still_reads(
    shared_app: TestClient, pg_server: PgServer
) -> None:
    client = shared_app
    made = client.post("/api/keys", json={"name": "Ana", "role": "screener"}, headers=ADMIN)
    assert made.status_code == 201, made.text
    key = {"Authorization": f"Bearer {made.json()['key']}"}
    screen = {"queries": [{"name": "Joaquin Guzman"}]}
    assert client.post("/api/screen", json=screen, headers=key).status_code == 200
    pg_server.stop("immediate")
    try:
        down = client.post("/api/screen", json=screen, headers=key)
        assert down.status_code == 503, down.text
        body = down.json()
        assert body["error"] == "state_unavailable"
        assert "state store" in body["detail"]
        assert "127.0.0.1" not in body["detail"]  # no server address to the caller
        keys_down = client.get("/api/keys", headers=ADMIN)
        assert keys_down.status_code == 503
        # the data does not live in the state store: it still reads
        ports = client.get("/api/border/ports")
        assert ports.status_code == 200, ports.text
        page = client.get("/border")
        assert page.status_code == 200
        # a page seen with a sign-in cookie too (the session cannot be looked up)
        client.cookies.set(SESSION_COOKIE, "a-session-token")
        signed = client.get("/border")
        client.cookies.clear()
        assert signed.status_code == 200, signed.text
    finally:
        pg_server.start()
    # the pool throws the dead connections away and reconnects by itself
    back = client.post("/api/screen", json=screen, headers=key)
    assert back.status_code == 200, back.text
    verify = client.get("/api/audit/verify", headers=ADMIN).json()
    assert (verify["ok"], verify["rows"]) == (True, 2), verify


# Jobs


def _job(job_id: str, state: str = "queued") -> Job:
    return Job(
        id=job_id,
        state=state,
        actor="key:aaaa (Ana)",
        channel="api",
        file_name="customers.csv",
        threshold=0.8,
        rows_total=1000,
        input_sha256="0" * 64,
        created_at=datetime.now(UTC),
    )


def test_two_processes_claiming_the_same_jobs_run_each_once(pg_url: str) -> None:
    states = job_states(_memory_store(), pg_url)
    ids = [f"job-{i:03d}" for i in range(120)]
    for job_id in ids:
        states.add(_job(job_id))
    context = _spawn()
    with context.Manager() as manager, context.Pool(2) as pool:
        start = manager.Event()
        pending = [pool.apply_async(workers.claim_jobs, (pg_url, ids, start)) for _ in range(2)]
        start.set()
        won = [p.get(timeout=300) for p in pending]
    assert sorted(won[0] + won[1]) == ids  # every job claimed, none twice
    assert not set(won[0]) & set(won[1])
    assert all(job.state == "running" for job in states.active())
    assert not states.claim(ids[0])  # taken: nobody claims it again


def test_a_server_starting_leaves_the_jobs_of_a_live_one_alone(pg_url: str, tmp_path: Path) -> None:
    store = workers.open_shared(pg_url)
    live = PgJobStates(database(pg_url), owner="host-a:1:live")
    dead = PgJobStates(database(pg_url), owner="host-b:2:dead")
    live.add(_job("held-by-a"))
    assert live.claim("held-by-a")
    dead.add(_job("left-by-b"))
    assert dead.claim("left-by-b")
    with dead.db.transaction() as cur:  # host b stopped an hour ago
        cur.execute(
            "UPDATE screening_jobs SET seen_at = now() - interval '1 hour' WHERE owner = %s",
            [dead.owner],
        )
    folder = tmp_path / "jobs"
    folder.mkdir()
    (folder / "held-by-a.csv.part").write_text("name\nbeing written")
    (folder / "left-by-b.csv.part").write_text("name\nhalf")
    settings = Settings(db=tmp_path / "c.duckdb", mirror=None, state_url=pg_url, jobs_dir=folder)
    runner = JobRunner(store, settings)
    try:
        assert runner.get("held-by-a").state == "running"
        assert (folder / "held-by-a.csv.part").exists()
        left = runner.get("left-by-b")
        assert left.state == "failed"
        assert left.error is not None
        assert left.error.startswith("interrupted")
        assert not (folder / "left-by-b.csv.part").exists()
    finally:
        runner.close()
    assert live.heartbeat() == 1  # the live server keeps its job


# Monitoring


def _new_alert(subject_id: str) -> AlertWrite:
    now = datetime.now(UTC)
    alert = Alert(0, "clients", subject_id, "ofac-sdn", "6861", "d1", 1, "GUZMAN LOERA, Joaquin",
                  "GUZMAN LOERA, Joaquin", ("SDNTK",), 0.93, "name", "open", now, now)  # fmt: skip
    return AlertWrite(alert, "opened", "system", new=True)


def test_two_servers_opening_the_same_alert_make_one(pg_url: str) -> None:
    first, second = PgWatchState(database(pg_url)), PgWatchState(database(pg_url))
    first.create_portfolio("clients", None, "ana")
    with pytest.raises(InvalidInput, match="exists already"):
        second.create_portfolio("clients", None, "luis")
    assert first.add_subjects("clients", [Subject("C-1", "Joaquin Guzman")]) == (1, 0)
    assert second.add_subjects("clients", [Subject("C-1", "Joaquín Guzmán")]) == (0, 1)
    opened = first.write_alerts([_new_alert("C-1")], 1)
    again = second.write_alerts([_new_alert("C-1"), _new_alert("C-2")], 1)
    assert len(opened) == 1
    assert [e.event for e in again] == ["opened"]  # C-1 was open already; C-2 is new
    alerts = first.alerts("clients")
    assert sorted(a.subject_id for a in alerts) == ["C-1", "C-2"]
    assert len(first.events("clients")) == 2
    assert [s.name for _, s in second.subjects("clients")] == ["Joaquín Guzmán"]


# `puente audit verify` on the shared store


def test_puente_audit_verify_checks_the_chain_in_postgresql(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from puente.cli.main import app
    from puente.config import get_settings
    from puente.sanctions.audit import AuditEntry, record_screening

    store = workers.open_shared(pg_url)
    for i in range(5):
        entry = AuditEntry("key:aaaa (Ana)", "api", 0.8, [{"name": f"n{i}"}], [{"matches": []}])
        record_screening(store, entry)
    monkeypatch.setenv("PUENTE_STATE_URL", pg_url)
    monkeypatch.setenv("PUENTE_AUDIT_SECRET", workers.SECRET)
    get_settings.cache_clear()
    db = tmp_path / "cli.duckdb"
    try:
        intact = CliRunner().invoke(app, ["--db", str(db), "audit", "verify"])
        assert intact.exit_code == 0, intact.output
        assert "audit log intact: 5 rows" in intact.output
        with database(pg_url).transaction() as cur:
            cur.execute("UPDATE screening_audit SET actor = 'key:bbbb (Mallory)' WHERE id = 3")
        broken = CliRunner().invoke(app, ["--db", str(db), "audit", "verify"])
        assert broken.exit_code == 1
        assert "row 3 was changed" in broken.output
    finally:
        get_settings.cache_clear()
