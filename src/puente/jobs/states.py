"""The embedded job state store: the `screening_jobs` table of the DuckDB file.

Writes go through the store's per-thread cursor in their own tiny transaction (autocommit),
like the audit log's, so that they never wait for an ingest holding the write lock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from puente.jobs.model import ACTIVE, DONE, QUEUED, RUNNING, Job, JobStates
from puente.store import Store


def job_states(store: Store, state_url: str | None = None) -> JobStates:
    """Where jobs are kept: PostgreSQL when PUENTE_STATE_URL names it, else the DuckDB file."""
    if state_url:
        from puente.jobs.pgstates import PgJobStates
        from puente.state import pg_database

        return PgJobStates(pg_database(state_url))
    return DuckJobStates(store)


_FIELDS = (
    "id",
    "state",
    "actor",
    "channel",
    "file_name",
    "threshold",
    "rows_total",
    "rows_done",
    "match_rows",
    "error_rows",
    "input_sha256",
    "result_sha256",
    "dataset",
    "list_version",
    "list_sha256",
    "audit_id",
    "audit_ids",
    "error",
    "created_at",
    "started_at",
    "finished_at",
    "expires_at",
)
_SELECT = f"SELECT {', '.join(_FIELDS)} FROM screening_jobs"


def _job(row: tuple[Any, ...]) -> Job:
    values = dict(zip(_FIELDS, row, strict=True))
    values["audit_ids"] = list(values["audit_ids"] or [])
    return Job(**values)


class DuckJobStates:
    """Jobs in the database file of this process's store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, job: Job) -> None:
        self._store.cursor().execute(
            f"INSERT INTO screening_jobs ({', '.join(_FIELDS)}) "
            f"VALUES ({', '.join('?' * len(_FIELDS))})",
            [getattr(job, name) for name in _FIELDS],
        )

    def get(self, job_id: str) -> Job | None:
        row = self._store.cursor().execute(_SELECT + " WHERE id = ?", [job_id]).fetchone()
        return _job(row) if row is not None else None

    def save(self, job: Job) -> None:
        names = _FIELDS[1:]
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
            .execute(_SELECT + " WHERE state IN (?, ?) ORDER BY created_at", list(ACTIVE))
            .fetchall()
        )
        return [_job(r) for r in rows]

    def expired(self, now: datetime) -> list[Job]:
        rows = (
            self._store.cursor()
            .execute(
                _SELECT + " WHERE state = ? AND expires_at < ? ORDER BY created_at", [DONE, now]
            )
            .fetchall()
        )
        return [_job(r) for r in rows]

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
