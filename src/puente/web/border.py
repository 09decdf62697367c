"""Pages /border and /border/ports/{code}; their JSON twins are /api/border/summary and
/api/border/ports/{code}."""

from __future__ import annotations

from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from puente.api.deps import read_cursor
from puente.border import crossings
from puente.errors import NotFound
from puente.geo.shapes import state_features
from puente.web import charts
from puente.web.rendering import render

router = APIRouter(include_in_schema=False)
Cursor = Annotated[duckdb.DuckDBPyConnection, Depends(read_cursor)]


def _season_spec(profile: list[dict[str, Any]]) -> dict[str, Any]:
    return charts.bar_chart(
        [{"month": f"{r['month']:02d}", "people_per_day": r["people_per_day"]} for r in profile],
        "month",
        "people_per_day",
        category_title="Month",
        value_title="People per day",
        horizontal=False,
        sort=None,
    )


def _outlines(cur: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The Mexican state outlines for the map's background, when they are loaded."""
    try:
        return state_features(cur)
    except NotFound:
        return None  # the ports still show, on a blank background


@router.get("/border", response_class=HTMLResponse)
def border_page(request: Request, cur: Cursor, year: int | None = None) -> HTMLResponse:
    summary = crossings.summary(cur, year)
    trend = crossings.yearly_people(cur)
    years = [row["year"] for row in trend]
    trend_rows = [
        {"year": str(r["year"]), "people": r["people"]} for r in trend if r["months"] == 12
    ]
    ports = summary["top_ports"]
    for port in ports:
        port["href"] = f"/border/ports/{port['port_code']}"
    context = {
        "s": summary,
        "years": years,
        "trend_spec": charts.line_chart(
            trend_rows, "year", "people", x_title="Year", y_title="People"
        ),
        "map_spec": charts.point_map(
            ports,
            size="people",
            label="port_name",
            size_title="People",
            href="href",
            color="state",
            background=_outlines(cur),
        ),
        "season_spec": _season_spec(summary["seasonal_profile"]),
    }
    return render(request, "border/index.html", context)


@router.get("/border/ports/{code}", response_class=HTMLResponse)
def port_page(request: Request, cur: Cursor, code: str, year: int | None = None) -> HTMLResponse:
    profile = crossings.port_profile(cur, code, year)
    # Partial years (the running one) would read as a collapse: the chart shows whole years.
    whole = {r["year"] for r in profile["people_by_year"] if r["months"] == 12}
    rows = [
        {"year": str(r["year"]), "measure": r["measure"], "value": r["value"]}
        for r in profile["yearly"]
        if r["year"] in whole
    ]
    context = {
        "p": profile,
        "measure_spec": charts.line_chart(
            rows, "year", "value", color="measure", x_title="Year", y_title="Crossings"
        ),
        "season_spec": _season_spec(profile["seasonal_profile"]),
    }
    return render(request, "border/port.html", context)
