"""The DuckDB tables of one version of the SDN list.

Rows are written as newline-delimited JSON in the load's scratch folder and read back with
DuckDB's JSON reader, which is two orders of magnitude faster than row-by-row inserts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb

from puente.ingest.base import LoadContext
from puente.sanctions.model import Entity, SdnList

TABLES: tuple[str, ...] = (
    "sdn_entities",
    "sdn_names",
    "sdn_programs",
    "sdn_addresses",
    "sdn_documents",
    "sdn_relations",
    "sdn_remarks",
)

_COLUMNS: dict[str, dict[str, str]] = {
    "sdn_entities": {
        "entity_id": "INTEGER",
        "name": "VARCHAR",
        "entity_type": "VARCHAR",
        "programs": "VARCHAR[]",
        "title": "VARCHAR",
        "call_sign": "VARCHAR",
        "vessel_type": "VARCHAR",
        "tonnage": "VARCHAR",
        "grt": "VARCHAR",
        "vessel_flag": "VARCHAR",
        "vessel_owner": "VARCHAR",
        "remarks": "VARCHAR",
        "countries": "VARCHAR[]",
        "birth_dates": "VARCHAR[]",
        "id_numbers": "VARCHAR[]",
        "mexico": "BOOLEAN",
        "source_line": "INTEGER",
        "nationalities": "VARCHAR[]",
    },
    "sdn_names": {
        "entity_id": "INTEGER",
        "seq": "INTEGER",
        "name": "VARCHAR",
        "kind": "VARCHAR",
        "alias_type": "VARCHAR",
        "alt_num": "INTEGER",
        "remarks": "VARCHAR",
    },
    "sdn_programs": {"entity_id": "INTEGER", "program": "VARCHAR"},
    "sdn_addresses": {
        "entity_id": "INTEGER",
        "address_id": "INTEGER",
        "address": "VARCHAR",
        "city": "VARCHAR",
        "country": "VARCHAR",
        "country_code": "VARCHAR",
        "remarks": "VARCHAR",
    },
    "sdn_documents": {
        "entity_id": "INTEGER",
        "seq": "INTEGER",
        "doc_type": "VARCHAR",
        "number": "VARCHAR",
        "country": "VARCHAR",
        "country_code": "VARCHAR",
        "issued": "VARCHAR",
        "expires": "VARCHAR",
        "alt": "BOOLEAN",
        "raw": "VARCHAR",
    },
    "sdn_relations": {
        "entity_id": "INTEGER",
        "linked_name": "VARCHAR",
        "linked_entity_id": "INTEGER",
    },
    "sdn_remarks": {
        "entity_id": "INTEGER",
        "seq": "INTEGER",
        "field": "VARCHAR",
        "value": "VARCHAR",
        "normalized": "VARCHAR",
        "alt": "BOOLEAN",
        "raw": "VARCHAR",
    },
}


def _entity_rows(entity: Entity) -> dict[str, Iterator[dict[str, Any]]]:
    e = entity
    countries = e.countries()
    return {
        "sdn_entities": iter(
            [
                {
                    "entity_id": e.entity_id,
                    "name": e.name,
                    "entity_type": e.entity_type,
                    "programs": e.programs,
                    "title": e.title,
                    "call_sign": e.call_sign,
                    "vessel_type": e.vessel_type,
                    "tonnage": e.tonnage,
                    "grt": e.grt,
                    "vessel_flag": e.vessel_flag,
                    "vessel_owner": e.vessel_owner,
                    "remarks": e.remarks,
                    "countries": countries,
                    "birth_dates": e.birth_dates(),
                    "id_numbers": list(dict.fromkeys(d.number for d in e.parsed.documents)),
                    "mexico": "MX" in countries,
                    "source_line": e.line,
                    "nationalities": e.nationalities(),
                }
            ]
        ),
        "sdn_names": (
            {
                "entity_id": e.entity_id,
                "seq": i,
                "name": n.name,
                "kind": n.kind,
                "alias_type": n.alias_type,
                "alt_num": n.alt_num,
                "remarks": n.remarks,
            }
            for i, n in enumerate(e.names)
        ),
        "sdn_programs": ({"entity_id": e.entity_id, "program": p} for p in e.programs),
        "sdn_addresses": (
            {
                "entity_id": e.entity_id,
                "address_id": a.address_id,
                "address": a.address,
                "city": a.city,
                "country": a.country,
                "country_code": a.country_code,
                "remarks": a.remarks,
            }
            for a in e.addresses
        ),
        "sdn_documents": (
            {
                "entity_id": e.entity_id,
                "seq": i,
                "doc_type": d.doc_type,
                "number": d.number,
                "country": d.country,
                "country_code": d.country_code,
                "issued": d.issued,
                "expires": d.expires,
                "alt": d.alt,
                "raw": d.raw,
            }
            for i, d in enumerate(e.parsed.documents)
        ),
        "sdn_relations": (
            {"entity_id": e.entity_id, "linked_name": name, "linked_entity_id": target}
            for name, target in e.relations
        ),
        "sdn_remarks": (
            {
                "entity_id": e.entity_id,
                "seq": p.seq,
                "field": p.field,
                "value": p.value,
                "normalized": p.normalized,
                "alt": p.alt,
                "raw": p.raw,
            }
            for p in e.parsed.parts
        ),
    }


def list_tables(prefix: str) -> tuple[str, ...]:
    """The tables of another list in the same model: `un_entities`, `un_names`, ..."""
    return tuple(prefix + table.removeprefix("sdn") for table in TABLES)


def write_tables(
    cur: duckdb.DuckDBPyConnection,
    ctx: LoadContext,
    sdn_list: SdnList,
    prefix: str = "sdn",
    id_type: str = "INTEGER",
) -> int:
    """Create this version's tables (named `<prefix>_entities`, ...; entity ids of `id_type`);
    returns the number of entities."""
    paths = {table: ctx.workdir / f"{table}.jsonl" for table in TABLES}
    handles = {table: path.open("w", encoding="utf-8") for table, path in paths.items()}
    try:
        for entity in sdn_list.entities.values():
            for table, rows in _entity_rows(entity).items():
                _write_jsonl(handles[table], rows)
    finally:
        for handle in handles.values():
            handle.close()
    for table, name in zip(TABLES, list_tables(prefix), strict=True):
        columns = {
            column: id_type if column in ("entity_id", "linked_entity_id") else kind
            for column, kind in _COLUMNS[table].items()
        }
        _create(cur, ctx.table(name), paths[table], columns)
    entities = ctx.table(f"{prefix}_entities")
    cur.execute(f"CREATE UNIQUE INDEX {entities}_id ON {entities} (entity_id)")
    return len(sdn_list.entities)


def _write_jsonl(handle: Any, rows: Iterable[dict[str, Any]]) -> None:
    for row in rows:
        handle.write(json.dumps(row, ensure_ascii=False))
        handle.write("\n")


def _create(
    cur: duckdb.DuckDBPyConnection, target: str, path: Path, columns: dict[str, str]
) -> None:
    spec = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items()) + "}"
    names = ", ".join(columns)
    if path.stat().st_size == 0:
        cols = ", ".join(f"{name} {kind}" for name, kind in columns.items())
        cur.execute(f"CREATE TABLE {target} ({cols})")
        return
    cur.execute(
        f"CREATE TABLE {target} AS SELECT {names} FROM read_json(?, "
        f"format = 'newline_delimited', columns = {spec}, maximum_object_size = 16777216)",
        [str(path)],
    )
