"""Pages /travel, /travel/states/{slug}, /travel/posts, /travel/posts/{post} and
/travel/entry; their JSON twins are under /api/travel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from puente.border.ports import port_pages
from puente.errors import NotFound
from puente.httpdeps import Cursor
from puente.trade import freight
from puente.travel import advisory, entry, geo, posts, profile
from puente.travel.advisory import LEVEL_COLORS
from puente.travel.places import UnknownPlace, list_states
from puente.travel.results import TravelMap
from puente.web import charts
from puente.web.rendering import gettext_for, kept, render
from puente.web.retry import refused_field

router = APIRouter(include_in_schema=False)


def _translated_label(props: dict[str, Any], gettext: Callable[[str], str]) -> dict[str, Any]:
    label = props.get("level_label")
    return {**props, "level_label": gettext(label)} if isinstance(label, str) else props


def advisory_map(
    collection: TravelMap,
    shapes: dict[str, Any],
    height: int = 420,
    gettext: Callable[[str], str] = str,
) -> dict[str, Any]:
    """A choropleth of the states by advisory level; clicking a state opens its page. The
    outlines come by URL (`shapes`, Vega data such as `charts.outlines_data`); each state's
    properties (name, level, link) travel in the spec and replace the outline's own by ISO
    code. Titles and level labels go through `gettext` (the page's language)."""
    _ = gettext
    levels = sorted(LEVEL_COLORS)
    rows = [_translated_label(f.get("properties") or {}, _) for f in collection.features]
    return charts.shape_map(
        shapes,
        {
            "color": {
                "field": "properties.level",
                "type": "ordinal",
                "title": _("Advisory level"),
                "scale": {"domain": levels, "range": [LEVEL_COLORS[n] for n in levels]},
            },
            "href": {"field": "properties.url"},
            "tooltip": [
                {"field": "properties.name", "type": "nominal", "title": _("State")},
                {"field": "properties.level", "type": "ordinal", "title": _("Level")},
                {"field": "properties.level_label", "type": "nominal", "title": _("Advice")},
            ],
        },
        transform=[
            {
                "lookup": "properties.iso",
                "from": {"data": {"values": rows}, "key": "code"},
                "as": "properties",
            }
        ],
        links=True,
        stroke_width=0.8,
        height=height,
    )


def _map_or_reason(
    cur: duckdb.DuckDBPyConnection, date: str | None, gettext: Callable[[str], str] = str
) -> tuple[Any, str | None]:
    """The map, or why there is none (the outlines are not loaded: the reason says how)."""
    try:
        collection = geo.states_geojson(cur, date)
    except NotFound as exc:
        return None, exc.detail
    shapes = charts.outlines_data(cur)
    if shapes is None:  # states_geojson above said NotFound already; this is for the types
        return None, None
    return advisory_map(collection, shapes, gettext=gettext), None


@router.get("/travel", response_class=HTMLResponse)
@kept
def travel_page(request: Request, cur: Cursor, date: str | None = None) -> HTMLResponse:
    levels = advisory.advisory_levels(cur, date)
    try:
        changes = advisory.advisory_changes(cur, after=levels.advisory_date)
    except NotFound:  # no earlier advisory to compare with
        changes = None
    map_spec, map_missing = _map_or_reason(cur, date, gettext_for(request))
    context = {
        "a": levels,
        "changes": changes,
        "map_spec": map_spec,
        "map_missing": map_missing,
        "states": [s.as_dict() for s in list_states(cur)],
        "colors": LEVEL_COLORS,
    }
    return render(request, "travel/index.html", context)


@router.get("/travel/states/{slug}", response_class=HTMLResponse)
@kept
def state_page(request: Request, cur: Cursor, slug: str) -> HTMLResponse:
    try:
        data = profile.state_profile(cur, slug, trade_by_state=freight.by_state)
    except UnknownPlace as exc:
        return render(request, "travel/unknown.html", {"exc": exc, "path": "/travel/states/"}, 404)
    context = {"p": data, "colors": LEVEL_COLORS, "port_pages": port_pages(cur)}
    return render(request, "travel/state.html", context)


@router.get("/travel/posts", response_class=HTMLResponse)
@kept
def posts_page(
    request: Request,
    cur: Cursor,
    state: str | None = None,
    city: str | None = None,
    near: str | None = None,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "overview": posts.posts_overview(cur),
        "state": state or "",
        "city": city or "",
        "near": near or "",
        "serving": None,
        "nearest": None,
    }
    try:
        if state or city:
            context["serving"] = posts.serving_post(cur, state=state or None, city=city or None)
        if near:
            context["nearest"] = posts.nearest_posts(cur, near=near)
    except UnknownPlace as exc:
        context["unknown"] = exc
        context["refused"] = refused_field(exc.query, {"state": state, "city": city, "near": near})
        return render(request, "travel/posts.html", context, 404)
    return render(request, "travel/posts.html", context)


@router.get("/travel/posts/{post}", response_class=HTMLResponse)
@kept
def post_page(request: Request, cur: Cursor, post: str) -> HTMLResponse:
    return render(request, "travel/post.html", {"d": posts.get_post(cur, post)})


@router.get("/travel/entry", response_class=HTMLResponse)
@kept
def entry_page(request: Request, cur: Cursor) -> HTMLResponse:
    context = {"e": entry.entry_requirements(cur), "v": entry.vaccinations(cur)}
    return render(request, "travel/entry.html", context)
