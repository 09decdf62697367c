"""Reference facts kept as project data: hand-compiled CSV files shipped in the package,
each row with its source and as-of date, loaded into versioned tables.

Every column is declared with its kind, and every bad cell is reported by file, line and
column. An empty cell is unknown and stays NULL: a number is never filled with zero.
`ReferenceCsvSource` loads one file into one table (border ports, travel advisory, exchange
programs ...); sources with several related files use `stage_reference`, `check_reference` and
`write_table` directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import duckdb

from puente.errors import SourceError
from puente.geo.states import ISO_CODES
from puente.ingest.base import LoadContext, LoadResult, RawFile, Source
from puente.ingest.fetch import check_utf8
from puente.ingest.tabular import CsvFile, check_rows, map_columns, stage_csv

AS_OF_PATTERN = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
"""An as-of date as precise as the source: 2024, 2024-09 or 2025-08-12."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a project data file.

    kind: text, int, float, date (YYYY-MM-DD), as_of (a partial ISO date: 2024, 2024-09,
    2024-09-25), code (an ISO 3166-2:MX code), codes ("; "-separated ISO codes) or slug.
    `required`: no empty cell; `optional`: the header may lack the column (all unknown);
    `sql`: not in the file but computed from the staged row by this SQL expression.
    """

    name: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    unique: bool = False
    optional: bool = False
    sql: str | None = None


_KIND_SQL = {
    "int": "try_cast(trim({c}) AS INTEGER)",
    "float": "try_cast(trim({c}) AS DOUBLE)",
    "date": "try_cast(trim({c}) AS DATE)",
}
_KIND_EXPECTED = {
    "int": "a whole number or an empty cell (unknown)",
    "float": "a decimal number or an empty cell (unknown)",
    "date": "a date as YYYY-MM-DD or an empty cell (unknown)",
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


ISO_LIST_SQL = "SELECT unnest([" + ", ".join(f"'{c}'" for c in ISO_CODES) + "])"
"""A one-column query of the 32 ISO 3166-2:MX codes, for `check_reference`."""


def _filled(col: str) -> str:
    return f"coalesce(trim({col}), '') <> ''"


def _sql_list(values: Sequence[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def stage_reference(
    cur: duckdb.DuckDBPyConnection, raw: RawFile, columns: Sequence[Column], workdir: Path
) -> int:
    """Stage the file as `_stage` and check every declared column; returns the row count."""
    label = raw.label
    check_utf8(raw.path, label)
    source = CsvFile.open(raw, workdir)
    read = [c for c in columns if c.sql is None]
    mapping = map_columns(
        source.header(),
        [c.name for c in read if not c.optional],
        [c.name for c in read if c.optional],
        label,
    )
    count = stage_csv(cur, source, mapping)
    for col in read:
        if col.name not in mapping:  # an optional column the file leaves out: unknown
            cur.execute(f"ALTER TABLE _stage ADD COLUMN {col.name} VARCHAR")
        _check_column(cur, label, col, mapping.get(col.name, col.name))
    return count


def _column_rules(col: Column) -> list[tuple[str, str, str]]:
    """(condition true on a bad row, what was expected, table) for each rule of a column."""
    c = col.name
    filled = _filled(c)
    expected = _KIND_EXPECTED.get(col.kind, "")
    rules: list[tuple[str, str, str]] = []

    def add(condition: str, wanted: str, table: str = "_stage") -> None:
        rules.append((condition, wanted, table))

    if col.required:
        add(f"NOT {filled}", "a value (this column may not be empty)")
    if col.kind in _KIND_SQL:
        cast = _KIND_SQL[col.kind].format(c=c)
        add(f"{filled} AND {cast} IS NULL", expected)
        if col.low is not None and col.high is not None:
            add(
                f"{cast} NOT BETWEEN {col.low} AND {col.high}",
                f"a value from {col.low:g} to {col.high:g}",
            )
    if col.kind in _KIND_PATTERN:
        add(f"{filled} AND NOT regexp_full_match(trim({c}), '{_KIND_PATTERN[col.kind]}')", expected)
    if col.kind == "as_of":
        # A well-formed but impossible date (2024-13, 2024-02-30).
        padded = f"rpad(trim({c}), 10, CASE length(trim({c})) WHEN 4 THEN '-01-01' ELSE '-01' END)"
        add(f"{filled} AND try_strptime({padded}, '%Y-%m-%d') IS NULL", expected)
    if col.choices:
        add(
            f"{filled} AND trim({c}) NOT IN ({_sql_list(col.choices)})",
            "one of " + ", ".join(col.choices),
        )
    if col.unique:
        add(
            "_n > 1",
            "a value that appears only once in the file (it repeats an earlier row)",
            f"(SELECT *, row_number() OVER (PARTITION BY trim({c}) ORDER BY line) AS _n "
            "FROM _stage) AS d",
        )
    return rules


def _check_column(cur: duckdb.DuckDBPyConnection, label: str, col: Column, shown: str) -> None:
    """Every rule of the column's declaration; errors name the column as the header does."""
    for condition, expected, table in _column_rules(col):
        check_rows(cur, label, condition, col.name, expected, table=table, display=shown)


def select_list(columns: Sequence[Column]) -> str:
    """The typed SELECT list that turns `_stage` into the dataset table."""
    parts = ["line"]
    for col in columns:
        c = col.name
        if col.sql is not None:
            parts.append(f"{col.sql} AS {c}")
        elif col.kind in _KIND_SQL:
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
    check_rows(cur, label, _not_in(column, allowed_sql, split), column, expected)


def _not_in(column: str, allowed_sql: str, split: bool) -> str:
    """SQL true where a filled cell (or any of its "; "-separated parts) is not allowed."""
    if split:
        return (
            f"{_filled(column)} AND EXISTS (SELECT 1 FROM unnest(string_split(trim({column}), "
            f"'; ')) AS p(v) WHERE trim(p.v) NOT IN ({allowed_sql}))"
        )
    return f"{_filled(column)} AND trim({column}) NOT IN ({allowed_sql})"


def require_file(files: Sequence[RawFile], name: str) -> RawFile:
    for raw in files:
        if raw.spec.name == name:
            return raw
    raise SourceError(f"expected file {name} is missing")


class ReferenceCsvSource(Source):
    """One packaged CSV file loaded into one table.

    Subclasses set `columns` (a tuple of Column), `order_by` for the table and the usual
    Source attributes; `check` adds rules that span columns, `result` the catalog facts.
    """

    columns: ClassVar[tuple[Column, ...]]
    order_by: ClassVar[str] = "line"

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        raw = ctx.files[0]
        stage_reference(cur, raw, self.columns, ctx.workdir)
        self.check(cur, raw.label)
        target = ctx.table(self.tables[0])
        rows = write_table(cur, target, self.columns, self.order_by)
        return self.result(cur, target, rows)

    def check(self, cur: duckdb.DuckDBPyConnection, label: str) -> None:
        """Rules beyond each column's own, run on the staged rows (`_stage`)."""

    def result(self, cur: duckdb.DuckDBPyConnection, table: str, rows: int) -> LoadResult:
        """The load's row count and catalog facts; the as-of range when the table has one."""
        if not any(col.name == "as_of" for col in self.columns):
            return LoadResult(rows=rows)
        row = cur.execute(f"SELECT min(as_of), max(as_of) FROM {table}").fetchone()
        return LoadResult(
            rows=rows,
            stats={
                "as_of_min": None if row is None or row[0] is None else str(row[0]),
                "as_of_max": None if row is None or row[1] is None else str(row[1]),
            },
        )
