"""The typed results of the trade services (goods, freight, energy, facts): what the API
sends (each route's `response_model`), the pages read and the CLI prints."""

from __future__ import annotations

from typing import Any, Literal

from puente.results import Answer, Rows, VersionRef

Number = int | float
"""A sum as the store gives it: an integer, or a float for a sum of decimal figures."""
Frequency = Literal["year", "month"]
Measure = Literal["exports", "imports", "two_way"]


class TradeSummary(Answer):
    """GET /api/trade/summary"""

    partner: dict[str, Any]
    year: int
    unit: str
    basis: str
    period: str
    months: int
    complete: bool
    exports_usd: Number | None
    imports_usd: Number | None
    balance_usd: Number | None
    two_way_usd: Number | None
    exports_change_pct: float | None
    imports_change_pct: float | None
    two_way_change_pct: float | None
    # The ranks and shares are given for a country, not for a region or group line.
    exports_rank: int | None = None
    imports_rank: int | None = None
    two_way_rank: int | None = None
    countries_ranked: int | None = None
    exports_share_pct: float | None = None
    imports_share_pct: float | None = None
    two_way_share_pct: float | None = None
    version: VersionRef


class TradeSeries(Answer):
    """GET /api/trade/series"""

    partner: dict[str, Any]
    frequency: Frequency
    unit: str
    basis: str
    rows: Rows
    version: VersionRef


class TradeRanks(Answer):
    """GET /api/trade/ranks"""

    partner: dict[str, Any]
    rows: Rows
    version: VersionRef


class TradePartners(Answer):
    """GET /api/trade/partners"""

    year: int
    measure: Measure
    rows: Rows
    version: VersionRef


class TradeFreight(Answer):
    """GET /api/trade/freight"""

    country: str
    frequency: Frequency
    mode: str | None
    unit: str
    rows: Rows
    version: VersionRef


class TradeModes(Answer):
    """GET /api/trade/modes"""

    country: str
    year: int
    unit: str
    weight_unit: str  # rows' import_weight_kg is kilograms (BTS SHIPWT)
    weight_note: str
    two_way_usd: Number
    rows: Rows
    version: VersionRef


class TradeStates(Answer):
    """GET /api/trade/states"""

    year: int
    mode: str | None
    scope: str
    unit: str
    exports_usd: Number
    unmatched: dict[str, Any]
    rows: Rows
    version: VersionRef


class TradeCommodities(Answer):
    """GET /api/trade/commodities"""

    year: int
    state: dict[str, Any] | None
    scope: str
    unit: str
    exports_usd: Number
    rows: Rows
    version: VersionRef


class TradeTexasPorts(Answer):
    """GET /api/trade/texas-ports"""

    year: int
    unit: str
    two_way_usd: Number
    rows: Rows
    version: VersionRef


class TradeEnergy(Answer):
    """GET /api/trade/energy"""

    destination: str
    frequency: Frequency
    rows: Rows
    version: VersionRef


class TradeEnergyOverview(Answer):
    """GET /api/trade/energy/overview"""

    destination: str
    year: int
    products: Rows
    version: VersionRef


class TradeFacts(Answer):
    """GET /api/trade/facts"""

    facts: Rows
    version: VersionRef


class TradeEnergyRanks(Answer):
    """GET /api/trade/energy/ranks"""

    product: str
    year: int
    rows: Rows
    version: VersionRef
