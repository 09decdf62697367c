"""Batch jobs in PostgreSQL (PUENTE_STATE_URL), for servers that share state.

A job's input rows and its worker live in the server that accepted it; what is shared is the
job's state, so that any server answers for it, and who holds it. Each server (process) has an
owner id; a job is claimed by one owner (`claim`: a conditional UPDATE, so one caller wins),
and every write by its owner, plus a heartbeat every `HEARTBEAT` seconds, refreshes `seen_at`.
A job whose owner has not been seen for `LEASE` seconds is an orphan: the server that finds it
at start marks it interrupted, as the embedded store does for every job left active.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import weakref
from datetime import UTC, datetime, timedelta

from puente.errors import PuenteError
from puente.jobs.model import (
    ACTIVE,
    DONE,
    JOB_COLUMNS,
    QUEUED,
    RUNNING,
    SELECT_JOBS,
    Job,
    job_from_row,
)
from puente.logs import get_logger
from puente.state.pg import PgDatabase

log = get_logger(__name__)

LEASE = 300.0
"""Seconds after which a job whose owner was not seen is taken for abandoned."""
HEARTBEAT = 30.0
"""Seconds between the owner's refreshes of its active jobs."""


MIGRATIONS: list[tuple[str, str]] = [
    (
        "jobs.1",
        """
        CREATE TABLE IF NOT EXISTS screening_jobs (
            id TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            actor TEXT NOT NULL,
            channel TEXT NOT NULL,
            file_name TEXT,
            threshold DOUBLE PRECISION NOT NULL,
            rows_total INTEGER NOT NULL,
            rows_done INTEGER NOT NULL,
            match_rows INTEGER NOT NULL,
            error_rows INTEGER NOT NULL,
            input_sha256 TEXT NOT NULL,
            result_sha256 TEXT,
            dataset TEXT,
            list_version INTEGER,
            list_sha256 TEXT,
            audit_id BIGINT,
            audit_ids BIGINT[],
            error TEXT,
            created_at TIMESTAMPTZ NOT NULL,
            started_at TIMESTAMPTZ,
            finished_at TIMESTAMPTZ,
            expires_at TIMESTAMPTZ,
            owner TEXT,
            seen_at TIMESTAMPTZ
        );
        CREATE INDEX IF NOT EXISTS screening_jobs_state ON screening_jobs (state);
        """,
    ),
]


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class PgJobStates:
    """Jobs in PostgreSQL; this object is one owner (one server process)."""

    def __init__(self, db: PgDatabase, owner: str | None = None) -> None:
        self.db = db
        self.owner = owner or _owner()
        db.migrate("jobs", MIGRATIONS)
        self._beating = False
        self._lock = threading.Lock()

    def add(self, job: Job) -> None:
        with self.db.transaction() as cur:
            cur.execute(
                f"INSERT INTO screening_jobs ({', '.join(JOB_COLUMNS)}, owner, seen_at) "
                f"VALUES ({', '.join(['%s'] * len(JOB_COLUMNS))}, %s, now())",
                [*(getattr(job, name) for name in JOB_COLUMNS), self.owner],
            )
        self._start_heartbeat()

    def get(self, job_id: str) -> Job | None:
        with self.db.transaction() as cur:
            cur.execute(SELECT_JOBS + " WHERE id = %s", [job_id])
            row = cur.fetchone()
        return job_from_row(row) if row is not None else None

    def save(self, job: Job) -> None:
        names = JOB_COLUMNS[1:]
        with self.db.transaction() as cur:
            cur.execute(
                f"UPDATE screening_jobs SET {', '.join(f'{n} = %s' for n in names)}, "
                "seen_at = now() WHERE id = %s",
                [*(getattr(job, name) for name in names), job.id],
            )

    def progress(self, job_id: str, rows_done: int) -> None:
        with self.db.transaction() as cur:
            cur.execute(
                "UPDATE screening_jobs SET rows_done = %s, seen_at = now() WHERE id = %s",
                [rows_done, job_id],
            )

    def active(self) -> list[Job]:
        with self.db.transaction() as cur:
            cur.execute(SELECT_JOBS + " WHERE state = ANY(%s) ORDER BY created_at", [list(ACTIVE)])
            rows = cur.fetchall()
        return [job_from_row(r) for r in rows]

    def expired(self, now: datetime) -> list[Job]:
        with self.db.transaction() as cur:
            cur.execute(
                SELECT_JOBS + " WHERE state = %s AND expires_at < %s ORDER BY created_at",
                [DONE, now],
            )
            rows = cur.fetchall()
        return [job_from_row(r) for r in rows]

    def claim(self, job_id: str) -> bool:
        with self.db.transaction() as cur:
            cur.execute(
                "UPDATE screening_jobs SET state = %s, owner = %s, seen_at = now() "
                "WHERE id = %s AND state = %s RETURNING id",
                [RUNNING, self.owner, job_id, QUEUED],
            )
            won = cur.fetchone() is not None
        if won:
            self._start_heartbeat()
        return won

    def orphans(self) -> list[Job]:
        cutoff = datetime.now(UTC) - timedelta(seconds=LEASE)
        with self.db.transaction() as cur:
            cur.execute(
                SELECT_JOBS + " WHERE state = ANY(%s) AND (owner IS NULL OR seen_at IS NULL "
                "OR seen_at < %s) AND owner IS DISTINCT FROM %s ORDER BY created_at",
                [list(ACTIVE), cutoff, self.owner],
            )
            rows = cur.fetchall()
        return [job_from_row(r) for r in rows]

    def heartbeat(self) -> int:
        """Refresh `seen_at` of this owner's active jobs; how many there are."""
        with self.db.transaction() as cur:
            cur.execute(
                "UPDATE screening_jobs SET seen_at = now() WHERE owner = %s AND state = ANY(%s)",
                [self.owner, list(ACTIVE)],
            )
            return cur.rowcount

    def _start_heartbeat(self) -> None:
        with self._lock:
            if self._beating:
                return
            self._beating = True
        ref = weakref.ref(self)
        thread = threading.Thread(
            target=_beat, args=(ref,), name="puente-jobs-heartbeat", daemon=True
        )
        thread.start()


def _beat(ref: weakref.ref[PgJobStates]) -> None:
    """Refresh the owner's jobs until none is active (or the owner is gone)."""
    stop = threading.Event()
    while not stop.wait(HEARTBEAT):
        states = ref()
        if states is None:
            return
        try:
            active = states.heartbeat()
        except PuenteError as exc:  # the state store is away: try again next beat
            log.warning("jobs.heartbeat_failed", error=exc.detail)
            active = 1
        if active == 0:
            with states._lock:
                states._beating = False
            return
        del states
