"""/api/trade: goods trade with any partner (series, ranks, shares), transborder freight by
mode, Mexican state, commodity group and Texas port, energy exports, and the facts behind
the headline figures. Tables answer ?format=csv.

Answers are kept per URL and data generation (puente.api.answers).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import duckdb
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from puente.api.answers import Build, answer
from puente.api.models.trade import (
    TradeCommodities,
    TradeEnergy,
    TradeEnergyOverview,
    TradeEnergyRanks,
    TradeFacts,
    TradeFreight,
    TradeModes,
    TradePartners,
    TradeRanks,
    TradeSeries,
    TradeStateGeometry,
    TradeStates,
    TradeSummary,
    TradeTexasPorts,
)
from puente.api.queryparams import KNOWN_PARAMETERS
from puente.geo.shapes import state_features
from puente.httpdeps import Format, Lower
from puente.trade import energy, freight, goods
from puente.trade.facts import list_facts
from puente.trade.partners import MEXICO_CODE

router = APIRouter(prefix="/api/trade", tags=["trade"], dependencies=[KNOWN_PARAMETERS])
Partner = Annotated[str, Query(description="Census code or name, e.g. 2010 or Mexico")]
Year = Annotated[int | None, Query(ge=1900, le=2100, description="Year, e.g. 2018")]
Frequency = Annotated[Literal["year", "month"], Lower, Query(description="year or month")]
Country = Annotated[Literal["Mexico", "Canada"], Query(description="Mexico or Canada")]


async def _table(
    request: Request, build: Build, fmt: str | None, name: str, rows_key: str = "rows"
) -> Response:
    """The kept answer; with ?format=csv its `rows_key` table, in a file named from the
    payload (`name` is a template: "trade-modes-{year}", "trade-ranks-{partner[code]}")."""
    return await answer(request, build, rows_key, fmt, lambda result: name.format_map(dict(result)))


def summary_rows(summary: TradeSummary) -> list[dict[str, Any]]:
    """A summary as one flat row (its CSV form)."""
    flat = {k: v for k, v in summary.as_json().items() if not isinstance(v, dict)}
    flat["partner_code"] = summary.partner["code"]
    flat["partner_name"] = summary.partner["name"]
    return [flat]


@router.get(
    "/summary",
    summary="Exports, imports, balance, two-way trade and ranks in a year",
    response_model=TradeSummary,
)
async def get_summary(
    request: Request,
    year: Year = None,
    partner: Partner = MEXICO_CODE,
    format: Format = None,
) -> Response:
    def build(cur: duckdb.DuckDBPyConnection) -> TradeSummary | dict[str, Any]:
        summary = goods.summary(cur, year, partner)
        return {**summary.as_json(), "rows": summary_rows(summary)} if format else summary

    return await _table(request, build, format, "trade-summary-{year}")


@router.get(
    "/series",
    summary="Goods trade by year or month, with the change on a year before",
    response_model=TradeSeries,
)
async def get_series(
    request: Request,
    partner: Partner = MEXICO_CODE,
    frequency: Frequency = "year",
    start: Year = None,
    end: Year = None,
    format: Format = None,
) -> Response:
    return await _table(
        request,
        lambda cur: goods.trade_series(cur, partner, frequency, start, end),
        format,
        "trade-series-{partner[code]}",
    )


@router.get(
    "/ranks",
    summary="A partner's rank among countries and its share, year by year",
    response_model=TradeRanks,
)
async def get_ranks(
    request: Request,
    partner: Partner = MEXICO_CODE,
    start: Year = None,
    end: Year = None,
    format: Format = None,
) -> Response:
    return await _table(
        request,
        lambda cur: goods.partner_ranks(cur, partner, start, end),
        format,
        "trade-ranks-{partner[code]}",
    )


@router.get(
    "/partners", summary="The largest trading partners in a year", response_model=TradePartners
)
async def get_partners(
    request: Request,
    year: Year = None,
    measure: Annotated[
        Literal["exports", "imports", "two_way"],
        Lower,
        Query(description="exports, imports or two_way"),
    ] = "two_way",
    limit: Annotated[int, Query(ge=1, le=300)] = 15,
    format: Format = None,
) -> Response:
    return await _table(
        request,
        lambda cur: goods.top_partners(cur, year, measure, limit),
        format,
        "trade-partners-{year}",
    )


@router.get(
    "/freight",
    summary="TransBorder freight by year or month (all modes or one)",
    response_model=TradeFreight,
)
async def get_freight(
    request: Request,
    country: Country = "Mexico",
    frequency: Frequency = "year",
    mode: str | None = None,
    format: Format = None,
) -> Response:
    return await _table(
        request,
        lambda cur: freight.freight_series(cur, country, frequency, mode),
        format,
        "trade-freight",
    )


@router.get("/modes", summary="Trade by mode of transport in a year", response_model=TradeModes)
async def get_modes(
    request: Request, year: Year = None, country: Country = "Mexico", format: Format = None
) -> Response:
    return await _table(
        request, lambda cur: freight.by_mode(cur, year, country), format, "trade-modes-{year}"
    )


@router.get(
    "/states",
    summary="U.S. exports by Mexican state of destination in a year",
    response_model=TradeStates,
)
async def get_states(
    request: Request, year: Year = None, mode: str | None = None, format: Format = None
) -> Response:
    return await _table(
        request, lambda cur: freight.by_state(cur, year, mode), format, "trade-states-{year}"
    )


@router.get(
    "/states/geometry",
    summary="Outlines of Mexico's 32 federal entities (GeoJSON)",
    response_model=TradeStateGeometry,
)
async def get_state_geometry(request: Request) -> Response:
    return await answer(request, state_features, "features", None, lambda p: "mexico-states")


@router.get(
    "/commodities",
    summary="U.S. exports to Mexico by commodity group in a year",
    response_model=TradeCommodities,
)
async def get_commodities(
    request: Request,
    year: Year = None,
    state: Annotated[str | None, Query(description="a Mexican state, e.g. Nuevo León")] = None,
    format: Format = None,
) -> Response:
    return await _table(
        request,
        lambda cur: freight.by_commodity(cur, year, state),
        format,
        "trade-commodities-{year}",
    )


@router.get(
    "/texas-ports",
    summary="Trade with Mexico through each Texas port in a year",
    response_model=TradeTexasPorts,
)
async def get_texas_ports(request: Request, year: Year = None, format: Format = None) -> Response:
    return await _table(
        request, lambda cur: freight.texas_ports(cur, year), format, "trade-texas-ports-{year}"
    )


@router.get(
    "/energy",
    summary="Energy exports to a destination by product and flow",
    response_model=TradeEnergy,
)
async def get_energy(
    request: Request,
    destination: str = "Mexico",
    frequency: Frequency = "year",
    start: Year = None,
    end: Year = None,
    format: Format = None,
) -> Response:
    return await _table(
        request,
        lambda cur: energy.energy_series(cur, destination, frequency, start, end),
        format,
        "trade-energy",
    )


@router.get(
    "/energy/overview",
    summary="A destination's volume and rank for each product",
    response_model=TradeEnergyOverview,
)
async def get_energy_overview(
    request: Request, year: Year = None, destination: str = "Mexico", format: Format = None
) -> Response:
    return await _table(
        request,
        lambda cur: energy.energy_overview(cur, year, destination),
        format,
        "trade-energy-{year}",
        "products",
    )


@router.get(
    "/energy/ranks",
    summary="Destinations of one product in a year, largest first",
    response_model=TradeEnergyRanks,
)
async def get_energy_ranks(
    request: Request,
    product: Annotated[
        Literal["natural_gas", "crude_oil", "petroleum_products"],
        Lower,
        Query(description="natural_gas, crude_oil or petroleum_products"),
    ],
    year: Year = None,
    limit: Annotated[int, Query(ge=1, le=250)] = 10,
    format: Format = None,
) -> Response:
    return await _table(
        request,
        lambda cur: energy.destination_ranks(cur, product, year, limit),
        format,
        "trade-energy-ranks-{product}",
    )


@router.get(
    "/facts", summary="Published headline facts with their sources", response_model=TradeFacts
)
async def get_facts(
    request: Request,
    topic: str | None = None,
    metric: str | None = None,
    format: Format = None,
) -> Response:
    return await _table(
        request, lambda cur: list_facts(cur, topic, metric), format, "trade-facts", "facts"
    )
