"""The typed results of the border services (crossings, ports, wait times): what the API
sends (each route's `response_model`), the pages read and the CLI prints."""

from __future__ import annotations

from typing import Any, Literal

from puente.border.lanes import Lane, LaneType
from puente.results import Answer, Rows, VersionRef

Group = Literal["month", "year"]
"""How crossings are summed: by month or by year."""


class BorderPorts(Answer):
    """GET /api/border/ports"""

    ports: Rows
    version: VersionRef


class ComparedWith(Answer):
    """What a year's change is measured against: the same months of the year before."""

    year: int
    months: list[int]
    complete_year: bool
    label: str


class BorderPort(Answer):
    """GET /api/border/ports/2402"""

    port: dict[str, Any]
    year: int
    months: list[int]
    label: str
    compared_with: ComparedWith
    unreported_years: list[int]
    measures: Rows
    yearly: Rows
    people_by_year: Rows
    seasonal_profile: Rows
    version: VersionRef


class BorderCrossings(Answer):
    """GET /api/border/crossings"""

    port: dict[str, Any] | None
    border: str
    group: Group
    rows: Rows
    version: VersionRef


class BorderSummary(Answer):
    """GET /api/border/summary"""

    border: str
    year: int
    months: list[int]
    complete_year: bool
    label: str
    compared_with: ComparedWith
    days: int
    people: int
    people_previous: int | None
    people_change: float | None
    people_per_day: int | None
    measures: Rows
    top_ports: Rows
    seasonal_profile: Rows
    version: VersionRef


class BorderWaitPorts(Answer):
    """GET /api/border/waits"""

    ports: Rows
    rows: Rows
    versions: dict[str, VersionRef | None]


class WaitQuestion(Answer):
    """The port and the question (lane, lane type, weekday, month, crossing) every wait-time
    answer repeats."""

    port: dict[str, Any]
    lane: Lane
    lane_label: str
    lane_type: LaneType
    type_label: str
    weekday: int | None
    day: str | None
    month: int | None
    crossing: str | None

    def question(self) -> dict[str, Any]:
        """The question alone (without the port), to repeat in an answer built from this."""
        return {k: getattr(self, k) for k in WaitQuestion.model_fields if k != "port"}


class TypicalWaits(WaitQuestion):
    """CBP's average wait for each crossing, weekday and hour."""

    rows: Rows
    version: VersionRef | None


class BorderObserved(WaitQuestion):
    """GET /api/border/waits/2401/observed"""

    rows: Rows
    by_hour: Rows
    by_weekday: Rows
    observed_from: str | None
    observed_to: str | None
    version: VersionRef | None


class BorderPortWaits(WaitQuestion):
    """GET /api/border/waits/2401"""

    averages: Rows
    observed: Rows
    observed_by_hour: Rows
    observed_by_weekday: Rows
    observed_from: str | None
    observed_to: str | None
    best_time: Rows
    version: VersionRef | None
    versions: dict[str, VersionRef | None]


class BorderBestTime(WaitQuestion):
    """GET /api/border/waits/2401/best-time"""

    answers: Rows
    reconciled: Rows
    versions: dict[str, VersionRef | None]
