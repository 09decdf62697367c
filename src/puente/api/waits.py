"""/api/border/waits: wait times by port, lane, weekday and hour, and the best time to cross
(answers kept per data generation)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import StringConstraints

from puente.api.answers import answer
from puente.api.border import PortCode
from puente.api.models.border import (
    BorderBestTime,
    BorderObserved,
    BorderPortWaits,
    BorderWaitPorts,
)
from puente.api.queryparams import KNOWN_PARAMETERS
from puente.border import waits
from puente.border.lanes import check_lane, check_lane_type, day_names
from puente.httpdeps import Format, Lower, Month, _canonical

router = APIRouter(prefix="/api/border/waits", tags=["border"], dependencies=[KNOWN_PARAMETERS])
Lane = Annotated[
    Literal["passenger", "pedestrian", "commercial"] | None,
    _canonical(check_lane),
    Query(description="passenger (default), pedestrian or commercial"),
]
LaneType = Annotated[
    Literal["general", "ready", "sentri", "fast"] | None,
    _canonical(check_lane_type),
    Query(alias="type", description="general (default), ready, sentri or fast"),
]
Day = Annotated[
    # The pattern on the string itself, so that the schema shows it (on the optional, FastAPI
    # would check it but leave it out of the document).
    Annotated[str, StringConstraints(pattern="^(" + "|".join(day_names()) + ")?$")] | None,
    Lower,
    Query(description="a weekday, e.g. sunday, sun or domingo (default: every day)"),
]
Crossing = Annotated[str | None, Query(description="one crossing of the port, by name")]


@router.get(
    "",
    summary="Every port and crossing with wait times, and the lanes covered",
    response_model=BorderWaitPorts,
)
async def list_wait_ports(request: Request, format: Format = None) -> Response:
    return await answer(request, waits.wait_ports, "rows", format, lambda _: "wait-ports")


@router.get(
    "/{port}",
    summary="Typical and observed waits by weekday and hour; best times",
    response_model=BorderPortWaits,
)
async def get_port_waits(
    request: Request,
    port: PortCode,
    lane: Lane = None,
    lane_type: LaneType = None,
    day: Day = None,
    month: Month = None,
    crossing: Crossing = None,
    format: Format = None,
) -> Response:
    return await answer(
        request,
        lambda cur: waits.port_waits(cur, port, lane, lane_type, day, month, crossing),
        "averages",
        format,
        lambda w: f"wait-averages-{w.port['port_code']}-{w.lane}-{w.lane_type}",
    )


@router.get(
    "/{port}/best-time",
    summary="The hours with the shortest and longest waits",
    response_model=BorderBestTime,
)
async def get_best_time(
    request: Request,
    port: PortCode,
    lane: Lane = None,
    lane_type: LaneType = None,
    day: Day = None,
    month: Month = None,
    crossing: Crossing = None,
    count: Annotated[int, Query(ge=1, le=24, description="hours to list (1-24)")] = 3,
) -> Response:
    return await answer(
        request,
        lambda cur: waits.best_time(cur, port, lane, lane_type, day, month, crossing, count),
    )


@router.get(
    "/{port}/observed",
    summary="Observed waits: count, median and 90th percentile",
    response_model=BorderObserved,
)
async def get_observed(
    request: Request,
    port: PortCode,
    lane: Lane = None,
    lane_type: LaneType = None,
    day: Day = None,
    month: Month = None,
    crossing: Crossing = None,
    format: Format = None,
) -> Response:
    return await answer(
        request,
        lambda cur: waits.observed_waits(cur, port, lane, lane_type, day, month, crossing),
        "rows",
        format,
        lambda w: f"observed-waits-{w.port['port_code']}-{w.lane}-{w.lane_type}",
    )
