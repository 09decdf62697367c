"""The typed results of reading the lists in force: the SDN list's search, entries, programs
and version diffs (puente.sanctions.entities, puente.sanctions.diff) and the same for every
list (puente.sanctions.listviews). What the API sends (each route's `response_model`), the
pages read and the CLI prints.

Screening answers (POST /api/screen, batches, receipts) are typed apart."""

from __future__ import annotations

from typing import Any

from puente.results import Answer, Rows, VersionRef


class SanctionsQuery(Answer):
    """The search as read: the words (None for none), the program, the ISO-2 country code and
    the entry type the results were filtered by."""

    q: str | None
    program: str | None
    country: str | None
    type: str | None


class SanctionsHit(Answer):
    """One entry of the SDN list found by a search."""

    entity_id: int
    name: str
    entity_type: str
    programs: list[str]
    countries: list[str]
    mexico: bool
    matched_name: str | None


class SanctionsSearch(Answer):
    """GET /api/sanctions/search"""

    version: VersionRef
    lacks: list[str]
    query: SanctionsQuery
    total: int
    limit: int
    offset: int
    results: list[SanctionsHit]


class SanctionsEntity(Answer):
    """GET /api/sanctions/entities/103"""

    version: VersionRef
    lacks: list[str]
    entity: dict[str, Any]


class SanctionsProgram(Answer):
    """One program: its entries, those with Mexico ties, and what it is (when known)."""

    program: str
    description: str | None
    entities: int
    mexico: int


class SanctionsPrograms(Answer):
    """GET /api/sanctions/programs"""

    version: VersionRef
    programs: list[SanctionsProgram]


class SanctionsDiffSummary(Answer):
    """How many entries were added, removed and changed."""

    added: int
    removed: int
    changed: int


class SanctionsDiff(Answer):
    """GET /api/sanctions/diff"""

    old: VersionRef
    new: VersionRef
    compared: dict[str, bool]
    summary: SanctionsDiffSummary
    added: Rows
    removed: Rows
    changed: Rows


class SanctionsListInfo(Answer):
    """One list Puente knows, loaded or not: the version in force and its counts."""

    dataset: str
    short: str
    title: str
    loaded: bool
    version: VersionRef | None
    entities: int
    by_type: dict[str, int]
    mexico_ties: int
    versions: list[int]


class SanctionsLists(Answer):
    """GET /api/lists"""

    lists: list[SanctionsListInfo]


class SanctionsListQuery(Answer):
    """The search of one list as read (words, program, ISO-2 country code)."""

    q: str | None
    program: str | None
    country: str | None


class SanctionsListHit(Answer):
    """One entry of a list found by a search; its id as text (60-bit ids of lists without ids
    of their own exceed what JavaScript reads exactly)."""

    entity_id: str
    name: str
    entity_type: str
    programs: list[str]
    countries: list[str]
    mexico: bool


class SanctionsSearchList(Answer):
    """GET /api/lists/ofac-sdn/search"""

    dataset: str
    version: VersionRef
    query: SanctionsListQuery
    total: int
    limit: int
    offset: int
    results: list[SanctionsListHit]


class SanctionsEntityEntry(SanctionsEntity):
    """GET /api/lists/ofac-sdn/entities/103"""

    dataset: str


class SanctionsDiffList(SanctionsDiff):
    """GET /api/lists/ofac-sdn/diff"""

    dataset: str
