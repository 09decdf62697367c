"""/api/border: ports, crossings and the yearly summary."""

from __future__ import annotations

from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from puente.api.deps import read_cursor
from puente.api.responses import table_response
from puente.border import crossings, ports
from puente.store import catalog

router = APIRouter(prefix="/api/border", tags=["border"])
Cursor = Annotated[duckdb.DuckDBPyConnection, Depends(read_cursor)]
Format = Annotated[str | None, Query(description="json (default) or csv")]


@router.get("/ports", summary="Every U.S.–Mexico land port")
def list_ports(cur: Cursor, format: Format = None) -> Response:
    version = catalog.require_current(cur, crossings.DATASET)
    rows = [p.as_dict() for p in ports.list_ports(cur)]
    for row in rows:
        row.pop("crossings")
    payload = {"ports": rows, "version": version.ref.as_dict()}
    return table_response(payload, "ports", format, "ports")


@router.get("/ports/{code}", summary="One port: facts, totals by measure, series")
def get_port(cur: Cursor, code: str, year: int | None = None) -> dict[str, Any]:
    return crossings.port_profile(cur, code, year)


@router.get("/crossings", summary="Crossings by month or year, measure and port")
def get_crossings(
    cur: Cursor,
    port: str | None = None,
    measure: str | None = None,
    start: Annotated[str | None, Query(description="YYYY or YYYY-MM")] = None,
    end: Annotated[str | None, Query(description="YYYY or YYYY-MM")] = None,
    group: Annotated[str, Query(description="month or year")] = "month",
    format: Format = None,
) -> Response:
    payload = crossings.crossings(
        cur, port=port, measure=measure, start=start, end=end, group=group
    )
    return table_response(payload, "rows", format, "crossings")


@router.get("/summary", summary="The border in one year")
def get_summary(
    cur: Cursor,
    year: Annotated[int | None, Query(description="default: the latest complete year")] = None,
    format: Format = None,
) -> Response:
    payload = crossings.summary(cur, year)
    return table_response(payload, "top_ports", format, f"border-summary-{payload['year']}")
