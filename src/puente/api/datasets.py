"""/api/datasets: what is loaded, with provenance; and the admin endpoints through which the
CLI loads data into a running server (see docs/decisions/0001-store-and-concurrency.md)."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel

from puente.api.deps import get_settings, get_store
from puente.config import Settings
from puente.errors import Forbidden
from puente.ingest.guard import confine
from puente.ingest.registry import all_sources, describe_datasets, get_source
from puente.ingest.runner import ingest_source, rollback_dataset
from puente.store import Store

router = APIRouter(prefix="/api", tags=["datasets"])


def require_admin(request: Request, x_puente_token: Annotated[str | None, Header()] = None) -> None:
    expected = getattr(request.app.state, "admin_token", None)
    if not expected or not x_puente_token or not secrets.compare_digest(expected, x_puente_token):
        raise Forbidden(
            "admin endpoints take the token that `puente serve` wrote beside the database"
        )


@router.get("/datasets", summary="Datasets and their kept versions")
def list_datasets(store: Annotated[Store, Depends(get_store)]) -> dict[str, Any]:
    return describe_datasets(store)


class IngestRequest(BaseModel):
    dataset: str | None = None
    all: bool = False
    origin: str | None = None
    mirror: str | None = None


@router.post("/admin/ingest", dependencies=[Depends(require_admin)], include_in_schema=False)
def admin_ingest(
    body: IngestRequest,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> dict[str, Any]:
    names = sorted(all_sources()) if body.all else [body.dataset or ""]
    # The server reads local files only under its own mirror, whatever the request names
    # (a client's `mirror` is not used: it names a folder on the client's side).
    origin = confine(body.origin, settings.mirror) if body.origin else None
    reports = []
    for name in names:
        report = ingest_source(
            store,
            get_source(name),
            origin,
            settings.mirror,
            timeout=settings.download_timeout,
            allow_private=settings.fetch_allow_private,
        )
        reports.append(report.as_dict())
    return {"reports": reports}


class RollbackRequest(BaseModel):
    dataset: str
    expect: int | None = None


@router.post("/admin/rollback", dependencies=[Depends(require_admin)], include_in_schema=False)
def admin_rollback(
    body: RollbackRequest, store: Annotated[Store, Depends(get_store)]
) -> dict[str, Any]:
    return rollback_dataset(store, body.dataset, body.expect).as_dict()
