"""Response models of the exchanges answers (each route's `response_model`)."""

from __future__ import annotations

from typing import Any

from puente.api.models.common import Answer, Rows, VersionRef


class ExchangesPrograms(Answer):
    """GET /api/exchanges/programs"""

    filters: dict[str, Any]
    programs: Rows
    count: int | None
    not_stated: list[Any]
    choices: dict[str, Any]
    datasets: list[VersionRef]


class ExchangesProgram(Answer):
    """GET /api/exchanges/programs/100000-strong-in-the-americas"""

    program: dict[str, Any]
    datasets: list[VersionRef]
