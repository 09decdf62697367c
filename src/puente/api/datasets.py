"""/api/datasets: what is loaded, with provenance; and the admin endpoints through which the
CLI loads data into a running server (see docs/decisions/0001-store-and-concurrency.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from puente.api.deps import get_settings, get_store, require_admin
from puente.api.models.datasets import Datasets
from puente.api.queryparams import KNOWN_PARAMETERS
from puente.config import Settings
from puente.errors import PuenteError
from puente.ingest.guard import confine
from puente.ingest.hooks import batch
from puente.ingest.provenance import public_text
from puente.ingest.registry import all_sources, describe_datasets, get_source
from puente.ingest.runner import ingest_source, rollback_dataset
from puente.store import Store

router = APIRouter(prefix="/api", tags=["datasets"], dependencies=[KNOWN_PARAMETERS])


@router.get("/datasets", summary="Datasets and their kept versions", response_model=Datasets)
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
    # The server reads local files only under its own mirror, whatever the request names
    # (a client's `mirror` is not used: it names a folder on the client's side).
    # What it answers never names the mirror's place on the server's disk: a file under it
    # goes by its mirror-relative path (as provenance does).
    try:
        origin = confine(body.origin, settings.mirror) if body.origin else None
    except PuenteError as exc:
        raise _public(exc, settings) from None

    def load(name: str) -> dict[str, Any]:
        try:
            return ingest_source(
                store,
                get_source(name),
                origin,
                settings.mirror,
                timeout=settings.download_timeout,
                allow_private=settings.fetch_allow_private,
            ).as_dict()
        except PuenteError as exc:
            raise _public(exc, settings) from None

    if not body.all:
        return {"reports": [load(body.dataset or "")], "failures": []}
    # Every dataset: one failing never stops the others, and the post-load work (the
    # forecast refit) runs once after all of them.
    reports, failures = [], []
    with batch(store):
        for name in sorted(all_sources()):
            try:
                reports.append(load(name))
            except PuenteError as exc:
                failures.append(f"{name}: {exc.detail}")
    return {"reports": reports, "failures": failures}


def _public(exc: PuenteError, settings: Settings) -> PuenteError:
    exc.detail = public_text(exc.detail, settings.mirror)
    exc.args = (exc.detail,)
    return exc


class RollbackRequest(BaseModel):
    dataset: str
    expect: int | None = None


@router.post("/admin/rollback", dependencies=[Depends(require_admin)], include_in_schema=False)
def admin_rollback(
    body: RollbackRequest, store: Annotated[Store, Depends(get_store)]
) -> dict[str, Any]:
    return rollback_dataset(store, body.dataset, body.expect).as_dict()


class PublishRequest(BaseModel):
    out: str | None = None
    keep: int = 3


@router.post("/admin/publish", dependencies=[Depends(require_admin)], include_in_schema=False)
def admin_publish(
    body: PublishRequest,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> dict[str, Any]:
    """`puente publish` through the server that holds the database: a snapshot written only
    under the database's own folder, whatever the request names."""
    from pathlib import Path

    from puente.errors import InvalidInput
    from puente.store.publish import publish

    out = None
    if body.out is not None:
        base = Path(settings.db).resolve().parent
        out = Path(body.out).resolve()
        if not out.is_relative_to(base):
            raise InvalidInput(f"the server publishes under its database folder {base} only")
    path, manifest = publish(store, out, keep=max(body.keep, 1))
    return {"path": str(path), "manifest": manifest.as_dict()}
