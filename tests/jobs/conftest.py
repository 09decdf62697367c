"""Fixtures of the job tests: a store with the SDN fixture, a runner whose state store
records every state a job goes through, and CSV files of any size."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from puente.config import Settings
from puente.jobs import ACTIVE, Job, JobRunner
from puente.jobs.model import JobStates
from puente.jobs.states import DuckJobStates, job_states
from puente.sanctions.batch import BatchInput, decode_csv, parse_csv
from puente.state import state_from_settings
from puente.store import Store
from tests.sanctions.conftest import load_sdn_fixture

NAMES = [
    "Joaquín Guzmán Loera",
    "Mary Smith",
    "Ismael Zambada García",
    "Comercializadora Puente S.A. de C.V.",
    "Rafael Caro Quintero",
    "María Fernanda López Ortiz",
]


def customers_csv(rows: int) -> bytes:
    """A customer file as a bank exports it: an id column, names, a birth year."""
    lines = ["customer_id,name,birth_date"]
    lines += [f"C{i},{NAMES[i % len(NAMES)]},{1957 if i % 6 == 0 else 1980}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def parsed(rows: int) -> tuple[BatchInput, bytes]:
    data = customers_csv(rows)
    return parse_csv(decode_csv(data)), data


class RecordingStates:
    """A job state store (the embedded one by default), remembering each state every job was
    saved in."""

    def __init__(self, store: Store, inner: JobStates | None = None) -> None:
        self.inner: JobStates = inner or DuckJobStates(store)
        self.seen: dict[str, list[str]] = {}

    def _note(self, job: Job) -> None:
        states = self.seen.setdefault(job.id, [])
        if not states or states[-1] != job.state:
            states.append(job.state)

    def add(self, job: Job) -> None:
        self.inner.add(job)
        self._note(job)

    def save(self, job: Job) -> None:
        self.inner.save(job)
        self._note(job)

    def get(self, job_id: str) -> Job | None:
        return self.inner.get(job_id)

    def progress(self, job_id: str, rows_done: int) -> None:
        self.inner.progress(job_id, rows_done)

    def active(self) -> list[Job]:
        return self.inner.active()

    def expired(self, now: datetime) -> list[Job]:
        return self.inner.expired(now)

    def claim(self, job_id: str) -> bool:
        return self.inner.claim(job_id)

    def orphans(self) -> list[Job]:
        return self.inner.orphans()


@pytest.fixture
def job_settings(tmp_path: Path) -> Settings:
    return Settings(
        db=tmp_path / "puente.duckdb", mirror=None, batch_sync_rows=10, jobs_workers=1, jobs_queue=1
    )


@pytest.fixture
def loaded(store: Store, job_settings: Settings) -> Store:
    load_sdn_fixture(store)
    state_from_settings(store, job_settings)  # the audit rows go where the settings say
    return store


@pytest.fixture
def runner(loaded: Store, job_settings: Settings) -> Iterator[JobRunner]:
    states = RecordingStates(loaded, job_states(loaded, job_settings.state_url))
    opened = JobRunner(loaded, job_settings, states)
    yield opened
    opened.close()


def submit(runner: JobRunner, rows: int, actor: str = "user:ana") -> Job:
    batch, data = parsed(rows)
    import hashlib

    return runner.submit(
        batch,
        actor=actor,
        channel="api",
        file_name="customers.csv",
        threshold=0.8,
        input_sha256=hashlib.sha256(data).hexdigest(),
    )


def wait_until_finished(runner: JobRunner, job_id: str, limit: float = 300.0) -> Job:
    """Poll the job until it leaves queued/running (a generous limit: the machine is shared;
    this is not a timing assertion)."""
    deadline = time.monotonic() + limit
    while True:
        job = runner.get(job_id)
        if job.state not in ACTIVE:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job.state} after {limit} s")
        time.sleep(0.05)
