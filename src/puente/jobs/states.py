"""The embedded job state store: the `screening_jobs` table of the DuckDB file.

Writes go through the store's per-thread cursor in their own tiny transaction (autocommit),
like the audit log's, so that they never wait for an ingest holding the write lock.
"""

from __future__ import annotations

from datetime import datetime

from puente.jobs.model import (
    ACTIVE,
    DONE,
    JOB_COLUMNS,
    QUEUED,
    RUNNING,
    SELECT_JOBS,
    Job,
    JobStates,
    job_from_row,
)
from puente.store import Store


def job_states(store: Store, state_url: str | None = None) -> JobStates:
    """Where jobs are kept: PostgreSQL when PUENTE_STATE_URL names it, else the DuckDB file."""
    if state_url:
        from puente.jobs.pgstates import PgJobStates
        from puente.state import pg_database

        return PgJobStates(pg_database(state_url))
    return DuckJobStates(store)


class DuckJobStates:
    """Jobs in the database file of this process's store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, job: Job) -> None:
        self._store.cursor().execute(
            f"INSERT INTO screening_jobs ({', '.join(JOB_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(JOB_COLUMNS))})",
            [getattr(job, name) for name in JOB_COLUMNS],
        )

    def get(self, job_id: str) -> Job | None:
        row = self._store.cursor().execute(SELECT_JOBS + " WHERE id = ?", [job_id]).fetchone()
        return job_from_row(row) if row is not None else None

    def save(self, job: Job) -> None:
        names = JOB_COLUMNS[1:]
        self._store.cursor().execute(
            f"UPDATE screening_jobs SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
            [*(getattr(job, name) for name in names), job.id],
        )

    def progress(self, job_id: str, rows_done: int) -> None:
        self._store.cursor().execute(
            "UPDATE screening_jobs SET rows_done = ? WHERE id = ?", [rows_done, job_id]
        )

    def active(self) -> list[Job]:
        rows = (
            self._store.cursor()
            .execute(SELECT_JOBS + " WHERE state IN (?, ?) ORDER BY created_at", list(ACTIVE))
            .fetchall()
        )
        return [job_from_row(r) for r in rows]

    def expired(self, now: datetime) -> list[Job]:
        rows = (
            self._store.cursor()
            .execute(
                SELECT_JOBS + " WHERE state = ? AND expires_at < ? ORDER BY created_at", [DONE, now]
            )
            .fetchall()
        )
        return [job_from_row(r) for r in rows]

    def claim(self, job_id: str) -> bool:
        row = (
            self._store.cursor()
            .execute(
                "UPDATE screening_jobs SET state = ? WHERE id = ? AND state = ? RETURNING id",
                [RUNNING, job_id, QUEUED],
            )
            .fetchone()
        )
        return row is not None

    def orphans(self) -> list[Job]:
        """Every active job: one process holds the file, so at its start none is held."""
        return self.active()
