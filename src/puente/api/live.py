"""/api/border/waits/{port}/now and /forecast: the live wait with the age of each figure, and
the forecast for the next hours or a chosen time. Not kept per data generation: the age of a
figure changes every minute, and a forecast is computed off the event loop."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from puente.api.border import PortCode
from puente.api.deps import get_settings, get_store, require_admin
from puente.api.models.border import BorderCurrentWaits, BorderForecast
from puente.api.params import DATE_TIME, text_rule
from puente.api.waits import Lane, LaneType
from puente.border import forecast, live
from puente.border.forecast import parse_at
from puente.config import Settings
from puente.ingest.guard import confine
from puente.ingest.updates import parse_interval, update_named
from puente.store import Store

router = APIRouter(prefix="/api/border/waits", tags=["border"])
router_admin = APIRouter(prefix="/api/admin", include_in_schema=False)
Crossing = Annotated[str | None, Query(description="one crossing of the port, by name")]
At = Annotated[
    str | None,
    Query(
        description="a time in the coming week, ISO 8601 (local time of the port if no zone); "
        "a time out of the forecast's reach has no forecast (404)",
        json_schema_extra=text_rule(DATE_TIME),
    ),
]


@router.get(
    "/{port}/now",
    summary="The latest live wait per crossing, lane and lane type",
    response_model=BorderCurrentWaits,
)
async def get_current_waits(request: Request, port: PortCode) -> dict[str, Any]:
    store = get_store(request)

    def compute() -> dict[str, Any]:
        with store.read() as cur:
            return live.current_waits(cur, port)

    return await run_in_threadpool(compute)


@router.get(
    "/{port}/forecast",
    summary="Forecast wait for the next hours or a chosen time",
    response_model=BorderForecast,
)
async def get_forecast(
    request: Request,
    port: PortCode,
    lane: Lane = None,
    lane_type: LaneType = None,
    crossing: Crossing = None,
    at: At = None,
) -> dict[str, Any]:
    store = get_store(request)
    moment = parse_at(at)

    def compute() -> dict[str, Any]:
        with store.read() as cur:
            return forecast.forecast(cur, port, lane, lane_type, crossing, moment)

    return await run_in_threadpool(compute)


class UpdateRequest(BaseModel):
    datasets: list[str] = Field(default_factory=list)
    dry_run: bool = False
    due_only: bool = False


@router_admin.post("/update", dependencies=[Depends(require_admin)])
def admin_update(
    body: UpdateRequest,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> dict[str, Any]:
    return update_named(
        store,
        body.datasets,
        dry_run=body.dry_run,
        timeout=settings.download_timeout,
        interval=parse_interval(settings.update_every),
        due_only=body.due_only,
    )


class PollRequest(BaseModel):
    location: str | None = None


@router_admin.post("/waits/poll", dependencies=[Depends(require_admin)])
def admin_poll(
    body: PollRequest,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> dict[str, Any]:
    # As admin ingest: a URL goes to public addresses only (unless PUENTE_FETCH_ALLOW_PRIVATE),
    # a local file must lie inside the server's mirror.
    location = confine(body.location, settings.mirror) if body.location else None
    return live.poll_feed(
        store,
        location or settings.waits_feed_url,
        settings.download_timeout,
        settings.fetch_allow_private,
        mirror=settings.mirror,
    ).as_dict()
