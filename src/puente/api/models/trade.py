"""Response models of the trade answers (each route's `response_model`): the trade services'
own typed results (puente.trade.results), and the outlines of the Mexican states."""

from __future__ import annotations

from puente.api.models.common import Answer, Rows, VersionRef
from puente.trade.results import (
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
    TradeStates,
    TradeSummary,
    TradeTexasPorts,
)

__all__ = [
    "TradeCommodities",
    "TradeEnergy",
    "TradeEnergyOverview",
    "TradeEnergyRanks",
    "TradeFacts",
    "TradeFreight",
    "TradeModes",
    "TradePartners",
    "TradeRanks",
    "TradeSeries",
    "TradeStateGeometry",
    "TradeStates",
    "TradeSummary",
    "TradeTexasPorts",
]


class TradeStateGeometry(Answer):
    """GET /api/trade/states/geometry"""

    type: str | None
    features: Rows
    version: VersionRef
