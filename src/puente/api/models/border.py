"""Response models of the border answers (each route's `response_model`): the border
services' own typed results (puente.border.results), and the live figures and forecasts."""

from __future__ import annotations

from typing import Any

from puente.api.models.common import Answer, Rows
from puente.border.results import (
    BorderBestTime,
    BorderCrossings,
    BorderObserved,
    BorderPort,
    BorderPorts,
    BorderPortWaits,
    BorderSummary,
    BorderWaitPorts,
)

__all__ = [
    "BorderBestTime",
    "BorderCrossings",
    "BorderCurrentWaits",
    "BorderForecast",
    "BorderObserved",
    "BorderPort",
    "BorderPortWaits",
    "BorderPorts",
    "BorderSummary",
    "BorderWaitPorts",
]


class BorderCurrentWaits(Answer):
    """GET /api/border/waits/{port}/now: the latest live figure per crossing, lane and type,
    each with its age in minutes."""

    port_code: str
    crossings: list[str]
    as_of: str
    stale_after_minutes: int
    publisher: str
    feed_url: str
    rows: Rows


class BorderForecast(Answer):
    """GET /api/border/waits/{port}/forecast: minutes expected per coming hour (or at `at`),
    with the expected error and the backtest behind it."""

    port_code: str
    crossing: str | None
    lane: str
    lane_type: str
    timezone: str
    last_observation: str
    model: str
    backtest: dict[str, Any]
    sources: Any
    rows: Rows
