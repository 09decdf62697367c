"""/api/border: ports, crossings and the yearly summary (answers kept per data generation)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from puente.api.answers import answer
from puente.api.models.border import BorderCrossings, BorderPort, BorderPorts, BorderSummary
from puente.api.params import Period, text_rule
from puente.api.queryparams import KNOWN_PARAMETERS
from puente.border import crossings, ports
from puente.border.sources import MEASURES
from puente.httpdeps import Format, Lower, Year

router = APIRouter(prefix="/api/border", tags=["border"], dependencies=[KNOWN_PARAMETERS])
PortCode = Annotated[str, Path(pattern=r"^\d{1,4}$", description="A port code, e.g. 2504")]


@router.get("/ports", summary="Every U.S.–Mexico land port", response_model=BorderPorts)
async def list_ports(request: Request, format: Format = None) -> Response:
    return await answer(request, ports.registry, "ports", format, lambda _: "ports")


@router.get(
    "/ports/{code}", summary="One port: facts, totals by measure, series", response_model=BorderPort
)
async def get_port(request: Request, code: PortCode, year: Year = None) -> Response:
    return await answer(request, lambda cur: crossings.port_profile(cur, code, year))


@router.get(
    "/crossings",
    summary="Crossings by month or year, measure and port",
    response_model=BorderCrossings,
)
async def get_crossings(
    request: Request,
    port: Annotated[str | None, Query(json_schema_extra=text_rule(r"^[0-9]{1,4}$"))] = None,
    measure: Annotated[str | None, Query(json_schema_extra={"enum": list(MEASURES)})] = None,
    start: Period = None,
    end: Period = None,
    group: Annotated[Literal["month", "year"], Lower, Query(description="month or year")] = "month",
    format: Format = None,
) -> Response:
    return await answer(
        request,
        lambda cur: crossings.crossings(
            cur, port=port, measure=measure, start=start, end=end, group=group
        ),
        "rows",
        format,
        lambda _: "crossings",
    )


@router.get("/summary", summary="The border in one year", response_model=BorderSummary)
async def get_summary(
    request: Request,
    year: Annotated[
        int | None, Query(ge=1900, le=2100, description="default: the latest complete year")
    ] = None,
    format: Format = None,
) -> Response:
    return await answer(
        request,
        lambda cur: crossings.summary(cur, year),
        "top_ports",
        format,
        lambda s: f"border-summary-{s.year}",
    )
