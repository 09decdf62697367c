"""/api/audit: the screening audit log (viewer role): export, verify, checkpoints. Nothing
here, or anywhere in the API, edits or deletes an audit row.

While the server runs it records a signed checkpoint every PUENTE_AUDIT_CHECKPOINT_MINUTES
(when rows were added since the last one)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi.responses import Response
from pydantic import BaseModel

from puente.api.deps import ViewerActor, app_state, get_settings, get_state
from puente.api.models.audit import AuditCheckpoint, AuditVerification
from puente.api.openapi import text_answer
from puente.api.queryparams import KNOWN_PARAMETERS
from puente.httpdeps import Lower
from puente.logs import get_logger
from puente.sanctions import audit, auditchain
from puente.state import State

log = get_logger(__name__)
StateDep = Annotated[State, Depends(get_state)]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid key"},
    403: {"description": "The key's role does not allow this"},
}


def _checkpoints(app: FastAPI, stop: threading.Event, minutes: float) -> None:
    settings = app.state.settings
    while not stop.is_set():
        try:
            store = app.state.store
            if store is not None:
                state = app_state(app.state, store, settings)
                if state.store.audit_count():
                    made = auditchain.record_checkpoint(state, settings.db.name)
                    if made is not None:
                        log.info("audit.checkpoint", last_id=made["last_id"])
        except Exception as exc:  # a closed store at shutdown: try again next time
            log.warning("audit.checkpoint_failed", error=str(exc))
        stop.wait(minutes * 60)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    minutes = float(app.state.settings.audit_checkpoint_minutes)
    stop = threading.Event()
    worker = None
    if minutes > 0 and getattr(app.state, "store", None) is not None:
        worker = threading.Thread(
            target=_checkpoints, args=(app, stop, minutes), name="audit-checkpoints", daemon=True
        )
        worker.start()
    try:
        yield
    finally:
        stop.set()
        if worker is not None:
            worker.join(timeout=10)


router = APIRouter(
    prefix="/api/audit",
    tags=["audit"],
    lifespan=_lifespan,
    responses=ERRORS,
    dependencies=[KNOWN_PARAMETERS],
)


@router.get(
    "/export",
    summary="The screening audit log, oldest first (viewer role)",
    response_class=Response,
    responses=text_answer("application/x-ndjson", "text/csv"),
)
def audit_export(
    state: StateDep,
    _actor: ViewerActor,
    format: Annotated[Literal["jsonl", "csv"], Lower, Query(description="jsonl or csv")] = "jsonl",
) -> Response:
    text = "".join(audit.export_audit(state, format))
    media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson"
    return Response(
        text,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="screening-audit.{format}"'},
    )


class VerifyRequest(BaseModel):
    checkpoint: dict[str, Any] | None = None


@router.get(
    "/verify",
    summary="Check the audit chain and the checkpoints kept (viewer role)",
    response_model=AuditVerification,
)
def audit_verify(state: StateDep, _actor: ViewerActor) -> dict[str, Any]:
    return auditchain.verify_chain(state)


@router.post(
    "/verify",
    summary="Check the audit chain against a checkpoint (viewer role)",
    response_model=AuditVerification,
)
def audit_verify_against(
    body: VerifyRequest, state: StateDep, _actor: ViewerActor
) -> dict[str, Any]:
    return auditchain.verify_chain(state, [body.checkpoint] if body.checkpoint else [])


@router.get(
    "/checkpoint",
    summary="A signed statement of the log's end, to keep elsewhere",
    response_model=AuditCheckpoint,
)
def audit_checkpoint(
    state: StateDep,
    _actor: ViewerActor,
    settings: Annotated[Any, Depends(get_settings)],
) -> dict[str, Any]:
    return auditchain.make_checkpoint(state, settings.db.name)
