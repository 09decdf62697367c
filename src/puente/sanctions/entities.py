"""Reading the list in force: search, one entity with its links, programs, and the records
the screening engine indexes. Every answer carries the dataset version it came from."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar

import duckdb

from puente.errors import InvalidInput, NotFound
from puente.results import Answer
from puente.sanctions import inputs
from puente.sanctions.programs import KINGPIN, NARCOTICS, describe
from puente.sanctions.records import ScreeningName, ScreeningRecord
from puente.sanctions.results import (
    SanctionsAddress,
    SanctionsDocument,
    SanctionsEntity,
    SanctionsEntry,
    SanctionsHit,
    SanctionsLink,
    SanctionsLinkedName,
    SanctionsName,
    SanctionsProgram,
    SanctionsPrograms,
    SanctionsQuery,
    SanctionsRemark,
    SanctionsSearch,
)
from puente.store.catalog import require_current
from puente.store.memo import by_version

DATASET = "ofac-sdn"
INDEX_TABLE = "sdn_screening_index"
"""The screening index of each version (see puente.sanctions.screening.stored)."""
MAX_LIMIT = 500
M = TypeVar("M", bound=Answer)

_ENTITY_COLUMNS = (
    "entity_id",
    "name",
    "entity_type",
    "programs",
    "title",
    "call_sign",
    "vessel_type",
    "tonnage",
    "grt",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "countries",
    "birth_dates",
    "id_numbers",
    "mexico",
    "nationalities",
)
_SUMMARY = "e.entity_id, e.name, e.entity_type, e.programs, e.countries, e.mexico"


def _summary(row: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "entity_id": row[0],
        "name": row[1],
        "entity_type": row[2],
        "programs": list(row[3] or []),
        "countries": list(row[4] or []),
        "mexico": bool(row[5]),
    }


def load_screening_records(
    cur: duckdb.DuckDBPyConnection, table: Callable[[str], str] | None = None
) -> list[ScreeningRecord]:
    """Every entity of the version in force (or, with `table`, of the version whose tables
    it names: a load builds its index before it is in force), as the engine indexes it."""
    if table is None:
        require_current(cur, DATASET)
    name_of = table or str
    names: dict[int, list[ScreeningName]] = {}
    for entity_id, name, kind in cur.execute(
        f"SELECT entity_id, name, kind FROM {name_of('sdn_names')} ORDER BY entity_id, seq"
    ).fetchall():
        names.setdefault(entity_id, []).append(ScreeningName(name, kind))
    records = []
    for row in cur.execute(
        "SELECT entity_id, name, entity_type, programs, birth_dates, countries, id_numbers, "
        f"nationalities FROM {name_of('sdn_entities')} ORDER BY entity_id"
    ).fetchall():
        own = names.get(row[0]) or [ScreeningName(row[1], "primary")]
        records.append(
            ScreeningRecord(
                entity_id=str(row[0]),
                entity_type=row[2],
                names=tuple(own),
                programs=tuple(row[3] or ()),
                birth_dates=tuple(row[4] or ()),
                countries=tuple(row[5] or ()),
                id_numbers=tuple(row[6] or ()),
                nationalities=tuple(row[7] or ()),
            )
        )
    return records


def search_entities(
    cur: duckdb.DuckDBPyConnection,
    q: str | None = None,
    program: str | None = None,
    country: str | None = None,
    entity_type: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> SanctionsSearch:
    """Entities whose names hold every word of `q` (accents and case ignored), filtered by
    program, country (ISO-2 or name) and type. Without `q`, Kingpin Act designations with
    Mexico ties come first, then other narcotics designations with Mexico ties."""
    version = require_current(cur, DATASET)
    text = inputs.clean_text(q, "q", required=False)
    program = inputs.clean_program(program)
    code = inputs.clean_country(country)
    kind = inputs.clean_type(entity_type)
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise InvalidInput(f"limit must be 1..{MAX_LIMIT} and offset 0 or more")
    where, params = ["true"], []
    if program:
        where.append("list_contains(e.programs, ?)")
        params.append(program)
    if code:
        where.append("list_contains(e.countries, ?)")
        params.append(code)
    if kind:
        where.append("e.entity_type = ?")
        params.append(kind)
    narcotics = ", ".join(f"'{p}'" for p in NARCOTICS)
    name_match, select_params = "NULL", []
    order = (
        f"(e.mexico AND list_contains(e.programs, '{KINGPIN}')) DESC, "
        f"(e.mexico AND list_has_any(e.programs, [{narcotics}])) DESC, e.name, e.entity_id"
    )
    if text:
        words = [w for w in _fold_words(text) if w]
        if not words:  # only commas and wildcards: no word to look for, no name to find
            where.append("false")
            words = [""]  # keeps the name condition well formed
        cond = " AND ".join(["strip_accents(lower(n.name)) LIKE ?"] * len(words))
        where.append(f"e.entity_id IN (SELECT n.entity_id FROM sdn_names n WHERE {cond})")
        params += [f"%{w}%" for w in words]
        likes = [f"%{w}%" for w in words]
        rank, rank_params = _relevance(text)
        # The best-ranked of the entry's matching names: its rank orders the results and it
        # is the name shown as matched.
        name_match = (
            f"(SELECT n.name FROM sdn_names n WHERE n.entity_id = e.entity_id AND {cond} "
            f"ORDER BY {rank}, n.seq LIMIT 1)"
        )
        best = f"(SELECT min({rank}) FROM sdn_names n WHERE n.entity_id = e.entity_id AND {cond})"
        select_params = [*likes, *rank_params, *rank_params, *likes]
        order = "relevance, e.name, e.entity_id"
        sql = (
            f"SELECT {_SUMMARY}, {name_match} AS matched_name, count(*) OVER () AS total, "
            f"{best} AS relevance FROM sdn_entities e WHERE {' AND '.join(where)} "
            f"ORDER BY {order} LIMIT ? OFFSET ?"
        )
    else:
        sql = (
            f"SELECT {_SUMMARY}, {name_match} AS matched_name, count(*) OVER () AS total "
            f"FROM sdn_entities e WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ? OFFSET ?"
        )
    rows = cur.execute(sql, [*select_params, *params, limit, offset]).fetchall()
    results = [
        SanctionsHit(**_summary(row), matched_name=row[6] if row[6] and row[6] != row[1] else None)
        for row in rows
    ]
    return SanctionsSearch(
        version=version.ref.as_dict(),
        lacks=list(version.stats.get("lacks", [])),
        query=SanctionsQuery(q=text or None, program=program, country=code, type=kind),
        total=int(rows[0][7]) if rows else _count(cur, where, params),
        limit=limit,
        offset=offset,
        results=results,
    )


def _count(cur: duckdb.DuckDBPyConnection, where: list[str], params: list[Any]) -> int:
    row = cur.execute(
        f"SELECT count(*) FROM sdn_entities e WHERE {' AND '.join(where)}", params
    ).fetchone()
    return int(row[0]) if row else 0


_WORDS = (
    "(' ' || trim(regexp_replace(strip_accents(lower(n.name)), '[^a-z0-9]+', ' ', 'g')) || ' ')"
)


def _relevance(text: str) -> tuple[str, list[Any]]:
    """A SQL rank (lower is better) of one name `n.name` against the query: 0 the entry's
    name itself, 1 an alias, word for word; 2 the name, 3 an alias, beginning with the
    query's words; 4 the name, 5 an alias, holding every query word as a whole word; 6 any
    other name holding the query's letters (a partial match). Accents, case and punctuation
    are ignored. Returns the expression and its parameters, in order."""
    tokens = re.findall(r"[a-z0-9]+", " ".join(_fold_words(text)))
    phrase = " " + " ".join(tokens) + " "
    alias = "(CASE WHEN n.kind = 'primary' THEN 0 ELSE 1 END)"
    whole = " AND ".join([f"{_WORDS} LIKE ?"] * len(tokens)) or "false"
    sql = (
        f"(CASE WHEN {_WORDS} = ? THEN 0 + {alias} "
        f"WHEN starts_with({_WORDS}, ?) THEN 2 + {alias} "
        f"WHEN {whole} THEN 4 + {alias} ELSE 6 END)"
    )
    return sql, [phrase, phrase, *(f"% {t} %" for t in tokens)]


def _fold_words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    # LIKE wildcards are dropped, so that "%" or "_" match themselves nowhere rather than
    # everything.
    return [w.replace("%", "").replace("_", "") for w in plain.replace(",", " ").split()]


def get_entity(cur: duckdb.DuckDBPyConnection, entity_id: int) -> SanctionsEntity:
    """One entity with its names, addresses, documents, Remarks fields and linked entities
    (those it is "Linked To" and those linked to it)."""
    version = require_current(cur, DATASET)
    row = cur.execute(
        f"SELECT {', '.join(_ENTITY_COLUMNS)} FROM sdn_entities WHERE entity_id = ?",
        [entity_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"no entity {entity_id} in the SDN list version {version.version}")
    values = dict(zip(_ENTITY_COLUMNS, row, strict=True))
    for key in ("programs", "countries", "birth_dates", "id_numbers", "nationalities"):
        values[key] = list(values[key] or [])
    entity = SanctionsEntry(
        **values,
        program_descriptions={p: describe(p) for p in values["programs"]},
        names=_rows(
            cur,
            "SELECT name, kind, alias_type, remarks FROM sdn_names WHERE entity_id = ? "
            "ORDER BY seq",
            entity_id,
            SanctionsName,
        ),
        addresses=_rows(
            cur,
            "SELECT address, city, country, country_code, remarks FROM sdn_addresses "
            "WHERE entity_id = ? ORDER BY address_id",
            entity_id,
            SanctionsAddress,
        ),
        documents=_rows(
            cur,
            "SELECT doc_type, number, country, country_code, issued, expires, alt "
            "FROM sdn_documents WHERE entity_id = ? ORDER BY seq",
            entity_id,
            SanctionsDocument,
        ),
        remark_fields=_rows(
            cur,
            "SELECT field, value, normalized, alt, raw FROM sdn_remarks WHERE entity_id = ? "
            "ORDER BY seq",
            entity_id,
            SanctionsRemark,
        ),
        linked=linked_entities(cur, entity_id),
    )
    return SanctionsEntity(
        version=version.ref.as_dict(), lacks=list(version.stats.get("lacks", [])), entity=entity
    )


def _rows(cur: duckdb.DuckDBPyConnection, sql: str, entity_id: int, model: type[M]) -> list[M]:
    """The rows `sql` selects for the entry, as `model`s (the columns in its fields' order)."""
    names = tuple(model.model_fields)
    found = cur.execute(sql, [entity_id]).fetchall()
    return [model(**dict(zip(names, r, strict=True))) for r in found]


def linked_entities(
    cur: duckdb.DuckDBPyConnection, entity_id: int
) -> list[SanctionsLink | SanctionsLinkedName]:
    """Relations both ways: 'to' (this entity is Linked To) and 'from' (linked to it)."""
    out = cur.execute(
        f"SELECT 'to', r.linked_name, {_SUMMARY} FROM sdn_relations r "
        "LEFT JOIN sdn_entities e ON e.entity_id = r.linked_entity_id WHERE r.entity_id = ? "
        f"UNION ALL SELECT 'from', NULL, {_SUMMARY} FROM sdn_relations r "
        "JOIN sdn_entities e ON e.entity_id = r.entity_id WHERE r.linked_entity_id = ? "
        "ORDER BY 1 DESC, 4",
        [entity_id, entity_id],
    ).fetchall()
    linked: list[SanctionsLink | SanctionsLinkedName] = []
    for row in out:
        if row[2] is None:  # a name that names no entry of the list
            linked.append(SanctionsLinkedName(entity_id=None, name=row[1], direction=row[0]))
        else:
            linked.append(SanctionsLink(**_summary(row[2:]), direction=row[0]))
    return linked


@by_version(DATASET)
def list_programs(cur: duckdb.DuckDBPyConnection) -> SanctionsPrograms:
    version = require_current(cur, DATASET)
    rows = cur.execute(
        "SELECT p.program, count(*), count(*) FILTER (WHERE e.mexico) FROM sdn_programs p "
        "JOIN sdn_entities e USING (entity_id) GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    return SanctionsPrograms(
        version=version.ref.as_dict(),
        programs=[
            SanctionsProgram(program=r[0], description=describe(r[0]), entities=r[1], mexico=r[2])
            for r in rows
        ],
    )
