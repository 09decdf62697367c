"""Response models of the sanctions answers (each route's `response_model`)."""

from __future__ import annotations

from typing import Any

from puente.api.models.common import Answer, Rows, VersionRef


class SanctionsSearch(Answer):
    """GET /api/sanctions/search"""

    version: VersionRef
    lacks: list[str]
    query: dict[str, Any]
    total: int | None
    limit: int | None
    offset: int | None
    results: Rows


class SanctionsEntity(Answer):
    """GET /api/sanctions/entities/103"""

    version: VersionRef
    lacks: list[str]
    entity: dict[str, Any]


class SanctionsPrograms(Answer):
    """GET /api/sanctions/programs"""

    version: VersionRef
    programs: Rows


class SanctionsDiff(Answer):
    """GET /api/sanctions/diff"""

    old: VersionRef
    new: VersionRef
    compared: dict[str, Any]
    summary: dict[str, Any]
    added: Rows
    removed: Rows
    changed: list[Any]


class SanctionsLists(Answer):
    """GET /api/lists"""

    lists: Rows


class SanctionsSearchList(Answer):
    """GET /api/lists/ofac-sdn/search"""

    dataset: str | None
    version: VersionRef
    query: dict[str, Any]
    total: int | None
    limit: int | None
    offset: int | None
    results: Rows


class SanctionsEntityEntry(Answer):
    """GET /api/lists/ofac-sdn/entities/103"""

    version: VersionRef
    lacks: list[str]
    entity: dict[str, Any]
    dataset: str | None


class SanctionsDiffList(Answer):
    """GET /api/lists/ofac-sdn/diff"""

    old: VersionRef
    new: VersionRef
    compared: dict[str, Any]
    summary: dict[str, Any]
    added: Rows
    removed: Rows
    changed: list[Any]
    dataset: str | None
