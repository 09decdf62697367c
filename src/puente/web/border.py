"""Pages /border and /border/ports/{code}; their JSON twins are /api/border/summary and
/api/border/ports/{code}."""

from __future__ import annotations

from typing import Any

from babel.dates import get_month_names
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from puente.border import crossings
from puente.httpdeps import Cursor
from puente.web import charts
from puente.web.rendering import gettext_for, kept, render, request_locale

router = APIRouter(include_in_schema=False)


def _season_spec(request: Request, profile: list[dict[str, Any]]) -> dict[str, Any]:
    """People per day by calendar month, the months named by Babel in the page's language."""
    _ = gettext_for(request)
    months = get_month_names("abbreviated", context="stand-alone", locale=request_locale(request))
    return charts.bar_chart(
        [{"month": months[r["month"]], "people_per_day": r["people_per_day"]} for r in profile],
        "month",
        "people_per_day",
        category_title=_("Month"),
        value_title=_("People per day"),
        horizontal=False,
        sort=None,
        locale=request_locale(request),
    )


@router.get("/border", response_class=HTMLResponse)
@kept
def border_page(request: Request, cur: Cursor, year: int | None = None) -> HTMLResponse:
    summary = crossings.summary(cur, year)
    trend = crossings.yearly_people(cur)
    years = [row["year"] for row in trend]
    _ = gettext_for(request)
    trend_rows = [
        {
            "year": str(r["year"]),
            "people": r["people"],
            **charts.partial_fields(
                bool(r["silent_ports"]),
                _("incomplete"),
                _("incomplete: no data for %(ports)s") % {"ports": ", ".join(r["silent_ports"])},
            ),
        }
        for r in trend
        if r["months"] == 12
    ]
    ports = summary.top_ports
    for port in ports:
        port["href"] = f"/border/ports/{port['port_code']}"
    context = {
        "s": summary,
        "years": years,
        "trend_spec": charts.line_chart(
            trend_rows,
            "year",
            "people",
            x_title=_("Year"),
            y_title=_("People"),
            locale=request_locale(request),
        ),
        "map_spec": charts.point_map(
            ports,
            size="people",
            label="port_name",
            size_title=_("People"),
            href="href",
            color="state",
            background=charts.outlines_data(cur),  # none: a blank background
            locale=request_locale(request),
        ),
        "season_spec": _season_spec(request, summary.seasonal_profile),
    }
    return render(request, "border/index.html", context)


@router.get("/border/ports/{code}", response_class=HTMLResponse)
@kept
def port_page(request: Request, cur: Cursor, code: str, year: int | None = None) -> HTMLResponse:
    profile = crossings.port_profile(cur, code, year)
    _ = gettext_for(request)
    # Partial years (the running one) would read as a collapse: the chart shows whole years.
    whole = {r["year"] for r in profile.people_by_year if r["months"] == 12}
    # A year the port reported as zero throughout is a gap in every line, not a drop to zero.
    unreported = set(profile.unreported_years)
    rows = [
        {
            "year": str(year),
            "measure": _(measure),
            "value": None if year in unreported else value,
        }
        for year, measure, value in ((r["year"], r["measure"], r["value"]) for r in profile.yearly)
        if year in whole
    ]
    context = {
        "p": profile,
        "measure_spec": charts.line_chart(
            rows,
            "year",
            "value",
            color="measure",
            x_title=_("Year"),
            y_title=_("Crossings"),
            locale=request_locale(request),
        ),
        "season_spec": _season_spec(request, profile.seasonal_profile),
    }
    return render(request, "border/port.html", context)
