"""/api/sanctions (the SDN list), /api/screen (screening, one query or a batch, and a CSV
upload). Screening needs the screener role (anonymous-local when PUENTE_AUTH is local); the
audit log is served by puente.api.audit."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, File, Query, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from puente.api.deps import ScreenerActor
from puente.api.responses import table_response
from puente.httpdeps import (
    Cursor,
    Format,
    SettingsDep,
    StoreDep,
    batch_response,
)
from puente.logs import get_logger
from puente.sanctions import entities
from puente.sanctions.diff import diff_versions
from puente.sanctions.multilist import screen_lists
from puente.sanctions.screener import check_threshold, warm
from puente.store import Store

log = get_logger(__name__)


def _warm_in_background(store: Store) -> None:
    try:
        warm(store)
    except Exception as exc:  # a closed store at shutdown, a damaged version...
        log.warning("screening.warm_failed", error=str(exc))


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Build the screening index of the list in force while the server starts, so that the
    first screening does not wait for it; at shutdown, wait for that build before the store
    closes."""
    store = getattr(app.state, "store", None)
    builder = None
    if store is not None:
        builder = threading.Thread(
            target=_warm_in_background, args=(store,), name="screening-warm", daemon=True
        )
        builder.start()
    try:
        yield
    finally:
        if builder is not None:
            builder.join(timeout=60)


router = APIRouter(tags=["sanctions"], lifespan=_lifespan)


@router.get("/api/sanctions/search", summary="Search the SDN list by name, program, country")
def search(
    cur: Cursor,
    q: Annotated[str | None, Query(description="Words of a name or alias")] = None,
    program: Annotated[str | None, Query(description="Program tag, e.g. SDNTK")] = None,
    country: Annotated[str | None, Query(description="ISO code or name, e.g. MX")] = None,
    type: Annotated[str | None, Query(description="individual, entity, vessel, aircraft")] = None,
    limit: Annotated[int, Query(ge=1, le=entities.MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    format: Format = None,
) -> Response:
    payload = entities.search_entities(cur, q, program, country, type, limit, offset)
    return table_response(
        payload,
        "results",
        format,
        "sdn-search",
        ["entity_id", "name", "entity_type", "programs", "countries", "mexico", "matched_name"],
    )


@router.get("/api/sanctions/entities/{entity_id}", summary="One entry with its linked entities")
def entity(cur: Cursor, entity_id: int) -> dict[str, Any]:
    return entities.get_entity(cur, entity_id)


@router.get("/api/sanctions/programs", summary="Programs and how many entries each has")
def programs(cur: Cursor, format: Format = None) -> Response:
    return table_response(entities.list_programs(cur), "programs", format, "sdn-programs")


@router.get("/api/sanctions/diff", summary="Entries added, removed and changed between versions")
def diff(
    cur: Cursor,
    old: Annotated[int | None, Query(description="Older version (default: the one before)")] = None,
    new: Annotated[int | None, Query(description="Newer version (default: in force)")] = None,
) -> dict[str, Any]:
    return diff_versions(cur, old, new)


class ScreenQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="The name to screen; any script")
    type: str | None = Field(None, description="individual, entity, vessel or aircraft")
    birth_date: str | None = Field(None, description="1957, 1957-04 or 1957-04-04")
    country: str | None = Field(None, description="ISO code or name")
    id_number: str | None = None


class ScreenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    queries: list[ScreenQuery] = Field(description="1 to 1,000 queries")
    threshold: float | None = Field(None, description="0..1; default PUENTE_SCREEN_THRESHOLD")
    limit: int = Field(5, description="Candidates per query, 1..50")
    lists: list[str] | str | None = Field(
        None, description="Lists to screen against (names or comma-separated); default: all"
    )


@router.post("/api/screen", summary="Screen names against every list in force (or `lists`)")
def screen(
    body: ScreenRequest,
    store: StoreDep,
    settings: SettingsDep,
    actor: ScreenerActor,
) -> JSONResponse:
    threshold = check_threshold(body.threshold, settings.screen_threshold)
    # Plain JSON values already: answered as they are, without a second encoding pass.
    return JSONResponse(
        screen_lists(
            store,
            [q.model_dump() for q in body.queries],
            threshold,
            actor.label,
            "api",
            limit=body.limit,
            lists=body.lists,
        )
    )


@router.post("/api/screen/batch", summary="Screen a CSV file of names; answers a CSV")
async def screen_batch(
    actor: ScreenerActor,
    store: StoreDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="UTF-8 CSV with a name column")],
    threshold: Annotated[float | None, Query()] = None,
) -> Response:
    return await batch_response(store, settings, file, threshold, actor.label, "api")
