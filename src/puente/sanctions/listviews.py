"""Reading any list in force: the lists and their versions, search, one entry, version diffs.

The SDN list keeps its own richer services (puente.sanctions.entities: Kingpin ordering,
"Linked To" networks); these serve every list, the SDN list included, from the tables each
list writes in the same model.
"""

from __future__ import annotations

from typing import TypeVar

import duckdb

from puente.errors import InvalidInput, NotFound
from puente.results import Answer
from puente.sanctions import entities, inputs
from puente.sanctions.diff import compare_versions
from puente.sanctions.lists import LISTS, list_info
from puente.sanctions.results import (
    SanctionsAddress,
    SanctionsDiffEntry,
    SanctionsDiffList,
    SanctionsEntityEntry,
    SanctionsListChange,
    SanctionsListDiffEntry,
    SanctionsListDocument,
    SanctionsListEntry,
    SanctionsListFact,
    SanctionsListHit,
    SanctionsListInfo,
    SanctionsListName,
    SanctionsListQuery,
    SanctionsLists,
    SanctionsSearchList,
)
from puente.store.catalog import current_version, list_versions, require_current
from puente.store.memo import by_version

MAX_LIMIT = 500
M = TypeVar("M", bound=Answer)


def describe_lists(cur: duckdb.DuckDBPyConnection) -> SanctionsLists:
    """Every list Puente knows, loaded or not, with the version in force and its counts."""
    out = []
    for info in LISTS.values():
        version = current_version(cur, info.dataset)
        kept = list_versions(cur, info.dataset)
        out.append(
            SanctionsListInfo(
                dataset=info.dataset,
                short=info.short,
                title=info.title,
                loaded=version is not None,
                version=version.ref.as_dict() if version else None,
                entities=version.rows if version else 0,
                by_type=dict(version.stats.get("by_type", {})) if version else {},
                mexico_ties=version.stats.get("mexico_ties", 0) if version else 0,
                versions=[v.version for v in kept],
            )
        )
    return SanctionsLists(lists=out)


def search_list(
    cur: duckdb.DuckDBPyConnection,
    dataset: str,
    q: str | None = None,
    program: str | None = None,
    country: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> SanctionsSearchList:
    """Entries whose names hold every word of `q`, by program and country (ISO code)."""
    prefix = list_info(dataset).prefix
    version = require_current(cur, dataset)
    text = inputs.clean_text(q, "q", required=False)
    program = inputs.clean_program(program)
    code = inputs.clean_country(country)
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise InvalidInput(f"limit must be 1..{MAX_LIMIT} and offset 0 or more")
    where, params = ["true"], []
    if program:
        where.append("list_contains(e.programs, ?)")
        params.append(program)
    if code:
        where.append("list_contains(e.countries, ?)")
        params.append(code)
    if text:
        words = [w for w in entities._fold_words(text) if w]
        if not words:  # only commas and wildcards: no word to look for, no name to find
            where.append("false")
            words = [""]  # keeps the name condition well formed
        cond = " AND ".join(["strip_accents(lower(n.name)) LIKE ?"] * len(words))
        where.append(f"e.entity_id IN (SELECT n.entity_id FROM {prefix}_names n WHERE {cond})")
        params += [f"%{w}%" for w in words]
    sql = (
        "SELECT e.entity_id, e.name, e.entity_type, e.programs, e.countries, e.mexico, "
        f"count(*) OVER () FROM {prefix}_entities e WHERE {' AND '.join(where)} "
        "ORDER BY e.name, e.entity_id LIMIT ? OFFSET ?"
    )
    rows = cur.execute(sql, [*params, limit, offset]).fetchall()
    return SanctionsSearchList(
        dataset=dataset,
        version=version.ref.as_dict(),
        query=SanctionsListQuery(q=text or None, program=program, country=code),
        total=int(rows[0][6]) if rows else 0,
        limit=limit,
        offset=offset,
        results=[
            SanctionsListHit(
                # As text: 60-bit ids of lists without ids of their own exceed what
                # JavaScript reads exactly.
                entity_id=str(r[0]),
                name=r[1],
                entity_type=r[2],
                programs=list(r[3] or []),
                countries=list(r[4] or []),
                mexico=bool(r[5]),
            )
            for r in rows
        ],
    )


def _entity_id(dataset: str, text: str | int) -> int:
    """The entry number an id names; an id of another form names no entry of the list (a
    NotFound, as a number the list lacks is)."""
    value = str(text).strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise NotFound(f"no entry {value[:30]!r} in {dataset}; its entry ids are numbers")
    return int(value)


def get_list_entity(
    cur: duckdb.DuckDBPyConnection, dataset: str, entity_id: str | int
) -> SanctionsEntityEntry:
    """One entry of a list with its names, addresses, documents and facts."""
    number = _entity_id(dataset, entity_id)
    if dataset == entities.DATASET:
        return SanctionsEntityEntry(**dict(entities.get_entity(cur, number)), dataset=dataset)
    prefix = list_info(dataset).prefix
    version = require_current(cur, dataset)
    columns = (
        "name",
        "entity_type",
        "programs",
        "title",
        "remarks",
        "countries",
        "birth_dates",
        "nationalities",
    )
    row = cur.execute(
        f"SELECT {', '.join(columns)} FROM {prefix}_entities WHERE entity_id = ?", [number]
    ).fetchone()
    if row is None:
        raise NotFound(f"no entry {number} in {dataset} version {version.version}")
    values = dict(zip(columns, row, strict=True))
    for key in ("programs", "countries", "birth_dates", "nationalities"):
        values[key] = list(values[key] or [])

    def rows(sql: str, model: type[M]) -> list[M]:
        names = tuple(model.model_fields)
        found = cur.execute(sql, [number]).fetchall()
        return [model(**dict(zip(names, r, strict=True))) for r in found]

    entity = SanctionsListEntry(
        **values,
        entity_id=str(number),
        names=rows(
            f"SELECT name, kind, remarks FROM {prefix}_names WHERE entity_id = ? ORDER BY seq",
            SanctionsListName,
        ),
        addresses=rows(
            f"SELECT address, city, country, country_code, remarks FROM {prefix}_addresses "
            "WHERE entity_id = ? ORDER BY address_id",
            SanctionsAddress,
        ),
        documents=rows(
            f"SELECT doc_type, number, country, country_code FROM {prefix}_documents "
            "WHERE entity_id = ? ORDER BY seq",
            SanctionsListDocument,
        ),
        facts=rows(
            f"SELECT field, value, normalized FROM {prefix}_remarks WHERE entity_id = ? "
            "ORDER BY seq",
            SanctionsListFact,
        ),
    )
    return SanctionsEntityEntry(
        dataset=dataset,
        version=version.ref.as_dict(),
        lacks=list(version.stats.get("lacks", [])),
        entity=entity,
    )


def diff_list(
    cur: duckdb.DuckDBPyConnection, dataset: str, old: int | None = None, new: int | None = None
) -> SanctionsDiffList:
    """Entries added, removed and changed between two kept versions of a list."""
    return _diff(cur, dataset, old, new)


@by_version(*LISTS)
def _diff(
    cur: duckdb.DuckDBPyConnection, dataset: str, old: int | None, new: int | None
) -> SanctionsDiffList:
    answer = compare_versions(cur, dataset, list_info(dataset).prefix, old, new)

    def brief(entry: SanctionsDiffEntry) -> SanctionsListDiffEntry:
        return SanctionsListDiffEntry(**{**dict(entry), "entity_id": str(entry.entity_id)})

    return SanctionsDiffList(
        old=answer.old,
        new=answer.new,
        compared=answer.compared,
        summary=answer.summary,
        added=[brief(e) for e in answer.added],
        removed=[brief(e) for e in answer.removed],
        changed=[
            SanctionsListChange(entity_id=str(c.entity_id), name=c.name, changes=c.changes)
            for c in answer.changed
        ],
        dataset=dataset,
    )
