"""Reference facts kept as project data: hand-compiled CSV files shipped in the package,
each row with its source and as-of date. An empty cell is unknown (NULL), never zero."""

from __future__ import annotations

from typing import ClassVar

import duckdb

from puente.ingest.base import LoadContext, LoadResult, Source
from puente.ingest.tabular import CsvFile, check_rows, map_columns, stage_csv

_CASTS = {
    "text": ("VARCHAR", None),
    "int": ("BIGINT", "a whole number or an empty cell"),
    "float": ("DOUBLE", "a decimal number or an empty cell"),
    "date": ("DATE", "a date as YYYY-MM-DD or an empty cell"),
}


class ReferenceCsvSource(Source):
    """One packaged CSV file loaded into one table.

    Subclasses set `columns` (canonical name -> "text" | "int" | "float" | "date"), which
    columns are `required` to be non-empty, and the usual Source attributes.
    """

    columns: ClassVar[dict[str, str]]
    required: ClassVar[tuple[str, ...]] = ()

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        source = CsvFile.open(ctx.files[0], ctx.workdir)
        label = source.label
        mapping = map_columns(source.header(), list(self.columns), [], label)
        count = stage_csv(cur, source, mapping)
        for name in self.required:
            check_rows(
                cur,
                label,
                f"coalesce(trim({name}), '') = ''",
                name,
                "a non-empty value",
                display=mapping[name],
            )
        selects = []
        for name, kind in self.columns.items():
            sql_type, expected = _CASTS[kind]
            cell = f"nullif(trim({name}), '')"
            if expected is not None:
                check_rows(
                    cur,
                    label,
                    f"{cell} IS NOT NULL AND try_cast({cell} AS {sql_type}) IS NULL",
                    name,
                    expected,
                    display=mapping[name],
                )
                selects.append(f"CAST({cell} AS {sql_type}) AS {name}")
            else:
                selects.append(f"{cell} AS {name}")
        target = ctx.table(self.tables[0])
        cur.execute(
            f"CREATE TABLE {target} AS SELECT {', '.join(selects)} FROM _stage ORDER BY line"
        )
        cur.execute("DROP TABLE _stage")
        return LoadResult(rows=count, stats=self.stats(cur, target))

    def stats(self, cur: duckdb.DuckDBPyConnection, table: str) -> dict[str, object]:
        """Extra facts for the catalog; the as-of range when the table has one."""
        if "as_of" not in self.columns:
            return {}
        row = cur.execute(f"SELECT min(as_of), max(as_of) FROM {table}").fetchone()
        return {
            "as_of_min": str(row[0]) if row else None,
            "as_of_max": str(row[1]) if row else None,
        }
