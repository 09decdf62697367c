"""Loading a project data file (reference facts shipped in the package) into a versioned
table: every column declared with its kind, every bad cell reported by file, line and column.

Used by the travel and exchanges sources. Empty cells are unknown and stay NULL: a number is
never filled with zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from puente.errors import SourceError
from puente.ingest.base import RawFile
from puente.ingest.fetch import check_utf8
from puente.ingest.tabular import CsvFile, check_rows, map_columns, stage_csv

AS_OF_PATTERN = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
"""An as-of date as precise as the source: 2024, 2024-09 or 2025-08-12."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a project data file.

    kind: text, int, float, as_of (a partial ISO date), code (an ISO 3166-2:MX code),
    codes ("; "-separated ISO codes) or slug.
    """

    name: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    unique: bool = False


_KIND_SQL = {
    "int": "try_cast(trim({c}) AS INTEGER)",
    "float": "try_cast(trim({c}) AS DOUBLE)",
}
_KIND_EXPECTED = {
    "int": "a whole number or an empty cell (unknown)",
    "float": "a decimal number or an empty cell (unknown)",
    "as_of": "a date as 2024, 2024-09 or 2024-09-25, or an empty cell (unknown)",
    "code": "an ISO 3166-2:MX code such as MX-CMX",
    "codes": "ISO 3166-2:MX codes separated by '; ', such as MX-CAM; MX-CHP",
    "slug": "a lower-case slug of letters, digits and hyphens, such as nuevo-leon",
}
_KIND_PATTERN = {
    "as_of": AS_OF_PATTERN,
    "code": "MX-[A-Z]{3}",
    "codes": "MX-[A-Z]{3}(; MX-[A-Z]{3})*",
    "slug": "[a-z0-9]+(-[a-z0-9]+)*",
}


def _filled(col: str) -> str:
    return f"coalesce(trim({col}), '') <> ''"


def _sql_list(values: Sequence[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def stage_datafile(
    cur: duckdb.DuckDBPyConnection, raw: RawFile, columns: Sequence[Column], workdir: Path
) -> int:
    """Stage the file as `_stage` and check every declared column; returns the row count."""
    label = raw.label
    check_utf8(raw.path, label)
    source = CsvFile.open(raw, workdir)
    names = [c.name for c in columns]
    mapping = map_columns(source.header(), names, (), label)
    count = stage_csv(cur, source, mapping)
    for col in columns:
        _check_column(cur, label, col)
    return count


def _check_column(cur: duckdb.DuckDBPyConnection, label: str, col: Column) -> None:
    c = col.name
    if col.required:
        check_rows(cur, label, f"NOT {_filled(c)}", c, "a value (this column may not be empty)")
    if col.kind in _KIND_SQL:
        cast = _KIND_SQL[col.kind].format(c=c)
        check_rows(cur, label, f"{_filled(c)} AND {cast} IS NULL", c, _KIND_EXPECTED[col.kind])
        if col.low is not None and col.high is not None:
            check_rows(
                cur,
                label,
                f"{cast} NOT BETWEEN {col.low} AND {col.high}",
                c,
                f"a value from {col.low:g} to {col.high:g}",
            )
    if col.kind in _KIND_PATTERN:
        pattern = _KIND_PATTERN[col.kind]
        check_rows(
            cur,
            label,
            f"{_filled(c)} AND NOT regexp_full_match(trim({c}), '{pattern}')",
            c,
            _KIND_EXPECTED[col.kind],
        )
    if col.kind == "as_of":
        # A well-formed but impossible date (2024-13, 2024-02-30).
        check_rows(
            cur,
            label,
            f"{_filled(c)} AND try_strptime(rpad(trim({c}), 10, "
            f"CASE length(trim({c})) WHEN 4 THEN '-01-01' ELSE '-01' END), '%Y-%m-%d') IS NULL",
            c,
            _KIND_EXPECTED["as_of"],
        )
    if col.choices:
        check_rows(
            cur,
            label,
            f"{_filled(c)} AND trim({c}) NOT IN ({_sql_list(col.choices)})",
            c,
            "one of " + ", ".join(col.choices),
        )
    if col.unique:
        check_rows(
            cur,
            label,
            "_n > 1",
            c,
            "a value that appears only once in the file (it repeats an earlier row)",
            table=f"(SELECT *, row_number() OVER (PARTITION BY trim({c}) ORDER BY line) "
            "AS _n FROM _stage) AS d",
        )


def select_list(columns: Sequence[Column]) -> str:
    """The typed SELECT list that turns `_stage` into the dataset table."""
    parts = ["line"]
    for col in columns:
        c = col.name
        if col.kind in _KIND_SQL:
            parts.append(f"{_KIND_SQL[col.kind].format(c=c)} AS {c}")
        else:
            parts.append(f"nullif(trim({c}), '') AS {c}")
    return ", ".join(parts)


def write_table(
    cur: duckdb.DuckDBPyConnection, target: str, columns: Sequence[Column], order_by: str
) -> int:
    cur.execute(
        f"CREATE TABLE {target} AS SELECT {select_list(columns)} FROM _stage ORDER BY {order_by}"
    )
    row = cur.execute(f"SELECT count(*) FROM {target}").fetchone()
    cur.execute("DROP TABLE _stage")
    return int(row[0]) if row else 0


def check_reference(
    cur: duckdb.DuckDBPyConnection,
    label: str,
    column: str,
    allowed_sql: str,
    expected: str,
    split: bool = False,
) -> None:
    """Fail on the first staged row whose value (or any "; "-separated part) is not in the
    rows of `allowed_sql` (a one-column query)."""
    if split:
        condition = (
            f"{_filled(column)} AND EXISTS (SELECT 1 FROM unnest(string_split(trim({column}), "
            f"'; ')) AS p(v) WHERE trim(p.v) NOT IN ({allowed_sql}))"
        )
    else:
        condition = f"{_filled(column)} AND trim({column}) NOT IN ({allowed_sql})"
    check_rows(cur, label, condition, column, expected)


def require_file(files: Sequence[RawFile], name: str) -> RawFile:
    for raw in files:
        if raw.spec.name == name:
            return raw
    raise SourceError(f"expected file {name} is missing")
