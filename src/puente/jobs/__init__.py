"""Batch screening jobs: state, worker processes, results (docs/decisions/0012-batch-jobs.md).

The capability core: no FastAPI, Jinja or CLI here. The API and the web pages call
`JobRunner`; job state lives behind `JobStates`.
"""

from puente.jobs.model import (
    ACTIVE,
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
from puente.jobs.runner import JobRunner

__all__ = [
    "ACTIVE",
    "DONE",
    "EXPIRED",
    "FAILED",
    "QUEUED",
    "RUNNING",
    "Job",
    "JobNotReady",
    "JobRunner",
    "JobStates",
    "JobsBusy",
    "ResultGone",
]
