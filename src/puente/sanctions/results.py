"""The typed results of reading the lists in force: the SDN list's search, entries, programs
and version diffs (puente.sanctions.entities, puente.sanctions.diff) and the same for every
list (puente.sanctions.listviews). What the API sends (each route's `response_model`), the
pages read and the CLI prints.

Screening answers (POST /api/screen, batches, receipts) are typed apart."""

from __future__ import annotations

from typing import Any, Literal

from puente.results import Answer, VersionRef


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


class SanctionsName(Answer):
    """One of an entry's names: its primary name, an a.k.a., f.k.a., n.k.a. or weak alias."""

    name: str
    kind: str
    alias_type: str | None
    remarks: str | None


class SanctionsAddress(Answer):
    address: str | None
    city: str | None
    country: str | None
    country_code: str | None
    remarks: str | None


class SanctionsDocument(Answer):
    """An identity document (passport, national ID, ...); alt for an alternative one."""

    doc_type: str | None
    number: str | None
    country: str | None
    country_code: str | None
    issued: str | None
    expires: str | None
    alt: bool | None


class SanctionsRemark(Answer):
    """One field of the entry's Remarks, as published (raw) and read (value, normalized)."""

    field: str
    value: str | None
    normalized: str | None
    alt: bool | None
    raw: str | None


class SanctionsLink(Answer):
    """An entry this one is "Linked To" (direction to) or that is linked to it (from)."""

    entity_id: int
    name: str
    entity_type: str
    programs: list[str]
    countries: list[str]
    mexico: bool
    direction: Literal["to", "from"]


class SanctionsLinkedName(Answer):
    """A "Linked To" name that names no entry of the list."""

    entity_id: None
    name: str | None
    direction: Literal["to", "from"]


class SanctionsEntry(Answer):
    """One entry of the SDN list with its names, addresses, documents, Remarks fields and
    linked entries."""

    entity_id: int
    name: str
    entity_type: str
    programs: list[str]
    title: str | None
    call_sign: str | None
    vessel_type: str | None
    tonnage: str | None
    grt: str | None
    vessel_flag: str | None
    vessel_owner: str | None
    remarks: str | None
    countries: list[str]
    birth_dates: list[str]
    id_numbers: list[str]
    mexico: bool
    nationalities: list[str]
    program_descriptions: dict[str, str | None]
    names: list[SanctionsName]
    addresses: list[SanctionsAddress]
    documents: list[SanctionsDocument]
    remark_fields: list[SanctionsRemark]
    linked: list[SanctionsLink | SanctionsLinkedName]


class SanctionsEntity(Answer):
    """GET /api/sanctions/entities/103"""

    version: VersionRef
    lacks: list[str]
    entity: SanctionsEntry


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


class SanctionsDiffEntry(Answer):
    """An entry added (as the newer version has it) or removed (as the older one had it)."""

    entity_id: int
    name: str
    entity_type: str
    programs: list[str]


class SanctionsChange(Answer):
    """An entry in both versions that changed: for each facet that changed, its old and new
    value (name, entity_type) or what was added and removed (programs, aliases, addresses,
    and per field the Remarks)."""

    entity_id: int
    name: str
    changes: dict[str, Any]


class SanctionsDiff(Answer):
    """GET /api/sanctions/diff"""

    old: VersionRef
    new: VersionRef
    compared: dict[str, bool]
    summary: SanctionsDiffSummary
    added: list[SanctionsDiffEntry]
    removed: list[SanctionsDiffEntry]
    changed: list[SanctionsChange]


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


class SanctionsListName(Answer):
    name: str
    kind: str
    remarks: str | None


class SanctionsListDocument(Answer):
    doc_type: str | None
    number: str | None
    country: str | None
    country_code: str | None


class SanctionsListFact(Answer):
    """A fact a list states about an entry (a place of birth, a listing date...)."""

    field: str
    value: str | None
    normalized: str | None


class SanctionsListEntry(Answer):
    """One entry of a list other than the SDN list (id as text, as in its search)."""

    name: str
    entity_type: str
    programs: list[str]
    title: str | None
    remarks: str | None
    countries: list[str]
    birth_dates: list[str]
    nationalities: list[str]
    entity_id: str
    names: list[SanctionsListName]
    addresses: list[SanctionsAddress]
    documents: list[SanctionsListDocument]
    facts: list[SanctionsListFact]


class SanctionsEntityEntry(Answer):
    """GET /api/lists/ofac-sdn/entities/103: the SDN list's entry as /api/sanctions gives it,
    another list's in that list's own form."""

    version: VersionRef
    lacks: list[str]
    entity: SanctionsEntry | SanctionsListEntry
    dataset: str


class SanctionsListDiffEntry(Answer):
    """SanctionsDiffEntry with the id as text (as in a list's search)."""

    entity_id: str
    name: str
    entity_type: str
    programs: list[str]


class SanctionsListChange(Answer):
    """SanctionsChange with the id as text (as in a list's search)."""

    entity_id: str
    name: str
    changes: dict[str, Any]


class SanctionsDiffList(Answer):
    """GET /api/lists/ofac-sdn/diff"""

    old: VersionRef
    new: VersionRef
    compared: dict[str, bool]
    summary: SanctionsDiffSummary
    added: list[SanctionsListDiffEntry]
    removed: list[SanctionsListDiffEntry]
    changed: list[SanctionsListChange]
    dataset: str
