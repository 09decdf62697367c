"""The screening index kept in the store beside the list version it was built from.

Each list version that can be screened has one table of index parts (`part`, `data`),
written in the same transaction as the version's own tables, named like them
(`<table>__v<version>`: keyed by dataset and version, dropped when the version is pruned,
back in force on a rollback). Any process (CLI, server, worker) then loads the index ready
instead of building it: a few flat parts, no object per entry (see packed.py).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from puente.sanctions.records import ScreeningRecord
from puente.sanctions.screening.engine import ScreeningIndex


def _quoted(table: str) -> str:
    return '"' + table.replace('"', '""') + '"'


def save_index(cur: duckdb.DuckDBPyConnection, table: str, index: ScreeningIndex) -> None:
    """Write an index's parts into a new table (inside the caller's transaction)."""
    cur.execute(f"CREATE TABLE {_quoted(table)} (part VARCHAR PRIMARY KEY, data BLOB NOT NULL)")
    cur.executemany(
        f"INSERT INTO {_quoted(table)} VALUES (?, ?)",
        [[name, bytes(data)] for name, data in sorted(index.parts.items())],
    )


def replace_index(cur: duckdb.DuckDBPyConnection, table: str, index: ScreeningIndex) -> None:
    """Keep `index` in `table` in place of what the table held (an index of another format)."""
    cur.execute(f"DROP TABLE IF EXISTS {_quoted(table)}")
    save_index(cur, table, index)


def build_index(
    cur: duckdb.DuckDBPyConnection,
    table: str,
    records: Iterable[ScreeningRecord],
    list_version: str,
) -> ScreeningIndex:
    """Build the index of a list version's records and keep it in `table`."""
    index = ScreeningIndex.build(records, list_version)
    save_index(cur, table, index)
    return index


def load_index(cur: duckdb.DuckDBPyConnection, table: str) -> ScreeningIndex | None:
    """The index kept in `table`, or None if there is none (a version loaded before indexes
    were kept) or it is of another format (it is then built afresh by the caller)."""
    exists = cur.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
    ).fetchone()
    if not exists or not exists[0]:
        return None
    parts = {
        str(name): bytes(data)
        for name, data in cur.execute(f"SELECT part, data FROM {_quoted(table)}").fetchall()
    }
    try:
        return ScreeningIndex.from_parts(parts)
    except (KeyError, ValueError, UnicodeDecodeError):
        return None
