"""A batch screening job as the state store keeps it, and the interface of that store.

The interface (`JobStates`) is small on purpose: the embedded implementation keeps jobs in the
DuckDB file (puente.jobs.states); the PostgreSQL one (puente.jobs.pgstates), for servers that
share state (PUENTE_STATE_URL), implements the same methods; `job_states` picks one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Protocol

from puente.errors import PuenteError

QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
EXPIRED = "expired"
"""Done, and its result kept for its time and deleted since."""
STATES = (QUEUED, RUNNING, DONE, FAILED, EXPIRED)
ACTIVE = (QUEUED, RUNNING)


class JobsBusy(PuenteError):
    """Every worker is busy and the queue is full: try again later."""

    status_code = 503
    error = "busy"

    def __init__(self, detail: str, retry_after: int = 30) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class ResultGone(PuenteError):
    """The job's result was kept for its time and has been deleted."""

    status_code = 410
    error = "gone"


class JobNotReady(PuenteError):
    """The job has no result (yet): it is queued, running or failed."""

    status_code = 409
    error = "not_ready"


@dataclass(slots=True)
class Job:
    id: str
    state: str
    actor: str
    channel: str
    file_name: str | None
    threshold: float
    rows_total: int
    input_sha256: str
    created_at: datetime
    rows_done: int = 0
    match_rows: int = 0
    error_rows: int = 0
    result_sha256: str | None = None
    dataset: str | None = None
    list_version: int | None = None
    list_sha256: str | None = None
    audit_id: int | None = None
    audit_ids: list[int] = field(default_factory=list)
    error: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    expires_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        """The job as the API shows it (times in ISO 8601, links to itself and its result)."""
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, datetime):
                data[key] = value.isoformat()
        data["progress"] = round(self.rows_done / self.rows_total, 4) if self.rows_total else 1.0
        data["href"] = f"/api/screen/jobs/{self.id}"
        data["result"] = (
            {
                "csv": f"/api/screen/jobs/{self.id}/result?format=csv",
                "json": f"/api/screen/jobs/{self.id}/result?format=json",
            }
            if self.state == DONE
            else None
        )
        return data


class JobStates(Protocol):
    """Where jobs are kept. Every method is safe to call from any thread."""

    def add(self, job: Job) -> None: ...

    def get(self, job_id: str) -> Job | None: ...

    def save(self, job: Job) -> None:
        """Write every field of the job (it exists already)."""
        ...

    def progress(self, job_id: str, rows_done: int) -> None: ...

    def active(self) -> list[Job]:
        """Jobs queued or running, oldest first."""
        ...

    def expired(self, now: datetime) -> list[Job]:
        """Jobs done whose result has outlived its time (`expires_at` before `now`)."""
        ...

    def claim(self, job_id: str) -> bool:
        """Take a queued job to run it (it becomes running): True for one caller only, in
        any thread or process; False when it was taken already or is not queued."""
        ...

    def orphans(self) -> list[Job]:
        """Jobs queued or running that no live server holds any more (a server that stopped
        or died left them): a server starting marks them interrupted."""
        ...


JOB_COLUMNS = (
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
SELECT_JOBS = f"SELECT {', '.join(JOB_COLUMNS)} FROM screening_jobs"


def job_from_row(row: tuple[Any, ...]) -> Job:
    """A job from a row of `SELECT_JOBS` (either state store)."""
    values = dict(zip(JOB_COLUMNS, row, strict=True))
    values["audit_ids"] = list(values["audit_ids"] or [])
    return Job(**values)
