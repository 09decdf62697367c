"""Vega-Lite specs built in Python, rendered in the browser by the locally served bundle.

Each builder takes plain rows and returns a spec dict; templates embed it with
`{{ chart(spec) }}`-style markup (see templates/macros.html).

What every chart keeps to, so that it tells the truth:

- a value the data does not have is `None` in the rows and a gap in the line, never a zero;
- a period the data covers only in part (a year with one month) carries `partial` and is drawn
  with a hollow point and a label saying so;
- one colour per series, from a colour-blind-safe palette (Okabe and Ito), with the series
  named as the domain so no two share a colour; the legend below the chart, never cut short;
- axes write large numbers the reader's way ($40B in English, 40,000 mdd in Spanish), with a few
  ticks and labels that drop rather than overlap;
- the chart is as wide as its container (`width: container`, padding included).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from puente.geo.shapes import MexicoStatesGeometrySource
from puente.store.catalog import current_version
from puente.web.money import money_label_expr

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
# Okabe & Ito (2008), "Color Universal Design": eight colours told apart by readers with any
# common colour-vision deficiency; the yellow (hard to see on white) last. Four more from Paul
# Tol's colour-blind-safe "muted" scheme for the rare chart with more series.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#000000",
    "#F0E442",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
)

# Suffixes for thousands, millions and thousands of millions as each language writes them
# (CLDR short forms: es "mil", "M", "mil M"); d3's SI prefixes would write 40G for $40 billion.
_SCALE_WORDS = {"en": ("K", "M", "B"), "es": (" mil", " M", " mil M")}


def number_label_expr(locale: str = "en", money: bool = False) -> str:
    """A Vega expression writing an axis or legend value compactly in the page's language:
    a count 40000000000 as 40B (English) or 40 mil M (Spanish); an amount of dollars
    (`money`) as puente.web.money writes it: $40B, or 40,000 mdd in Spanish."""
    if money:
        return money_label_expr(locale)
    thousand, million, billion = _SCALE_WORDS.get(locale[:2], _SCALE_WORDS["en"])
    sign = "''"

    def part(divisor: str, word: str) -> str:
        return f"{sign} + format(datum.value / {divisor}, '~r') + '{word}'"

    return (
        f"abs(datum.value) >= 1e9 ? {part('1e9', billion)} : "
        f"abs(datum.value) >= 1e6 ? {part('1e6', million)} : "
        f"abs(datum.value) >= 1e3 ? {part('1e3', thousand)} : "
        f"{sign} + format(datum.value, '~r')"
    )


def value_axis(locale: str = "en", money: bool = False) -> dict[str, Any]:
    """A quantitative axis: compact labels in the page's language, about five ticks."""
    return {
        "labelExpr": number_label_expr(locale, money),
        "tickCount": 5,
        "labelOverlap": True,
        "labelFlush": True,
    }


# Kept for callers that format an axis themselves (English, no currency sign).
SI_AXIS: dict[str, Any] = value_axis()

CATEGORY_AXIS: dict[str, Any] = {"labelOverlap": "greedy", "labelLimit": 180}
"""An ordinal or temporal axis (years, months): labels that would overlap are left out."""


def series_color(rows: Sequence[dict[str, Any]], field: str) -> dict[str, Any]:
    """A colour encoding with one palette colour per series, in the order series first appear
    (so a series keeps its colour wherever it is drawn), and a legend below the chart that
    wraps instead of cutting names."""
    domain: list[Any] = []
    for row in rows:
        if row.get(field) not in domain:
            domain.append(row.get(field))
    colors = [PALETTE[i % len(PALETTE)] for i in range(len(domain))]
    return {
        "field": field,
        "type": "nominal",
        "title": None,
        "scale": {"domain": domain, "range": colors},
        "legend": {
            "orient": "bottom",
            "direction": "horizontal",
            "columns": min(len(domain), 3) or 1,
            "labelLimit": 0,
            "symbolType": "stroke",
        },
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


PARTIAL = "partial"
"""The row field saying a period is covered only in part (True), and `PARTIAL_LABEL` what the
label beside it says (\"January only\", \"7 months\")."""
PARTIAL_LABEL = "partial_label"
PARTIAL_NOTE = "partial_note"
"""An optional longer explanation of a partial period, shown in the tooltip."""


def _has_partial(rows: Sequence[dict[str, Any]]) -> bool:
    return any(r.get(PARTIAL) for r in rows)


def partial_fields(partial: bool, label: str, note: str = "") -> dict[str, Any]:
    """The fields a row carries to be drawn as partial: a short label beside the point (\"Jan.
    only\") and a longer note for the tooltip (the label when there is none)."""
    if not partial:
        return {PARTIAL: False, PARTIAL_LABEL: "", PARTIAL_NOTE: ""}
    return {PARTIAL: True, PARTIAL_LABEL: label, PARTIAL_NOTE: note or label}


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
    locale: str = "en",
    money: bool = False,
) -> dict[str, Any]:
    """A line per series (`color`), a point per value. A row whose `y` is None is a gap in its
    line (the data does not have it); a row with `partial` set is drawn hollow and labelled with
    its `partial_label`, so a part-year never reads as a whole one."""
    tooltip: list[dict[str, Any]] = [
        {"field": x, "type": x_type, "title": x_title},
        {"field": y, "type": "quantitative", "title": y_title, "format": ","},
    ]
    encoding: dict[str, Any] = {
        "x": {"field": x, "type": x_type, "title": x_title, "axis": dict(CATEGORY_AXIS)},
        "y": {
            "field": y,
            "type": "quantitative",
            "title": y_title,
            "axis": value_axis(locale, money),
        },
    }
    if color:
        encoding["color"] = series_color(rows, color)
        tooltip.insert(0, {"field": color, "type": "nominal"})
    partial = _has_partial(rows)
    if partial:
        tooltip.append({"field": PARTIAL_NOTE, "type": "nominal", "title": " "})
    points: dict[str, Any] = {
        "mark": {"type": "point", "filled": True, "size": 36},
        "encoding": {"tooltip": tooltip},
    }
    layers: list[dict[str, Any]] = [{"mark": {"type": "line", "strokeWidth": 2}}, points]
    if partial:
        points["transform"] = [{"filter": f"!datum.{PARTIAL}"}]
        layers.append(
            {
                "transform": [{"filter": f"datum.{PARTIAL}"}],
                "mark": {"type": "point", "filled": False, "size": 90, "strokeWidth": 2},
                "encoding": {"tooltip": tooltip},
            }
        )
        layers.append(
            {
                "transform": [
                    {"filter": f"datum.{PARTIAL} && isValid(datum[{y!r}])"},
                    {
                        "aggregate": [{"op": "max", "field": y, "as": y}],
                        "groupby": [x, PARTIAL_LABEL],
                    },
                ],
                "mark": {
                    "type": "text",
                    "dy": -14,
                    "align": "center",
                    "fontStyle": "italic",
                    "color": "#444",
                },
                "encoding": {
                    "x": encoding["x"],
                    "y": encoding["y"],
                    "text": {"field": PARTIAL_LABEL},
                    "color": {"value": "#444"},
                },
            }
        )
    return {
        **_BASE,
        "height": height,
        "data": {"values": list(rows)},
        "encoding": encoding,
        "layer": layers,
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
    locale: str = "en",
    money: bool = False,
) -> dict[str, Any]:
    """A bar per row. A row with `partial` set is drawn pale with an outline (its category
    label should say which part, e.g. FY2026 (7 months))."""
    cat_axis = "y" if horizontal else "x"
    val_axis = "x" if horizontal else "y"
    tooltip: list[dict[str, Any]] = [
        {"field": category, "type": "nominal", "title": category_title},
        {"field": value, "type": "quantitative", "title": value_title, "format": ","},
    ]
    encoding: dict[str, Any] = {
        cat_axis: {
            "field": category,
            "type": "nominal" if sort else "ordinal",
            "title": category_title,
            "sort": sort,
            "axis": dict(CATEGORY_AXIS),
        },
        val_axis: {
            "field": value,
            "type": "quantitative",
            "title": value_title,
            "axis": value_axis(locale, money),
        },
        "color": {"value": PALETTE[0]},
        "tooltip": tooltip,
    }
    if _has_partial(rows):
        encoding["fillOpacity"] = {
            "condition": {"test": f"datum.{PARTIAL}", "value": 0.35},
            "value": 1,
        }
        encoding["stroke"] = {"value": PALETTE[0]}
        tooltip.append({"field": PARTIAL_NOTE, "type": "nominal", "title": " "})
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
    locale: str = "en",
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
                "legend": {"labelExpr": number_label_expr(locale)},
            },
            "tooltip": [
                {"field": label, "type": "nominal"},
                {"field": size, "type": "quantitative", "title": size_title, "format": ","},
            ],
        },
    }
    if color:
        points["encoding"]["color"] = series_color(rows, color)
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
        **_BASE,
        "height": height,
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
