"""/api/sanctions (the SDN list), /api/screen (screening, one query or a batch, and a CSV
upload). Screening needs the screener role (anonymous-local when PUENTE_AUTH is local); the
audit log is served by puente.api.audit."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from starlette.concurrency import run_in_threadpool

from puente.api.deps import ScreenerActor
from puente.api.jobs import JobResponse, busy_response, job_json
from puente.api.models.common import ErrorResponse
from puente.api.models.sanctions import (
    SanctionsDiff,
    SanctionsEntity,
    SanctionsPrograms,
    SanctionsSearch,
)
from puente.api.models.screening import ScreeningReceipt, ScreenResult
from puente.api.params import (
    BIRTH_DATE,
    LISTS_PATTERN,
    SCREEN_NAME,
    SCREEN_TYPES,
    Country,
    EntityType,
    Lists,
    PrintableText,
    Program,
)
from puente.api.queryparams import KNOWN_PARAMETERS
from puente.api.responses import table_response
from puente.errors import InvalidInput
from puente.httpcache import kept
from puente.httpdeps import (
    Cursor,
    Format,
    SettingsDep,
    StoreDep,
    accept_batch,
    csv_download,
    get_jobs,
    json_rows,
    read_upload,
)
from puente.jobs import Job, JobsBusy
from puente.logs import get_logger
from puente.sanctions import entities
from puente.sanctions.diff import diff_versions
from puente.sanctions.lists import LISTS
from puente.sanctions.multilist import screen_submitted
from puente.sanctions.screener import MAX_BATCH, MAX_LIMIT, check_threshold, warm
from puente.sanctions.screening.query import MAX_ID_LENGTH, MAX_NAME_LENGTH
from puente.store import Store

log = get_logger(__name__)

# POST /api/screen's screenings: CPU work under the GIL, so one thread rather than the shared
# pool's forty (more threads only trade the GIL with the event loop: with two, a GET's p99
# under the mixed load was about 4x worse than with one).
_SCREENING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screening")


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


router = APIRouter(tags=["sanctions"], lifespan=_lifespan, dependencies=[KNOWN_PARAMETERS])


@router.get(
    "/api/sanctions/search",
    summary="Search the SDN list by name, program, country",
    response_model=SanctionsSearch,
)
@kept
def search(
    cur: Cursor,
    q: PrintableText = None,
    program: Program = None,
    country: Country = None,
    type: EntityType = None,
    limit: Annotated[int, Query(ge=1, le=entities.MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    format: Format = None,
) -> Response:
    payload = entities.search_entities(cur, q, program, country, type, limit, offset)
    return table_response(
        payload.as_json(),
        "results",
        format,
        "sdn-search",
        ["entity_id", "name", "entity_type", "programs", "countries", "mexico", "matched_name"],
    )


@router.get(
    "/api/sanctions/entities/{entity_id}",
    summary="One entry with its linked entities",
    response_model=SanctionsEntity,
)
@kept
def entity(cur: Cursor, entity_id: int) -> SanctionsEntity:
    return entities.get_entity(cur, entity_id)


@router.get(
    "/api/sanctions/programs",
    summary="Programs and how many entries each has",
    response_model=SanctionsPrograms,
)
@kept
def programs(cur: Cursor, format: Format = None) -> Response:
    return table_response(entities.list_programs(cur).as_json(), "programs", format, "sdn-programs")


@router.get(
    "/api/sanctions/diff",
    summary="Entries added, removed and changed between versions",
    response_model=SanctionsDiff,
)
@kept
def diff(
    cur: Cursor,
    old: Annotated[int | None, Query(description="Older version (default: the one before)")] = None,
    new: Annotated[int | None, Query(description="Newer version (default: in force)")] = None,
) -> SanctionsDiff:
    return diff_versions(cur, old, new)


# The names a list field takes, stated in the schema only: the service reads them in any case.
_ListItem = Annotated[str, WithJsonSchema({"type": "string", "enum": list(LISTS)})]
_ListsText = Annotated[str, WithJsonSchema({"type": "string", "pattern": LISTS_PATTERN})]


class ScreenQuery(BaseModel):
    # The schema states each field's form; the engine checks them with its own messages.
    model_config = ConfigDict(extra="forbid")
    name: str = Field(
        description="The name to screen; any script, no control characters",
        json_schema_extra={"pattern": SCREEN_NAME, "maxLength": MAX_NAME_LENGTH},
    )
    type: str | None = Field(
        None,
        description="individual, entity, vessel or aircraft",
        json_schema_extra={"enum": [*SCREEN_TYPES, None]},
    )
    birth_date: str | None = Field(
        None, description="1957, 1957-04 or 1957-04-04", json_schema_extra={"pattern": BIRTH_DATE}
    )
    country: str | None = Field(None, description="ISO code or name")
    id_number: str | None = Field(None, json_schema_extra={"maxLength": MAX_ID_LENGTH})


class ScreenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    queries: list[ScreenQuery] = Field(
        description="1 to PUENTE_MAX_QUERIES queries",
        json_schema_extra={"minItems": 1, "maxItems": MAX_BATCH},  # the service says how many
    )
    threshold: float | None = Field(
        None, ge=0, le=1, description="0..1; default PUENTE_SCREEN_THRESHOLD"
    )
    limit: int = Field(5, ge=1, le=MAX_LIMIT, description="Candidates per query, 1..50")
    lists: list[_ListItem] | _ListsText | None = Field(
        None, description="Lists to screen against (names or comma-separated); default: all"
    )


@router.post(
    "/api/screen",
    summary="Screen names against every list in force (or `lists`)",
    response_model=ScreenResult,
)
async def screen(
    body: ScreenRequest,
    store: StoreDep,
    settings: SettingsDep,
    actor: ScreenerActor,
) -> Response:
    threshold = check_threshold(body.threshold, settings.screen_threshold)
    if len(body.queries) > settings.max_queries:
        raise InvalidInput(
            f"{len(body.queries):,} queries; expected at most {settings.max_queries:,} "
            "(PUENTE_MAX_QUERIES)"
        )
    # The screening (CPU) runs in the small screening pool, not in the shared thread pool,
    # and so does the encoding of its answer; its audit row goes to the audit-writer thread,
    # which completes the answer once the row is committed. The answer waits here, holding
    # no thread, for that one future: one hand-over back to this busy loop, not two
    # (shielded: a client that goes away does not stop the write its screening is owed).
    answered: Future[bytes] = Future()
    _SCREENING.submit(
        _screen_answered,
        answered,
        store,
        body.queries,
        threshold,
        actor.label,
        limit=body.limit,
        lists=body.lists,
    )
    return Response(
        await asyncio.shield(asyncio.wrap_future(answered)), media_type="application/json"
    )


def _screen_answered(
    answered: Future[bytes],
    store: Store,
    queries: list[ScreenQuery],
    threshold: float,
    actor: str,
    limit: int,
    lists: list[str] | str | None,
) -> None:
    """The screening of POST /api/screen, in the screening thread. `answered` gets the
    answer as the JSON that JSONResponse would send once its audit row is committed (its
    last key, `audit_id`, appended then by the audit writer), or the error of either."""
    try:
        answer, audited = screen_submitted(
            store,
            [q.model_dump() for q in queries],
            threshold,
            actor,
            "api",
            limit=limit,
            lists=lists,
        )
        fields = answer.as_dict()
        del fields["audit_id"]  # the last key: its value is known once the row is committed
        text = json.dumps(fields, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except BaseException as exc:
        answered.set_exception(exc)
        return
    head = text[:-1].encode()

    def complete(row: Future[int]) -> None:
        error = row.exception()
        if error is not None:
            answered.set_exception(error)
        else:
            answered.set_result(head + b',"audit_id":%d}' % row.result())

    audited.add_done_callback(complete)


@router.post(
    "/api/screen/batch",
    summary="Screen a CSV file of names against every list (or `lists`): the results at once "
    "(CSV, or JSON with format=json), or a job (202) for a large file",
    status_code=200,
    response_class=Response,
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}},
            },
            "description": "A small file, screened: one row per (input row, candidate)",
        },
        202: {"model": JobResponse, "description": "A large file: a job, see Location"},
        400: {"model": ErrorResponse},
        503: {"model": ErrorResponse, "description": "Every job slot is taken; Retry-After"},
    },
)
async def screen_batch(
    request: Request,
    actor: ScreenerActor,
    store: StoreDep,
    settings: SettingsDep,
    file: Annotated[
        UploadFile, File(description="CSV with a name column (UTF-8, UTF-16 or Windows-1252)")
    ],
    threshold: Annotated[float | None, Query(ge=0, le=1)] = None,
    lists: Lists = None,
    format: Annotated[
        Literal["csv", "json"] | None, Query(description="csv (default) or json")
    ] = None,
) -> Response:
    if format not in (None, "csv", "json"):
        raise InvalidInput(f"format {format!r} is unknown; expected csv or json")
    data = await read_upload(file, settings)
    try:
        accepted = await run_in_threadpool(
            accept_batch,
            store,
            settings,
            get_jobs(request),
            data,
            file.filename,
            threshold,
            actor.label,
            "api",
            lists,
        )
    except JobsBusy as exc:
        return busy_response(exc)
    if isinstance(accepted, Job):
        body = job_json(accepted)
        return JSONResponse(body, status_code=202, headers={"Location": body["href"]})
    if format == "json":
        return JSONResponse(json_rows(accepted))
    return csv_download(accepted, file.filename)


@router.get(
    "/api/screen/receipts/{audit_id}",
    summary="A screening's receipt: who, when, list versions, query, answer, chain hash",
    responses={404: {"model": ErrorResponse}},
    response_model=ScreeningReceipt,
)
def screening_receipt_json(request: Request, audit_id: int, actor: ScreenerActor) -> JSONResponse:
    from puente.httpauth import get_state
    from puente.sanctions.receipts import screening_receipt

    return JSONResponse(screening_receipt(get_state(request), audit_id, actor).as_dict())
