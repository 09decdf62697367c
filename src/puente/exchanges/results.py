"""The typed results of the exchange programs directory: what the API sends (each route's
`response_model`), the pages read and the CLI prints."""

from __future__ import annotations

from typing import Any

from puente.results import Answer, Rows, VersionRef


class ExchangesPrograms(Answer):
    """GET /api/exchanges/programs: the programs that fit the filters, and apart those whose
    sources do not say whether they fit (not_stated)."""

    filters: dict[str, Any]
    programs: Rows
    count: int
    not_stated: Rows
    choices: dict[str, Any]
    datasets: list[VersionRef]


class ExchangesProgram(Answer):
    """GET /api/exchanges/programs/100000-strong-in-the-americas"""

    program: dict[str, Any]
    datasets: list[VersionRef]
