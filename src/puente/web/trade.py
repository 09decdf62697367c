"""Pages under /trade. Each page is built from the same service calls as its JSON twin:
/trade -> /api/trade/summary, /trade/ranks -> /api/trade/ranks, /trade/freight ->
/api/trade/modes, /trade/states -> /api/trade/states, /trade/energy ->
/api/trade/energy/overview."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import duckdb
from babel import Locale
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from puente.errors import NotFound
from puente.geo.shapes import state_features
from puente.geo.states import resolve_state
from puente.httpdeps import Cursor
from puente.trade import energy, freight, goods
from puente.trade.facts import list_facts
from puente.trade.partners import MEXICO_CODE
from puente.trade.results import TradeSummary
from puente.web import charts
from puente.web.locale.vocabulary import N_
from puente.web.rendering import gettext_for, kept, render, request_locale

router = APIRouter(include_in_schema=False)


def _fraction(value: float | None) -> float | None:
    """Services give percentages (14.5); the Babel formatter takes fractions (0.145)."""
    return None if value is None else value / 100


def _years(rows: Sequence[dict[str, Any]]) -> list[int]:
    return sorted({int(r["year"]) for r in rows}, reverse=True)


Gettext = Callable[[str], str]
_FLOWS = ((N_("Exports"), "exports"), (N_("Imports"), "imports"), (N_("Two-way"), "two_way"))
# How EIA's natural gas left the country (puente.trade.eia flow codes), for the chart legend.
_GAS_FLOWS = {
    "pipeline": N_("Pipeline"),
    "lng": N_("LNG"),
    "lng_vessel": N_("LNG by vessel"),
    "lng_truck": N_("LNG by truck"),
    "lng_vessel_truck": N_("LNG by vessel and truck"),
    "lng_reexport": N_("LNG re-exports"),
    "cng": N_("Compressed natural gas"),
    "all": N_("All"),
}


# Census names that CLDR writes differently; the rest match CLDR's English territory names.
_CENSUS_TERRITORIES = {"Korea, South": "KR", "Hong Kong": "HK", "Burma": "MM"}


def country_namer(request: Request) -> Gettext:
    """Census country names (English) in the page's language, from CLDR through Babel; a name
    CLDR does not know (a region, a group) stays as the Census writes it."""
    locale = Locale.parse(request_locale(request))
    if locale.language == "en":
        return str
    codes = {name: code for code, name in Locale("en").territories.items()}
    codes.update(_CENSUS_TERRITORIES)
    names = locale.territories
    return lambda name: names.get(codes.get(name, ""), name)


def _named(item: dict[str, Any], namer: Gettext, key: str = "name") -> dict[str, Any]:
    return {**item, key: namer(item[key])}


def _by_flow(
    rows: Sequence[dict[str, Any]],
    suffix: str,
    value: str,
    label: str = "measure",
    gettext: Gettext = str,
) -> list[dict[str, Any]]:
    """Wide yearly rows (exports_usd, imports_usd, two_way_usd) as one row per year and flow,
    for a line chart with a line per flow (named through `gettext`); unknown values are left
    out."""
    return [
        {"year": str(r["year"]), label: gettext(name), value: r[f"{key}{suffix}"]}
        for r in rows
        for name, key in _FLOWS
        if r[f"{key}{suffix}"] is not None
    ]


def _usd_bars(
    rows: Sequence[dict[str, Any]],
    category: str,
    value: str,
    category_title: str,
    value_title: str,
    gettext: Gettext = str,
    translate: bool = False,
    locale: str = "en",
) -> dict[str, Any]:
    """One bar of U.S. dollars per row, labelled by its `category` field (translated when
    `translate`: a freight mode or commodity group, not a partner's or port's name)."""
    _ = gettext
    return charts.bar_chart(
        [{category: _(r[category]) if translate else r[category], "usd": r[value]} for r in rows],
        category,
        "usd",
        category_title=category_title,
        value_title=_("%(title)s (U.S. dollars)") % {"title": value_title},
        locale=locale,
        money=True,
    )


def choropleth(
    shapes: dict[str, Any],
    rows: Sequence[dict[str, Any]],
    value: str,
    *,
    key: str = "inegi",
    label: str = "name",
    value_title: str = "",
    height: int = 420,
    gettext: Gettext = str,
    locale: str = "en",
) -> dict[str, Any]:
    """Mexican states coloured by a value: `shapes` is Vega data of GeoJSON features (such
    as `charts.outlines_data`), joined to `rows` on the INEGI code."""
    _ = gettext
    return charts.shape_map(
        shapes,
        {
            "color": {
                "field": value,
                "type": "quantitative",
                "title": value_title,
                "scale": {"scheme": "blues", "type": "sqrt"},
                "legend": {"labelExpr": charts.number_label_expr(locale, money=True)},
            },
            "tooltip": [
                {"field": label, "type": "nominal", "title": _("State")},
                {"field": value, "type": "quantitative", "title": value_title, "format": ","},
                {"field": "rank", "type": "quantitative", "title": _("Rank")},
            ],
        },
        transform=[
            {
                "lookup": f"properties.{key}",
                "from": {
                    "data": {"values": list(rows)},
                    "key": key,
                    "fields": [label, value, "rank"],
                },
            },
        ],
        height=height,
    )


def _partner_options(cur: duckdb.DuckDBPyConnection, summary: TradeSummary) -> list[Any]:
    """The 40 largest partners of the year, and the one shown if it is not among them."""
    options = [
        {"code": r["code"], "name": r["name"]}
        for r in goods.top_partners(cur, summary.year, "two_way", 40).rows
    ]
    if all(o["code"] != summary.partner["code"] for o in options):
        options.append({"code": summary.partner["code"], "name": summary.partner["name"]})
    return options


@router.get("/trade", response_class=HTMLResponse)
@kept
def trade_page(
    request: Request, cur: Cursor, year: int | None = None, partner: str = MEXICO_CODE
) -> HTMLResponse:
    _ = gettext_for(request)
    country = country_namer(request)
    summary = goods.summary(cur, year, partner)
    series = goods.trade_series(cur, partner, "year").rows
    flows = _by_flow([r for r in series if r["complete"]], "_usd", "usd", "flow", _)
    top = [_named(r, country) for r in goods.top_partners(cur, summary.year, "two_way", 10).rows]
    options = [_named(o, country) for o in _partner_options(cur, summary)]
    summary = summary.model_copy(update={"partner": _named(summary.partner, country)})
    facts = list_facts(cur, topic="trade")
    context = {
        "s": summary,
        "years": _years(series),
        "partners": options,
        "pct": _fraction,
        "facts": [f for f in facts.facts if f["unit"] == "USD billion"],
        "facts_version": facts.version,
        "flows_spec": charts.line_chart(
            flows,
            "year",
            "usd",
            color="flow",
            x_title=_("Year"),
            y_title=_("U.S. dollars"),
            locale=request_locale(request),
            money=True,
        ),
        "partners_spec": _usd_bars(
            top,
            "name",
            "two_way_usd",
            _("Partner"),
            _("Two-way trade"),
            _,
            locale=request_locale(request),
        ),
    }
    return render(request, "trade/index.html", context)


@router.get("/trade/ranks", response_class=HTMLResponse)
@kept
def ranks_page(request: Request, cur: Cursor, partner: str = MEXICO_CODE) -> HTMLResponse:
    _ = gettext_for(request)
    ranks = goods.partner_ranks(cur, partner)
    complete = [r for r in ranks.rows if r["complete"]]
    rank_rows = _by_flow(complete, "_rank", "rank", gettext=_)
    rank_spec = charts.line_chart(
        rank_rows,
        "year",
        "rank",
        color="measure",
        x_title=_("Year"),
        y_title=_("Rank among countries"),
    )
    rank_spec["encoding"]["y"]["scale"] = {"reverse": True, "zero": False}
    rank_spec["encoding"]["y"]["axis"] = {"format": "d", "tickMinStep": 1, "labelOverlap": True}
    share_rows = _by_flow(complete, "_share_pct", "share", gettext=_)
    share_spec = charts.line_chart(
        share_rows,
        "year",
        "share",
        color="measure",
        x_title=_("Year"),
        y_title=_("Share of U.S. trade (%)"),
    )
    share_spec["encoding"]["y"]["axis"] = {"format": ".0f", "tickCount": 5, "labelOverlap": True}
    ranks = ranks.model_copy(update={"partner": _named(ranks.partner, country_namer(request))})
    context = {"r": ranks, "pct": _fraction, "rank_spec": rank_spec, "share_spec": share_spec}
    return render(request, "trade/ranks.html", context)


@router.get("/trade/freight", response_class=HTMLResponse)
@kept
def freight_page(
    request: Request, cur: Cursor, year: int | None = None, state: str | None = None
) -> HTMLResponse:
    _ = gettext_for(request)
    locale = request_locale(request)
    modes = freight.by_mode(cur, year)
    year = modes.year
    missing = None
    try:
        commodities = freight.by_commodity(cur, year, state or None)
    except NotFound:
        if not state:
            raise
        # A known state with no commodity rows that year (Nayarit after 2006) is not a dead
        # end: say so and show all states; an unknown state is still a 404.
        missing = resolve_state(state).name
        commodities = freight.by_commodity(cur, year, None)
    ports = freight.texas_ports(cur, year)
    series = freight.freight_series(cur, "Mexico", "year").rows
    context = {
        "m": modes,
        "c": commodities,
        "p": ports,
        "pct": _fraction,
        "years": sorted((int(r["period"]) for r in series), reverse=True),
        "states": freight.by_state(cur, year).rows,
        "state": state,
        "missing_state": missing,
        "modes_spec": _usd_bars(
            modes.rows,
            "mode",
            "two_way_usd",
            _("Mode"),
            _("Two-way trade"),
            _,
            translate=True,
            locale=locale,
        ),
        "commodity_spec": _usd_bars(
            commodities.rows,
            "commodity_group",
            "exports_usd",
            _("Commodity group"),
            _("U.S. exports"),
            _,
            translate=True,
            locale=locale,
        ),
        "ports_spec": _usd_bars(
            ports.rows,
            "port",
            "two_way_usd",
            _("Texas port"),
            _("Two-way trade"),
            _,
            locale=locale,
        ),
    }
    return render(request, "trade/freight.html", context)


@router.get("/trade/states", response_class=HTMLResponse)
@kept
def states_page(request: Request, cur: Cursor, year: int | None = None) -> HTMLResponse:
    _ = gettext_for(request)
    states = freight.by_state(cur, year)
    try:
        shapes = state_features(cur)
    except NotFound:
        shapes = None  # the map needs the mexico-states-geometry dataset; the table does not
    series = freight.freight_series(cur, "Mexico", "year").rows
    context = {
        "st": states,
        "pct": _fraction,
        "shapes": shapes,
        "years": sorted((int(r["period"]) for r in series), reverse=True),
        "map_spec": choropleth(
            charts.outlines_data(cur) or {"values": []},
            states.rows,
            "exports_usd",
            value_title=_("U.S. exports (U.S. dollars)"),
            gettext=_,
            locale=request_locale(request),
        )
        if shapes
        else None,
    }
    return render(request, "trade/states.html", context)


def _product_name(row: dict[str, Any]) -> str:
    """crude_oil -> crude oil: the English name, the msgid of its translation."""
    return str(row["product"]).replace("_", " ")


@router.get("/trade/energy", response_class=HTMLResponse)
@kept
def energy_page(request: Request, cur: Cursor, year: int | None = None) -> HTMLResponse:
    _ = gettext_for(request)
    overview = energy.energy_overview(cur, year)
    full = energy.energy_series(cur, "Mexico", "year").rows  # partial years as daily rates
    locale = request_locale(request)

    def part(row: dict[str, Any]) -> dict[str, Any]:
        """A year EIA gives some months of (2023: January) is drawn and labelled as such."""
        months = row["months"]
        label = _("%(n)s of 12 months") % {"n": months}
        return charts.partial_fields(0 < months < 12, label)

    gas = [
        {
            "year": str(r["year"]),
            "flow": _(str(_GAS_FLOWS.get(r["flow"], r["flow"]))),
            "bcfd": r["per_day"],
            **part(r),
        }
        for r in full
        if r["product"] == "natural_gas"
    ]
    # Crude oil goes back to 1920, products to 1993: chart both from when both exist.
    first = max(
        (
            min((r["year"] for r in full if r["product"] == p), default=0)
            for p in ("crude_oil", "petroleum_products")
        ),
        default=0,
    )
    # A year without a breakdown by destination (products before 2004) has no value: a gap.
    oil = [
        {"year": str(r["year"]), "product": _(_product_name(r)), "kbd": r["per_day"], **part(r)}
        for r in full
        if r["product"] != "natural_gas" and r["year"] >= first
    ]
    gas_spec = charts.line_chart(
        gas,
        "year",
        "bcfd",
        color="flow",
        x_title=_("Year"),
        y_title=_("Billion cubic feet a day"),
        locale=locale,
    )
    gas_axis = {k: v for k, v in gas_spec["encoding"]["y"]["axis"].items() if k != "labelExpr"}
    gas_spec["encoding"]["y"]["axis"] = {**gas_axis, "format": ".1f"}
    context = {
        "o": overview,
        "pct": _fraction,
        "years": sorted({r["year"] for r in full}, reverse=True),
        "gas_spec": gas_spec if gas else None,
        "oil_spec": charts.line_chart(
            oil,
            "year",
            "kbd",
            color="product",
            x_title=_("Year"),
            y_title=_("Thousand barrels a day"),
            locale=locale,
        )
        if oil
        else None,
    }
    return render(request, "trade/energy.html", context)
