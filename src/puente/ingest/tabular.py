"""Staging a published CSV in DuckDB and checking it, with errors that name file, line and
column.

The fast path is DuckDB's own CSV reader (all columns as text); the checks are SQL over the
staged rows, each reporting the first offending line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb

from puente.errors import SourceError


def normalize_header(name: str) -> str:
    """'Port Code' / 'port_code' / '\\ufeffPort Code ' all become 'port_code'."""
    return re.sub(r"[^a-z0-9]+", "_", name.replace("\ufeff", "").strip().lower()).strip("_")


def read_header(path: Path, label: str, encoding: str = "utf-8") -> list[str]:
    with path.open(encoding=encoding, newline="") as handle:
        try:
            header = next(csv.reader(handle), None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise SourceError(f"unreadable header row ({exc})", file=label, line=1) from exc
    if not header or not any(cell.strip() for cell in header):
        raise SourceError("the file is empty; expected a header row and data rows", file=label)
    return header


def map_columns(
    header: Sequence[str],
    required: Sequence[str],
    optional: Sequence[str],
    label: str,
    aliases: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Map canonical column names to the header's own spelling; fail on a missing column."""
    aliases = aliases or {}
    by_norm: dict[str, str] = {}
    for name in header:
        norm = normalize_header(name)
        by_norm.setdefault(aliases.get(norm, norm), name)
    missing = [col for col in required if col not in by_norm]
    if missing:
        shown = ", ".join(h.strip() for h in header)
        raise SourceError(
            f"missing column(s) {', '.join(missing)}; expected columns "
            f"{', '.join(required)} (found: {shown})",
            file=label,
            line=1,
        )
    return {col: by_norm[col] for col in (*required, *optional) if col in by_norm}


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def stage_csv(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    label: str,
    columns: Mapping[str, str],
    table: str = "_stage",
) -> int:
    """Stage the CSV as a temp table of text columns named canonically, plus `line`
    (the line number in the file, header being line 1). Returns the row count."""
    header = read_header(path, label)
    # The header's own names, all as text: no type sniffing, and a row with more or fewer
    # fields than the header is an error with its line number.
    declared = "{" + ", ".join(
        f"'{name.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for name in header
    ) + "}"
    select = ", ".join(f"{quote_ident(src)} AS {canon}" for canon, src in columns.items())
    try:
        cur.execute(f"DROP TABLE IF EXISTS {table}")
        cur.execute(
            f"CREATE TEMP TABLE {table} AS SELECT (row_number() OVER () + 1)::BIGINT AS line, "
            f"{select} FROM read_csv(?, header = true, auto_detect = false, columns = {declared}, "
            "delim = ',', quote = '\"', escape = '\"', strict_mode = true, parallel = false, "
            "null_padding = false)",
            [str(path)],
        )
    except duckdb.Error as exc:
        message = str(exc).split("\n")
        line = None
        for part in message:
            found = re.search(r"\bLine:?\s*(\d+)", part)
            if found:
                line = int(found.group(1))
                break
        raise SourceError(
            f"not a well-formed CSV ({message[0].strip()}); expected comma-separated rows "
            "with the header's number of fields",
            file=label,
            line=line,
        ) from exc
    row = cur.execute(f"SELECT count(*) FROM {table}").fetchone()
    count = int(row[0]) if row else 0
    if count == 0:
        raise SourceError("the file has a header but no data rows", file=label)
    return count


def check_rows(
    cur: duckdb.DuckDBPyConnection,
    label: str,
    condition: str,
    column: str,
    expected: str,
    table: str = "_stage",
    display: str | None = None,
) -> None:
    """Fail on the first staged row where `condition` (SQL) holds."""
    row = cur.execute(
        f"SELECT line, {column} FROM {table} WHERE {condition} ORDER BY line LIMIT 1"
    ).fetchone()
    if row is not None:
        raise SourceError(
            f"{row[1]!r} is not valid; expected {expected}",
            file=label,
            line=int(row[0]),
            column=display or column,
        )
