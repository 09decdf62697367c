"""Pages /border/waits and /border/waits/{port}; their JSON twins are /api/border/waits and
/api/border/waits/{port} (the same service calls)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from babel.dates import get_day_names
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from puente.border import forecast, live, waits
from puente.border.lanes import LANE_LABELS, TYPE_LABELS, WEEKDAYS
from puente.border.ports import port_pages
from puente.errors import InvalidInput, PuenteError
from puente.httpdeps import Cursor
from puente.web.charts import SCHEMA
from puente.web.rendering import gettext_for, kept, render, request_locale

router = APIRouter(include_in_schema=False)


def heatmap(
    rows: list[dict[str, Any]],
    value: str,
    title: str,
    locale: str = "en",
    gettext: Callable[[str], str] = str,
) -> dict[str, Any]:
    """Weekday (rows, Monday first) by hour of day (columns), coloured by minutes; closed
    hours (no value) stay blank. Weekdays are named by Babel in `locale`, other text through
    `gettext`."""
    _ = gettext
    names = get_day_names("wide", context="stand-alone", locale=locale)
    days = {english: names[i] for i, english in enumerate(WEEKDAYS)}
    values = [
        {"day": days.get(r["day"], r["day"]), "hour": r["hour"], "minutes": r[value]}
        for r in rows
        if r[value] is not None
    ]
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": 240,
        "autosize": {"type": "fit", "contains": "padding"},
        "config": {"font": "system-ui, sans-serif", "view": {"stroke": None}},
        "data": {"values": values},
        "mark": {"type": "rect", "tooltip": True},
        "encoding": {
            "x": {
                "field": "hour",
                "type": "ordinal",
                "title": _("Hour of day (local time)"),
                "scale": {"domain": list(range(24))},
            },
            "y": {"field": "day", "type": "ordinal", "title": None, "sort": list(days.values())},
            "color": {
                "field": "minutes",
                "type": "quantitative",
                "title": title,
                "scale": {"scheme": "yelloworangered", "zero": True},
                "legend": {"orient": "top", "direction": "horizontal", "gradientLength": 220},
            },
            "tooltip": [
                {"field": "day", "type": "nominal", "title": _("Day")},
                {"field": "hour", "type": "ordinal", "title": _("Hour")},
                {"field": "minutes", "type": "quantitative", "title": title, "format": ".0f"},
            ],
        },
    }


def forecast_chart(
    points: list[dict[str, Any]], gettext: Callable[[str], str] = str
) -> dict[str, Any]:
    """The forecast wait by hour as a line, with its expected-error band."""
    _ = gettext
    values = [
        {"time": p["at"][11:16], "minutes": p["minutes"], "low": p["low"], "high": p["high"]}
        for p in points
    ]
    x = {"field": "time", "type": "ordinal", "title": _("Hour (local time)")}
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": 200,
        "autosize": {"type": "fit", "contains": "padding"},
        "config": {"font": "system-ui, sans-serif", "view": {"stroke": None}},
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "area", "opacity": 0.25},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "low",
                        "type": "quantitative",
                        "title": _("Forecast wait (min)"),
                    },
                    "y2": {"field": "high"},
                },
            },
            {
                "mark": {"type": "line", "point": True, "tooltip": True},
                "encoding": {
                    "x": x,
                    "y": {"field": "minutes", "type": "quantitative"},
                },
            },
        ],
    }


def _live_sections(
    cur: Cursor, port: str, lane: str | None, lane_type: str | None
) -> dict[str, Any]:
    """The wait now and the forecast, when there is data for them (never an error page)."""
    out: dict[str, Any] = {"now": None, "forecast": None, "forecast_error": None}
    with contextlib.suppress(PuenteError):
        out["now"] = live.current_waits(cur, port)
    try:
        out["forecast"] = forecast.forecast(cur, port, lane, lane_type)
    except PuenteError as exc:
        out["forecast_error"] = exc.detail
    return out


def _by_crossing(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["crossing"], []).append(row)
    return grouped


def _month(text: str | None) -> int | None:
    """The form sends month= (empty) for the whole year."""
    if text is None or not text.strip():
        return None
    if not text.strip().isdigit():
        raise InvalidInput(f"month {text!r} is not valid; expected 1 to 12")
    return int(text)


@router.get("/border/waits", response_class=HTMLResponse)
@kept
def waits_index(request: Request, cur: Cursor) -> HTMLResponse:
    index = waits.wait_ports(cur)
    return render(request, "border/waits.html", {"w": index})


@router.get("/border/waits/{port}", response_class=HTMLResponse)
@kept
def waits_port(
    request: Request,
    cur: Cursor,
    port: str,
    lane: str | None = None,
    type: str | None = None,
    day: str | None = None,
    month: str | None = None,
    crossing: str | None = None,
) -> HTMLResponse:
    data = waits.port_waits(cur, port, lane, type, day, _month(month), crossing)
    _ = gettext_for(request)
    locale = request_locale(request)
    averages = {
        name: heatmap(rows, "minutes", _("Average wait (min)"), locale, _)
        for name, rows in _by_crossing(data.averages).items()
    }
    observed = {
        name: heatmap(rows, "median", _("Median wait (min)"), locale, _)
        for name, rows in _by_crossing(data.observed).items()
    }
    params = {
        k: v for k, v in request.query_params.items() if k in ("lane", "type", "day", "month")
    }
    twin = f"/api/border/waits/{data.port['port_code']}"
    if params:
        twin += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    available = data.port["available"]
    context = {
        "d": data,
        "average_specs": averages,
        "observed_specs": observed,
        "observed_hours": _by_crossing(data.observed_by_hour),
        "lanes": [lane for lane in LANE_LABELS if any(a["lane"] == lane for a in available)],
        "types": [t for t in TYPE_LABELS if any(a["lane_type"] == t for a in available)],
        "lane_labels": LANE_LABELS,
        "type_labels": TYPE_LABELS,
        "weekdays": WEEKDAYS,
        "twin": twin,
        "port_pages": port_pages(cur),  # the crossings page is linked only when it exists
        **_live_sections(cur, port, lane, type),
    }
    if context["forecast"]:
        context["forecast_spec"] = forecast_chart(context["forecast"]["rows"], _)
    return render(request, "border/waits_port.html", context)
