"""Vega-Lite specs built in Python, rendered in the browser by the locally served bundle.

Each builder takes plain rows and returns a spec dict; templates embed it with
`{{ chart(spec) }}`-style markup (see templates/macros.html).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from puente.geo.shapes import MexicoStatesGeometrySource
from puente.store.catalog import current_version

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
SI_AXIS: dict[str, Any] = {
    "format": "~s",
    # d3's SI prefix says G for a thousand million; English readers expect B.
    "labelExpr": "replace(datum.label, 'G', 'B')",
}
"""The schema URL is an identifier in the spec; nothing is fetched from it."""

OUTLINES_URL = "/api/trade/states/geometry"
"""Mexico's state outlines as GeoJSON: maps fetch them from here (once; the answer is kept
and cacheable) instead of carrying them inline in every page."""


def outlines_data(cur: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """Vega data that loads the outlines in force by URL (the version's hash in the query, so
    a new load is a new URL), one datum per state; None while they are not loaded."""
    version = current_version(cur, MexicoStatesGeometrySource.name)
    if version is None:
        return None
    return {
        "url": f"{OUTLINES_URL}?v={version.sha256[:16]}",
        "format": {"type": "json", "property": "features"},
    }


_BASE: dict[str, Any] = {
    "$schema": SCHEMA,
    "width": "container",
    "autosize": {"type": "fit", "contains": "padding"},
    "config": {"font": "system-ui, sans-serif", "view": {"stroke": None}},
}


def line_chart(
    rows: Sequence[dict[str, Any]],
    x: str,
    y: str,
    *,
    color: str | None = None,
    x_title: str = "",
    y_title: str = "",
    x_type: str = "ordinal",
    height: int = 280,
) -> dict[str, Any]:
    encoding: dict[str, Any] = {
        "x": {"field": x, "type": x_type, "title": x_title},
        "y": {"field": y, "type": "quantitative", "title": y_title, "axis": SI_AXIS},
        "tooltip": [
            {"field": x, "type": x_type, "title": x_title},
            {"field": y, "type": "quantitative", "title": y_title, "format": ","},
        ],
    }
    if color:
        encoding["color"] = {"field": color, "type": "nominal", "title": None}
        encoding["tooltip"].insert(0, {"field": color, "type": "nominal"})
    return {
        **_BASE,
        "height": height,
        "data": {"values": list(rows)},
        "mark": {"type": "line", "point": True},
        "encoding": encoding,
    }


def bar_chart(
    rows: Sequence[dict[str, Any]],
    category: str,
    value: str,
    *,
    category_title: str = "",
    value_title: str = "",
    horizontal: bool = True,
    sort: str | None = "-x",
    height: int | None = None,
    href: str | None = None,
) -> dict[str, Any]:
    cat_axis = "y" if horizontal else "x"
    val_axis = "x" if horizontal else "y"
    encoding: dict[str, Any] = {
        cat_axis: {
            "field": category,
            "type": "nominal" if sort else "ordinal",
            "title": category_title,
            "sort": sort,
        },
        val_axis: {
            "field": value,
            "type": "quantitative",
            "title": value_title,
            "axis": SI_AXIS,
        },
        "tooltip": [
            {"field": category, "type": "nominal", "title": category_title},
            {"field": value, "type": "quantitative", "title": value_title, "format": ","},
        ],
    }
    if href:
        encoding["href"] = {"field": href}
    spec: dict[str, Any] = {
        **_BASE,
        "data": {"values": list(rows)},
        "mark": {"type": "bar", "cursor": "pointer" if href else "default"},
        "encoding": encoding,
    }
    spec["height"] = height or (max(120, 22 * len(rows)) if horizontal else 260)
    return spec


def point_map(
    rows: Sequence[dict[str, Any]],
    *,
    lat: str = "latitude",
    lon: str = "longitude",
    size: str,
    label: str,
    size_title: str = "",
    href: str | None = None,
    color: str | None = None,
    background: dict[str, Any] | None = None,
    height: int = 320,
) -> dict[str, Any]:
    """Points on a Mercator projection sized by a value; an optional background of shapes
    (Vega data of GeoJSON features, such as `outlines_data`) is drawn underneath, without
    tiles."""
    points: dict[str, Any] = {
        "data": {"values": [r for r in rows if r.get(lat) is not None and r.get(lon) is not None]},
        "mark": {"type": "circle", "opacity": 0.75, "stroke": "#fff", "strokeWidth": 0.5},
        "encoding": {
            "longitude": {"field": lon, "type": "quantitative"},
            "latitude": {"field": lat, "type": "quantitative"},
            "size": {
                "field": size,
                "type": "quantitative",
                "title": size_title,
                "scale": {"range": [20, 1600]},
                "legend": {"format": "~s"},
            },
            "tooltip": [
                {"field": label, "type": "nominal"},
                {"field": size, "type": "quantitative", "title": size_title, "format": ","},
            ],
        },
    }
    if color:
        points["encoding"]["color"] = {"field": color, "type": "nominal", "title": None}
    if href:
        points["encoding"]["href"] = {"field": href}
        points["mark"]["cursor"] = "pointer"
    layers: list[dict[str, Any]] = []
    if background is not None:
        layers.append(
            {
                "data": background,
                "mark": {"type": "geoshape", "fill": "#eef1f4", "stroke": "#b8c0c8"},
            }
        )
    layers.append(points)
    return {
        **_BASE,
        "height": height,
        "projection": {"type": "mercator"},
        "layer": layers,
    }


def shape_map(
    data: dict[str, Any],
    encoding: dict[str, Any],
    *,
    transform: list[dict[str, Any]] | None = None,
    links: bool = False,
    stroke_width: float = 0.6,
    height: int = 420,
) -> dict[str, Any]:
    """Shapes (GeoJSON features, e.g. Mexico's states) on a Mercator projection, filled by
    `encoding`. With `links`, an `href` in the encoding opens in the same tab."""
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "width": "container",
        "height": height,
        "config": _BASE["config"],
        "projection": {"type": "mercator"},
        "data": data,
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": stroke_width},
        "encoding": encoding,
    }
    if transform:
        spec["transform"] = transform
    if links:
        spec["usermeta"] = {"embedOptions": {"loader": {"target": "_self"}}}
        spec["mark"]["cursor"] = "pointer"
    return spec
