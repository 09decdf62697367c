"""Batch jobs in the runner: their lifecycle, failures, the cap, restarts, expiry, audit."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from puente.config import Settings
from puente.jobs import (
    DONE,
    EXPIRED,
    FAILED,
    RUNNING,
    Job,
    JobNotReady,
    JobRunner,
    JobsBusy,
    ResultGone,
)
from puente.jobs.model import JobStates
from puente.jobs.pgstates import PgJobStates
from puente.jobs.states import DuckJobStates
from puente.sanctions.auditchain import verify_chain
from puente.state import state_for
from puente.state.pg import database
from puente.store import Store
from tests.jobs.conftest import RecordingStates, submit, wait_until_finished


@pytest.fixture
def job_settings(tmp_path: Path, state_url: str | None) -> Settings:
    """The runner's tests run with jobs and audit in the embedded store and in PostgreSQL."""
    return Settings(
        db=tmp_path / "puente.duckdb",
        mirror=None,
        batch_sync_rows=10,
        jobs_workers=1,
        jobs_queue=1,
        state_url=state_url,
    )


def _audit_row(store: Store, row_id: int) -> dict[str, object]:
    row = next(r for r in state_for(store).store.audit_rows() if r.id == row_id)
    return {
        "actor": row.actor,
        "channel": row.channel,
        "queries": json.loads(row.queries),
        "results": json.loads(row.results),
        "query_count": row.query_count,
        "list_version": row.list_version,
    }


def test_lifecycle_queued_running_done_and_the_result(runner: JobRunner) -> None:
    job = submit(runner, 2500)
    assert job.state == "queued"
    done = wait_until_finished(runner, job.id)
    assert done.state == DONE, done.error
    states = runner.states
    assert isinstance(states, RecordingStates)
    assert states.seen[job.id] == ["queued", "running", "done"]
    assert (done.rows_done, done.rows_total) == (2500, 2500)
    # Joaquín Guzmán Loera is one customer in six
    assert done.match_rows == len(range(0, 2500, 6))
    _, path = runner.result(job.id, "csv", "user:ana")
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == done.result_sha256
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert [r["customer_id"] for r in rows] == [f"C{i}" for i in range(2500)]
    assert rows[0]["matched_name"] == "GUZMAN LOERA, Joaquin"
    assert rows[0]["match"] == "true"
    assert rows[1]["match"] == "false"
    _, json_path = runner.result(job.id, "json", "user:ana")
    as_json = json.loads(json_path.read_text())
    assert as_json["rows"][0]["customer_id"] == "C0"
    assert len(as_json["rows"]) == 2500
    assert not list(runner.folder.glob("*.part"))


def test_a_job_is_one_audit_record_plus_its_rows(runner: JobRunner, loaded: Store) -> None:
    job = submit(runner, 2100)
    done = wait_until_finished(runner, job.id)
    assert done.state == DONE, done.error
    assert len(done.audit_ids) == 3  # 1,000 + 1,000 + 100 rows
    rows = [_audit_row(loaded, i) for i in done.audit_ids]
    assert [r["query_count"] for r in rows] == [1000, 1000, 100]
    assert rows[0]["queries"][0] == {"name": "Joaquín Guzmán Loera", "birth_date": "1957"}
    assert rows[0]["results"][0]["matches"][0]["match"] is True
    assert done.audit_id is not None
    record = _audit_row(loaded, done.audit_id)
    assert record["actor"] == "user:ana"
    assert record["list_version"] == done.list_version == 1
    assert record["queries"] == [
        {
            "job": job.id,
            "file_name": "customers.csv",
            "input_sha256": job.input_sha256,
            "rows": 2100,
        }
    ]
    closing = record["results"][0]  # type: ignore[index]
    assert closing["result_sha256"] == done.result_sha256
    assert closing["row_records"] == done.audit_ids
    assert closing["state"] == "done"
    assert verify_chain(state_for(loaded))["ok"] is True


def test_no_list_in_force_fails_the_job_with_the_reason(
    store: Store, job_settings: Settings
) -> None:
    runner = JobRunner(store, job_settings, RecordingStates(store))
    try:
        job = submit(runner, 50)
        failed = wait_until_finished(runner, job.id)
        assert failed.state == FAILED
        assert failed.error is not None
        assert "ofac-sdn" in failed.error
        with pytest.raises(JobNotReady, match="failed"):
            runner.result(job.id, "csv")
        assert failed.audit_id is not None  # a failed job is audited too
    finally:
        runner.close()


@pytest.mark.slow
def test_a_killed_worker_fails_its_job_and_the_next_job_runs(runner: JobRunner) -> None:
    import time

    job = submit(runner, 40_000)
    deadline = time.monotonic() + 300
    while runner.get(job.id).rows_done == 0:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    worker = runner._slots[0][1].process
    assert worker is not None
    worker.kill()
    failed = wait_until_finished(runner, job.id)
    assert failed.state == FAILED
    assert failed.error is not None
    assert "worker process stopped" in failed.error
    assert 0 < failed.rows_done < 40_000
    assert not list(runner.folder.iterdir())  # nothing half-written is left
    again = wait_until_finished(runner, submit(runner, 20).id)
    assert again.state == DONE, again.error


def test_the_cap_refuses_jobs_beyond_workers_and_queue(runner: JobRunner) -> None:
    first = submit(runner, 40_000)
    second = submit(runner, 40_000)  # one worker, one waiting: both accepted
    with pytest.raises(JobsBusy, match="PUENTE_JOBS_WORKERS") as refused:
        submit(runner, 40_000)
    assert refused.value.status_code == 503
    assert refused.value.retry_after > 0
    assert runner.get(second.id).state == "queued"
    assert runner.get(first.id).state in ("queued", RUNNING)


def test_an_interrupted_job_is_marked_at_next_start(loaded: Store, job_settings: Settings) -> None:
    states = _left_by_a_dead_server(loaded, job_settings)
    left = Job(
        id="left-running",
        state=RUNNING,
        actor="user:ana",
        channel="api",
        file_name="customers.csv",
        threshold=0.8,
        rows_total=40_000,
        input_sha256="0" * 64,
        created_at=datetime.now(UTC),
        rows_done=12_000,
        list_version=1,
    )
    states.add(left)
    if isinstance(states, PgJobStates):  # its server stopped an hour ago
        with states.db.transaction() as cur:
            cur.execute("UPDATE screening_jobs SET seen_at = now() - interval '1 hour'")
    folder = Path(f"{loaded.path}.jobs")
    folder.mkdir()
    (folder / "left-running.csv.part").write_text("name\nhalf")
    runner = JobRunner(loaded, job_settings)
    try:
        marked = runner.get("left-running")
        assert marked.state == FAILED
        assert marked.error is not None
        assert marked.error.startswith("interrupted")
        assert "12,000 of 40,000" in marked.error
        assert not list(folder.iterdir())
        assert marked.audit_id is not None
        record = _audit_row(loaded, marked.audit_id)
        assert record["results"][0]["state"] == "failed"  # type: ignore[index]
    finally:
        runner.close()


def _left_by_a_dead_server(store: Store, settings: Settings) -> JobStates:
    if settings.state_url is None:
        return DuckJobStates(store)
    return PgJobStates(database(settings.state_url), owner="gone-host:1:dead")


def test_a_result_expires(runner: JobRunner) -> None:
    done = wait_until_finished(runner, submit(runner, 30).id)
    assert done.state == DONE
    runner.result(done.id, "csv")
    done.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    runner.states.save(done)
    with pytest.raises(ResultGone, match="deleted"):
        runner.result(done.id, "csv")
    assert runner.get(done.id).state == EXPIRED
    assert not list(runner.folder.iterdir())


def test_a_job_is_only_shown_to_whoever_submitted_it(runner: JobRunner) -> None:
    job = submit(runner, 20, actor="key:aaaa")
    from puente.errors import NotFound

    with pytest.raises(NotFound):
        runner.get(job.id, "key:bbbb")
    assert runner.get(job.id, "key:aaaa").id == job.id
