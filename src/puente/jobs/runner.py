"""The server's side of batch jobs: a queue, worker processes, results, audit.

`JobRunner.submit` checks the cap and queues a parsed batch; one thread per worker slot takes
jobs from the queue and drives its worker process chunk by chunk (1,000 rows): it sends the
rows, writes the output rows that come back to the result files, appends one audit record per
chunk, and updates the job's progress. The worker never touches the database; this process
does every write (see docs/decisions/0012-batch-jobs.md).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import secrets
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from puente.config import Settings
from puente.errors import NotFound, PuenteError
from puente.jobs import results
from puente.jobs.model import (
    DONE,
    EXPIRED,
    FAILED,
    QUEUED,
    RUNNING,
    Job,
    JobNotReady,
    JobsBusy,
    JobStates,
    ResultGone,
)
from puente.jobs.states import DuckJobStates
from puente.jobs.worker import serve_worker
from puente.logs import get_logger
from puente.sanctions.audit import AuditEntry, record_screening
from puente.sanctions.batch import ERROR, MATCH, OUTPUT_COLUMNS, RANK, BatchInput, held_lists
from puente.sanctions.batchlists import ListIndex, ListParts, audit_label
from puente.sanctions.screener import MAX_BATCH
from puente.store import Store

log = get_logger(__name__)
INTERRUPTED = (
    "interrupted: the server stopped after {done:,} of {total:,} rows; upload the file again"
)


class _WorkerGone(PuenteError):
    """The worker process ended (killed, out of memory) in the middle of a job."""


class _Worker:
    """One worker process, started on first use and again if it dies."""

    def __init__(self, name: str, log_level: str) -> None:
        self.name = name
        self.log_level = log_level
        self.process: BaseProcess | None = None
        self.conn: Connection | None = None
        self.keys: set[tuple[str, int, str]] = set()
        """The list versions whose index the worker process holds."""

    def ensure(self) -> Connection:
        if self.process is not None and self.process.is_alive() and self.conn is not None:
            return self.conn
        self.stop()
        context = multiprocessing.get_context("spawn")  # never fork a threaded server
        ours, theirs = context.Pipe()
        process = context.Process(
            target=serve_worker, args=(theirs, self.log_level), name=self.name, daemon=True
        )
        process.start()
        theirs.close()
        self.process, self.conn, self.keys = process, ours, set()
        return ours

    def ask(self, message: tuple[Any, ...]) -> tuple[Any, ...]:
        conn = self.ensure()
        try:
            conn.send(message)
            answer: tuple[Any, ...] = conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            self.stop()
            raise _WorkerGone("the worker process stopped in the middle of the job") from exc
        if answer[0] == "error":
            raise PuenteError(str(answer[1]))
        return answer

    def stop(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(OSError, ValueError):
                self.conn.send(None)
            self.conn.close()
        if self.process is not None:
            self.process.join(timeout=2)
            if self.process.is_alive():
                self.process.terminate()
                self.process.join(timeout=2)
        self.process, self.conn, self.keys = None, None, set()


class JobRunner:
    """Batch jobs of one server: at most `jobs_workers` running, `jobs_queue` waiting."""

    def __init__(self, store: Store, settings: Settings, states: JobStates | None = None) -> None:
        self.store = store
        self.states: JobStates = states or DuckJobStates(store)
        self.workers = settings.jobs_workers
        self.waiting = settings.jobs_queue
        self.ttl = timedelta(seconds=settings.jobs_result_ttl)
        self.log_level = settings.log_level
        if settings.jobs_dir is not None:
            folder = settings.jobs_dir
        elif store.path == ":memory:":
            folder = Path(tempfile.mkdtemp(prefix="puente-jobs-"))
        else:
            folder = Path(f"{store.path}.jobs")
        self.folder = results.prepare_folder(folder)
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._inputs: dict[str, BatchInput] = {}
        self._lock = threading.Lock()
        self._index_lock = threading.Lock()
        self._slots: list[tuple[threading.Thread, _Worker]] = []
        self._closing = threading.Event()
        self.recover()
        self.sweep()

    # -- submitting and reading -------------------------------------------------------------

    def submit(
        self,
        batch: BatchInput,
        *,
        actor: str,
        channel: str,
        file_name: str | None,
        threshold: float,
        input_sha256: str,
    ) -> Job:
        """Queue a parsed batch as a job; JobsBusy when the cap is reached."""
        self.sweep()
        with self._lock:
            if self._closing.is_set():
                raise JobsBusy("the server is stopping; try again in a minute", retry_after=60)
            if len(self._inputs) >= self.workers + self.waiting:
                raise JobsBusy(
                    f"{len(self._inputs)} batch jobs are running or waiting, the most this "
                    "server takes (PUENTE_JOBS_WORKERS + PUENTE_JOBS_QUEUE); try again later",
                    retry_after=30,
                )
            job = Job(
                id=secrets.token_urlsafe(12),
                state=QUEUED,
                actor=actor,
                channel=channel,
                file_name=file_name,
                threshold=threshold,
                rows_total=len(batch.rows),
                input_sha256=input_sha256,
                created_at=datetime.now(UTC),
            )
            self.states.add(job)
            self._inputs[job.id] = batch
            self._start_slots()
        self._queue.put(job.id)
        log.info("job.queued", job=job.id, rows=job.rows_total, actor=actor)
        return job

    def get(self, job_id: str, actor: str | None = None) -> Job:
        """The job; NotFound also when `actor` is given and is not the job's (a job's rows
        are the screened names of whoever submitted them)."""
        job = self.states.get(job_id)
        if job is None or (actor is not None and job.actor != actor):
            raise NotFound(f"no batch job {job_id!r}")
        return job

    def result(self, job_id: str, fmt: str, actor: str | None = None) -> tuple[Job, Path]:
        if fmt not in results.FORMATS:
            from puente.errors import InvalidInput

            raise InvalidInput(f"format {fmt!r} is unknown; expected csv or json")
        job = self.get(job_id, actor)
        if job.state == DONE and job.expires_at is not None and job.expires_at < _now():
            self.sweep()
            job = self.get(job_id, actor)
        if job.state == EXPIRED:
            raise ResultGone(
                f"the result of job {job_id} was kept until {job.expires_at:%Y-%m-%d %H:%M} UTC "
                "and has been deleted; screen the file again"
            )
        if job.state != DONE:
            detail = f": {job.error}" if job.error else ""
            raise JobNotReady(f"job {job_id} is {job.state}{detail}; it has no result")
        path = results.result_path(self.folder, job.id, fmt)
        if not path.is_file():
            raise ResultGone(f"the result file of job {job_id} is missing")
        return job, path

    def sweep(self) -> None:
        """Delete the results that have outlived PUENTE_JOBS_RESULT_TTL."""
        for job in self.states.expired(_now()):
            results.remove_results(self.folder, job.id)
            job.state = EXPIRED
            self.states.save(job)
            log.info("job.expired", job=job.id)

    # -- start and stop ---------------------------------------------------------------------

    def recover(self) -> None:
        """At start: jobs a previous server left queued or running are marked interrupted
        (failed), their partial files deleted, and each gets its closing audit record."""
        results.remove_partial(self.folder)
        for job in self.states.active():
            self._interrupt(job)

    def _interrupt(self, job: Job) -> None:
        results.remove_results(self.folder, job.id)
        job.state = FAILED
        job.error = INTERRUPTED.format(done=job.rows_done, total=job.rows_total)
        job.finished_at = _now()
        self._close_audit(job)
        self.states.save(job)
        log.warning("job.interrupted", job=job.id, rows_done=job.rows_done)

    def close(self) -> None:
        """Stop the workers; a job still running is marked interrupted."""
        self._closing.set()
        for _ in self._slots:
            self._queue.put(None)
        for thread, worker in self._slots:
            worker.stop()
            thread.join(timeout=10)
        self._slots.clear()
        for job_id in list(self._inputs):
            job = self.states.get(job_id)
            if job is not None and job.state in (QUEUED, RUNNING):
                self._interrupt(job)
        self._inputs.clear()

    def _start_slots(self) -> None:
        while len(self._slots) < self.workers:
            worker = _Worker(f"puente-job-worker-{len(self._slots) + 1}", self.log_level)
            thread = threading.Thread(
                target=self._serve_slot, args=(worker,), name=worker.name, daemon=True
            )
            self._slots.append((thread, worker))
            thread.start()

    # -- running ----------------------------------------------------------------------------

    def _serve_slot(self, worker: _Worker) -> None:
        while True:
            job_id = self._queue.get()
            if job_id is None or self._closing.is_set():
                return
            try:
                self._run(job_id, worker)
            except Exception as exc:  # never lose the slot
                log.error("job.slot_failed", job=job_id, error=str(exc))
            finally:
                with self._lock:
                    self._inputs.pop(job_id, None)

    def _lists(self, batch: BatchInput) -> list[ListIndex]:
        """The index of each list the job screens against (the server's own)."""
        with self._index_lock:
            return held_lists(self.store, batch.lists)

    def _run(self, job_id: str, worker: _Worker) -> None:
        job = self.states.get(job_id)
        batch = self._inputs.get(job_id)
        if job is None or batch is None or job.state != QUEUED:
            return
        writer: results.ResultWriter | None = None
        try:
            lists = self._lists(batch)
            job.state, job.started_at = RUNNING, _now()
            job.dataset, job.list_version, job.list_sha256 = audit_label(lists)
            self.states.save(job)
            for held in lists:
                if held.key not in worker.keys:
                    worker.ask(("index", ListParts.of(held)))
                    worker.keys = {k for k in worker.keys if k[0] != held.dataset} | {held.key}
            keys = [held.key for held in lists]
            writer = results.ResultWriter(self.folder, job.id, [*batch.header, *OUTPUT_COLUMNS])
            for start in range(0, len(batch.rows), MAX_BATCH):
                if self._closing.is_set():
                    raise _WorkerGone("the server is stopping")
                chunk = batch.rows[start : start + MAX_BATCH]
                _, rows, queries, audited = worker.ask(
                    ("chunk", keys, batch.header, batch.columns, job.threshold, start + 1, chunk)
                )
                writer.write(rows)
                if queries:
                    job.audit_ids.append(self._audit_rows(job, queries, audited))
                job.rows_done += len(chunk)
                firsts = [row for row in rows if row[RANK] in ("", "1")]
                job.match_rows += sum(1 for row in firsts if row[MATCH] == "true")
                job.error_rows += sum(1 for row in firsts if row[ERROR])
                self.states.save(job)
            job.result_sha256 = writer.commit()
            writer = None
            job.state = DONE
            job.finished_at = _now()
            job.expires_at = job.finished_at + self.ttl
            self._close_audit(job)
            self.states.save(job)
            log.info("job.done", job=job.id, rows=job.rows_total, matches=job.match_rows)
        except BaseException as exc:
            if writer is not None:
                writer.discard()
            results.remove_results(self.folder, job.id)
            if self._closing.is_set():
                self._interrupt(job)
                return
            job.state = FAILED
            job.error = (
                exc.detail if isinstance(exc, PuenteError) else f"{type(exc).__name__}: {exc}"
            )
            job.finished_at = _now()
            try:
                self._close_audit(job)
            finally:
                self.states.save(job)
            log.warning("job.failed", job=job.id, error=job.error)
            if not isinstance(exc, Exception):
                raise

    # -- audit ------------------------------------------------------------------------------

    def _audit_rows(
        self, job: Job, queries: list[dict[str, Any]], audited: list[dict[str, Any]]
    ) -> int:
        return record_screening(
            self.store,
            AuditEntry(
                actor=job.actor,
                channel=job.channel,
                threshold=job.threshold,
                queries=queries,
                results=audited,
                list_version=job.list_version,
                list_sha256=job.list_sha256,
                dataset=job.dataset or "ofac-sdn",
            ),
        )

    def _close_audit(self, job: Job) -> None:
        """The job's own audit record, written when it ends (done, failed or interrupted):
        what came in, what went out, and the records of its rows."""
        job.audit_id = record_screening(
            self.store,
            AuditEntry(
                actor=job.actor,
                channel=job.channel,
                threshold=job.threshold,
                queries=[
                    {
                        "job": job.id,
                        "file_name": job.file_name,
                        "input_sha256": job.input_sha256,
                        "rows": job.rows_total,
                    }
                ],
                results=[
                    {
                        "job": job.id,
                        "state": job.state,
                        "error": job.error,
                        "rows_screened": job.rows_done,
                        "match_rows": job.match_rows,
                        "error_rows": job.error_rows,
                        "result_sha256": job.result_sha256,
                        "row_records": list(job.audit_ids),
                        "matches": [],
                    }
                ],
                list_version=job.list_version,
                list_sha256=job.list_sha256,
                dataset=job.dataset or "ofac-sdn",
            ),
        )


def _now() -> datetime:
    return datetime.now(UTC)
