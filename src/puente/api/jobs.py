"""/api/screen/jobs/{id} (a batch job's state and progress) and /api/screen/jobs/{id}/result
(its result, CSV or JSON); the job runner of the application, started with it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from puente.api.models.common import ErrorResponse
from puente.api.openapi import ROLE_EXTENSION
from puente.api.queryparams import KNOWN_PARAMETERS
from puente.filenames import content_disposition
from puente.httpdeps import Lower, actor_of, get_jobs, runner_of
from puente.jobs import Job, JobRunner, JobsBusy
from puente.logs import get_logger

log = get_logger(__name__)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """At start, jobs a stopped server left behind are marked interrupted; at shutdown the
    workers stop (a job still running is marked interrupted) before the store closes."""
    if getattr(app.state, "store", None) is not None:
        runner_of(app)
    try:
        yield
    finally:
        runner = getattr(app.state, "jobs", None)
        if runner is not None:
            runner.close()
            app.state.jobs = None


router = APIRouter(tags=["sanctions"], lifespan=_lifespan, dependencies=[KNOWN_PARAMETERS])
Jobs = Annotated[JobRunner, Depends(get_jobs)]


class JobResponse(BaseModel):
    """A batch job as the API shows it (without the actor: who asked is the audit log's)."""

    id: str
    state: Literal["queued", "running", "done", "failed", "expired"]
    rows_total: int
    rows_done: int
    progress: float = Field(description="rows_done / rows_total, 0..1")
    match_rows: int
    error_rows: int
    file_name: str | None
    threshold: float
    input_sha256: str
    result_sha256: str | None
    dataset: str | None
    list_version: int | None
    list_sha256: str | None
    audit_id: int | None
    audit_ids: list[int]
    error: str | None
    created_at: str
    started_at: str | None
    finished_at: str | None
    expires_at: str | None
    href: str
    result: dict[str, str] | None = Field(
        description="Links to the result (csv, json), once the job is done"
    )

    @classmethod
    def of(cls, job: Job) -> JobResponse:
        return cls.model_validate(job.as_dict())


def job_json(job: Job) -> dict[str, Any]:
    """The job as the API sends it."""
    return JobResponse.of(job).model_dump()


def busy_response(exc: JobsBusy) -> JSONResponse:
    return JSONResponse(
        {"error": exc.error, "detail": exc.detail},
        status_code=exc.status_code,
        headers={"Retry-After": str(exc.retry_after)},
    )


def job_actor(request: Request) -> str:
    """The verified caller (a key's header is read by the security check, and documented by
    the operation's security schemes, not as a parameter of its own)."""
    return actor_of(request)


@router.get(
    "/api/screen/jobs/{job_id}",
    summary="A batch screening job: state, rows done of total, result links",
    openapi_extra={ROLE_EXTENSION: "screener"},
    response_model=JobResponse,
    responses={404: {"model": ErrorResponse}},
)
def job_status(
    job_id: str,
    request: Request,
    jobs: Jobs,
) -> JobResponse:
    return JobResponse.of(jobs.get(job_id, job_actor(request)))


@router.get(
    "/api/screen/jobs/{job_id}/result",
    summary="A finished job's result: the input rows with the screening columns added",
    response_class=Response,
    openapi_extra={ROLE_EXTENSION: "screener"},
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}},
            }
        },
        404: {"model": ErrorResponse},
        409: {"model": ErrorResponse, "description": "The job has not finished"},
        410: {"model": ErrorResponse, "description": "The result has expired"},
    },
)
def job_result(
    job_id: str,
    request: Request,
    jobs: Jobs,
    format: Annotated[
        Literal["csv", "json"], Lower, Query(description="csv (default) or json")
    ] = "csv",
) -> FileResponse:
    job, path = jobs.result(job_id, format, job_actor(request))
    stem = (job.file_name or "screening").rsplit(".", 1)[0] + "-screened"
    media = "text/csv; charset=utf-8" if format == "csv" else "application/json"
    headers = {"Content-Disposition": content_disposition(f"{stem}.{format}")}
    if format == "csv" and job.result_sha256:
        headers["X-Result-Sha256"] = job.result_sha256
    return FileResponse(path, media_type=media, headers=headers)
