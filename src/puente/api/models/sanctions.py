"""Response models of the sanctions answers (each route's `response_model`): the list
services' own typed results (puente.sanctions.results), and the screening answers
(puente.api.models.screening)."""

from __future__ import annotations

from puente.api.models.screening import ScreeningReceipt, ScreenResult
from puente.sanctions.results import (
    SanctionsDiff,
    SanctionsDiffList,
    SanctionsEntity,
    SanctionsEntityEntry,
    SanctionsLists,
    SanctionsPrograms,
    SanctionsSearch,
    SanctionsSearchList,
)

__all__ = [
    "SanctionsDiff",
    "SanctionsDiffList",
    "SanctionsEntity",
    "SanctionsEntityEntry",
    "SanctionsLists",
    "SanctionsPrograms",
    "SanctionsSearch",
    "SanctionsSearchList",
    "ScreenResult",
    "ScreeningReceipt",
]
