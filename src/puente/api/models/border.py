"""Response models of the border answers (each route's `response_model`)."""

from __future__ import annotations

from typing import Any

from puente.api.models.common import Answer, Rows, VersionRef


class BorderPorts(Answer):
    """GET /api/border/ports"""

    ports: Rows
    version: VersionRef


class BorderPort(Answer):
    """GET /api/border/ports/2402"""

    port: dict[str, Any]
    year: int | None
    measures: Rows
    yearly: Rows
    people_by_year: Rows
    seasonal_profile: Rows
    version: VersionRef


class BorderCrossings(Answer):
    """GET /api/border/crossings"""

    port: Any = None
    border: str | None
    group: str | None
    rows: Rows
    version: VersionRef


class BorderSummary(Answer):
    """GET /api/border/summary"""

    border: str | None
    year: int | None
    months: list[int]
    complete_year: bool | None
    days: int | float | None
    people: int | float | None
    people_previous: int | float | None
    people_change: float | None
    people_per_day: int | float | None
    measures: Rows
    top_ports: Rows
    seasonal_profile: Rows
    version: VersionRef


class BorderWaitPorts(Answer):
    """GET /api/border/waits"""

    ports: Rows
    rows: Rows
    versions: dict[str, Any]


class BorderPortWaits(Answer):
    """GET /api/border/waits/2401"""

    port: dict[str, Any]
    lane: str | None
    lane_label: str | None
    lane_type: str | None
    type_label: str | None
    weekday: Any = None
    day: Any = None
    month: Any = None
    crossing: Any = None
    averages: list[Any]
    observed: list[Any]
    observed_by_hour: list[Any]
    observed_by_weekday: list[Any]
    observed_from: Any = None
    observed_to: Any = None
    best_time: list[Any]
    version: VersionRef
    versions: dict[str, Any]


class BorderBestTime(Answer):
    """GET /api/border/waits/2401/best-time"""

    port: dict[str, Any]
    lane: str | None
    lane_label: str | None
    lane_type: str | None
    type_label: str | None
    weekday: Any = None
    day: Any = None
    month: Any = None
    crossing: Any = None
    answers: list[Any]
    reconciled: list[Any]
    versions: dict[str, Any]


class BorderObserved(Answer):
    """GET /api/border/waits/2401/observed"""

    port: dict[str, Any]
    lane: str | None
    lane_label: str | None
    lane_type: str | None
    type_label: str | None
    weekday: Any = None
    day: Any = None
    month: Any = None
    crossing: Any = None
    rows: list[Any]
    by_hour: list[Any]
    by_weekday: list[Any]
    observed_from: Any = None
    observed_to: Any = None
    version: VersionRef


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
