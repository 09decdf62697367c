"""Response models of the trade answers (each route's `response_model`)."""

from __future__ import annotations

from typing import Any

from puente.api.models.common import Answer, Rows, VersionRef


class TradeSummary(Answer):
    """GET /api/trade/summary"""

    partner: dict[str, Any]
    year: int | None
    unit: str | None
    basis: str | None
    period: str | None
    months: int | None
    complete: bool | None
    exports_usd: int | float | None
    imports_usd: int | float | None
    balance_usd: int | float | None
    two_way_usd: int | float | None
    exports_change_pct: float | None
    imports_change_pct: float | None
    two_way_change_pct: float | None
    exports_rank: int | float | None
    imports_rank: int | float | None
    two_way_rank: int | float | None
    countries_ranked: int | float | None
    exports_share_pct: float | None
    imports_share_pct: float | None
    two_way_share_pct: float | None
    version: VersionRef


class TradeSeries(Answer):
    """GET /api/trade/series"""

    partner: dict[str, Any]
    frequency: str | None
    unit: str | None
    basis: str | None
    rows: Rows
    version: VersionRef


class TradeRanks(Answer):
    """GET /api/trade/ranks"""

    partner: dict[str, Any]
    rows: Rows
    version: VersionRef


class TradePartners(Answer):
    """GET /api/trade/partners"""

    year: int | None
    measure: str | None
    rows: Rows
    version: VersionRef


class TradeFreight(Answer):
    """GET /api/trade/freight"""

    country: str | None
    frequency: str | None
    mode: Any = None
    unit: str | None
    rows: Rows
    version: VersionRef


class TradeModes(Answer):
    """GET /api/trade/modes"""

    country: str | None
    year: int | None
    unit: str | None
    weight_unit: str | None = None  # rows' import_weight_kg is kilograms (BTS SHIPWT)
    weight_note: str | None = None
    two_way_usd: float | None
    rows: Rows
    version: VersionRef


class TradeStates(Answer):
    """GET /api/trade/states"""

    year: int | None
    mode: Any = None
    scope: str | None
    unit: str | None
    exports_usd: float | None
    unmatched: dict[str, Any]
    rows: Rows
    version: VersionRef


class TradeStateGeometry(Answer):
    """GET /api/trade/states/geometry"""

    type: str | None
    features: Rows
    version: VersionRef


class TradeCommodities(Answer):
    """GET /api/trade/commodities"""

    year: int | None
    state: Any = None
    scope: str | None
    unit: str | None
    exports_usd: float | None
    rows: Rows
    version: VersionRef


class TradeTexasPorts(Answer):
    """GET /api/trade/texas-ports"""

    year: int | None
    unit: str | None
    two_way_usd: float | None
    rows: Rows
    version: VersionRef


class TradeEnergy(Answer):
    """GET /api/trade/energy"""

    destination: str | None
    frequency: str | None
    rows: Rows
    version: VersionRef


class TradeEnergyOverview(Answer):
    """GET /api/trade/energy/overview"""

    destination: str | None
    year: int | None
    products: Rows
    version: VersionRef


class TradeFacts(Answer):
    """GET /api/trade/facts"""

    facts: Rows
    version: VersionRef


class TradeEnergyRanks(Answer):
    """GET /api/trade/energy/ranks"""

    product: str
    year: int | None
    rows: Rows
    version: VersionRef
