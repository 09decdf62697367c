"""/api/trade: goods trade with any partner (series, ranks, shares), transborder freight by
mode, Mexican state, commodity group and Texas port, energy exports, and the facts behind
the headline figures. Tables answer ?format=csv."""

from __future__ import annotations

from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from puente.api.deps import read_cursor
from puente.api.responses import table_response
from puente.trade import energy, freight, goods
from puente.trade.facts import list_facts
from puente.trade.geometry import state_features

router = APIRouter(prefix="/api/trade", tags=["trade"])
Cursor = Annotated[duckdb.DuckDBPyConnection, Depends(read_cursor)]
Format = Annotated[str | None, Query(description="json (default) or csv")]
Partner = Annotated[str, Query(description="Census code or name, e.g. 2010 or Mexico")]
Year = Annotated[int | None, Query(description="Year, e.g. 2018")]
Frequency = Annotated[str, Query(description="year or month")]


def summary_rows(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """A summary as one flat row (its CSV form)."""
    flat = {k: v for k, v in payload.items() if not isinstance(v, dict)}
    flat["partner_code"] = payload["partner"]["code"]
    flat["partner_name"] = payload["partner"]["name"]
    return [flat]


@router.get("/summary", summary="Exports, imports, balance, two-way trade and ranks in a year")
def get_summary(
    cur: Cursor, year: Year = None, partner: Partner = goods.MEXICO_CODE, format: Format = None
) -> Response:
    payload = goods.summary(cur, year, partner)
    return table_response({**payload, "rows": summary_rows(payload)} if format else payload,
                          "rows", format, f"trade-summary-{payload['year']}")


@router.get("/series", summary="Goods trade by year or month, with the change on a year before")
def get_series(
    cur: Cursor, partner: Partner = goods.MEXICO_CODE, frequency: Frequency = "year",
    start: Year = None, end: Year = None, format: Format = None,
) -> Response:
    payload = goods.trade_series(cur, partner, frequency, start, end)
    return table_response(payload, "rows", format, f"trade-series-{payload['partner']['code']}")


@router.get("/ranks", summary="A partner's rank among countries and its share, year by year")
def get_ranks(
    cur: Cursor, partner: Partner = goods.MEXICO_CODE, start: Year = None, end: Year = None,
    format: Format = None,
) -> Response:
    payload = goods.partner_ranks(cur, partner, start, end)
    return table_response(payload, "rows", format, f"trade-ranks-{payload['partner']['code']}")


@router.get("/partners", summary="The largest trading partners in a year")
def get_partners(
    cur: Cursor, year: Year = None,
    measure: Annotated[str, Query(description="exports, imports or two_way")] = "two_way",
    limit: Annotated[int, Query(ge=1, le=300)] = 15, format: Format = None,
) -> Response:
    payload = goods.top_partners(cur, year, measure, limit)
    return table_response(payload, "rows", format, f"trade-partners-{payload['year']}")


@router.get("/freight", summary="TransBorder freight by year or month (all modes or one)")
def get_freight(
    cur: Cursor, country: str = "Mexico", frequency: Frequency = "year",
    mode: str | None = None, format: Format = None,
) -> Response:
    payload = freight.freight_series(cur, country, frequency, mode)
    return table_response(payload, "rows", format, "trade-freight")


@router.get("/modes", summary="Trade by mode of transport in a year")
def get_modes(
    cur: Cursor, year: Year = None, country: str = "Mexico", format: Format = None
) -> Response:
    payload = freight.by_mode(cur, year, country)
    return table_response(payload, "rows", format, f"trade-modes-{payload['year']}")


@router.get("/states", summary="U.S. exports by Mexican state of destination in a year")
def get_states(
    cur: Cursor, year: Year = None, mode: str | None = None, format: Format = None
) -> Response:
    payload = freight.by_state(cur, year, mode)
    return table_response(payload, "rows", format, f"trade-states-{payload['year']}")


@router.get("/states/geometry", summary="Outlines of Mexico's 32 federal entities (GeoJSON)")
def get_state_geometry(cur: Cursor) -> JSONResponse:
    return JSONResponse(state_features(cur))


@router.get("/commodities", summary="U.S. exports to Mexico by commodity group in a year")
def get_commodities(
    cur: Cursor, year: Year = None,
    state: Annotated[str | None, Query(description="a Mexican state, e.g. Nuevo León")] = None,
    format: Format = None,
) -> Response:
    payload = freight.by_commodity(cur, year, state)
    return table_response(payload, "rows", format, f"trade-commodities-{payload['year']}")


@router.get("/texas-ports", summary="Trade with Mexico through each Texas port in a year")
def get_texas_ports(cur: Cursor, year: Year = None, format: Format = None) -> Response:
    payload = freight.texas_ports(cur, year)
    return table_response(payload, "rows", format, f"trade-texas-ports-{payload['year']}")


@router.get("/energy", summary="Energy exports to a destination by product and flow")
def get_energy(
    cur: Cursor, destination: str = "Mexico", frequency: Frequency = "year",
    start: Year = None, end: Year = None, format: Format = None,
) -> Response:
    payload = energy.energy_series(cur, destination, frequency, start, end)
    return table_response(payload, "rows", format, "trade-energy")


@router.get("/energy/overview", summary="A destination's volume and rank for each product")
def get_energy_overview(
    cur: Cursor, year: Year = None, destination: str = "Mexico", format: Format = None
) -> Response:
    payload = energy.energy_overview(cur, year, destination)
    return table_response(payload, "products", format, f"trade-energy-{payload['year']}")


@router.get("/energy/ranks", summary="Destinations of one product in a year, largest first")
def get_energy_ranks(
    cur: Cursor,
    product: Annotated[str, Query(description="natural_gas, crude_oil or petroleum_products")],
    year: Year = None, limit: Annotated[int, Query(ge=1, le=250)] = 10, format: Format = None,
) -> Response:
    payload = energy.destination_ranks(cur, product, year,
                                       limit)
    return table_response(payload, "rows", format, f"trade-energy-ranks-{product}")


@router.get("/facts", summary="Published headline facts with their sources")
def get_facts(
    cur: Cursor, topic: str | None = None, metric: str | None = None, format: Format = None
) -> Response:
    return table_response(list_facts(cur, topic, metric), "facts", format, "trade-facts")
