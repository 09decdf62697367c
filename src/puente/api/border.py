"""/api/border: ports, crossings and the yearly summary (answers kept per data generation)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from puente.api.answers import answer
from puente.border import crossings, ports
from puente.httpdeps import Format

router = APIRouter(prefix="/api/border", tags=["border"])


@router.get("/ports", summary="Every U.S.–Mexico land port")
async def list_ports(request: Request, format: Format = None) -> Response:
    return await answer(request, ports.registry, "ports", format, lambda _: "ports")


@router.get("/ports/{code}", summary="One port: facts, totals by measure, series")
async def get_port(request: Request, code: str, year: int | None = None) -> Response:
    return await answer(request, lambda cur: crossings.port_profile(cur, code, year))


@router.get("/crossings", summary="Crossings by month or year, measure and port")
async def get_crossings(
    request: Request,
    port: str | None = None,
    measure: str | None = None,
    start: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    end: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    group: Annotated[str, Query(description="month or year")] = "month",
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


@router.get("/summary", summary="The border in one year")
async def get_summary(
    request: Request,
    year: Annotated[int | None, Query(description="default: the latest complete year")] = None,
    format: Format = None,
) -> Response:
    return await answer(
        request,
        lambda cur: crossings.summary(cur, year),
        "top_ports",
        format,
        lambda p: f"border-summary-{p['year']}",
    )
