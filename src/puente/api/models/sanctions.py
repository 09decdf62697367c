"""Response models of the sanctions answers (each route's `response_model`): the list
services' own typed results (puente.sanctions.results), and the screening answers."""

from __future__ import annotations

from puente.api.models.common import Answer, Rows, VersionRef
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


class ScreenResult(Answer):
    """POST /api/screen: candidates per query, the list versions screened, the audit id."""

    list_version: VersionRef
    list_versions: list[VersionRef]
    lists: list[str]
    threshold: float
    results: Rows
    audit_id: int | None


class ScreeningReceipt(Answer):
    """GET /api/screen/receipts/{audit_id}: the receipt of one audited screening (its fields
    are those of puente.sanctions receipts; typed loosely here)."""
