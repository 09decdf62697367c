"""Bilateral headline facts (services trade, ranks, energy, people...) as project data.

src/puente/trade/data/bilateral_facts.csv is the hand-compiled reference table of published
figures on the U.S.-Mexico relationship (one row per fact: topic, metric, value, unit,
period, source, notes). It ships inside the package and loads as the dataset
`bilateral-facts`, so each fact carries a version like any other figure. Values are kept as
written ("2 (after Canada)", "more than 28"); `value_number` holds the number when the value
is a plain number. An empty cell means the fact could not be confirmed: it is NULL, never 0.
"""

from __future__ import annotations

from typing import Any, ClassVar

import duckdb

from puente.ingest.base import FileSpec, LoadContext, LoadResult, Source
from puente.ingest.tabular import CsvFile, check_rows, map_columns, stage_csv
from puente.store.catalog import require_current
from puente.store.memo import by_version

_REQUIRED = ("topic", "metric", "value", "unit", "period", "source")
_OPTIONAL = ("notes",)
_NUMBER = r"-?[0-9][0-9,]*(\.[0-9]+)?"


class BilateralFactsSource(Source):
    name: ClassVar[str] = "bilateral-facts"
    title: ClassVar[str] = "U.S.-Mexico headline facts with their sources"
    publisher: ClassVar[str] = "Puente (compiled from State Dept, USTR, Census, CRS, EIA pages)"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            name="bilateral_facts.csv",
            mirror="reference/bilateral_facts.csv",
            url="package:puente.trade/data/bilateral_facts.csv",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = ("bilateral_facts",)

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        source = CsvFile.open(ctx.files[0], ctx.workdir)
        label = source.label
        columns = map_columns(source.header(), _REQUIRED, _OPTIONAL, label)
        stage_csv(cur, source, columns)
        for col in ("topic", "metric", "source"):
            check_rows(
                cur,
                label,
                f"coalesce(trim({col}), '') = ''",
                col,
                "a non-empty value (every fact names its topic, metric and source)",
                display=columns[col],
            )
        notes = "nullif(trim(notes), '')" if "notes" in columns else "NULL::VARCHAR"
        target = ctx.table("bilateral_facts")
        cur.execute(
            f"""
            CREATE TABLE {target} AS
            SELECT line, trim(topic) AS topic, trim(metric) AS metric,
                   nullif(trim(value), '') AS value,
                   CASE WHEN regexp_full_match(trim(value), '{_NUMBER}')
                        THEN CAST(replace(trim(value), ',', '') AS DOUBLE) END AS value_number,
                   nullif(trim(unit), '') AS unit, nullif(trim(period), '') AS period,
                   trim(source) AS source, {notes} AS notes
            FROM _stage ORDER BY line
            """
        )
        row = cur.execute(f"SELECT count(*), count(DISTINCT topic) FROM {target}").fetchone()
        cur.execute("DROP TABLE _stage")
        return LoadResult(
            rows=int(row[0]) if row else 0, stats={"topics": int(row[1]) if row else 0}
        )


@by_version(BilateralFactsSource.name)
def list_facts(
    cur: duckdb.DuckDBPyConnection, topic: str | None = None, metric: str | None = None
) -> dict[str, Any]:
    """Facts (optionally of one topic, or whose metric contains a text), with their version."""
    version = require_current(cur, BilateralFactsSource.name)
    sql = (
        "SELECT topic, metric, value, value_number, unit, period, source, notes "
        "FROM bilateral_facts WHERE true"
    )
    params: list[Any] = []
    if topic:
        sql += " AND lower(topic) = lower(?)"
        params.append(topic)
    if metric:
        sql += " AND contains(lower(metric), lower(?))"
        params.append(metric)
    cols = ("topic", "metric", "value", "value_number", "unit", "period", "source", "notes")
    rows = [
        dict(zip(cols, r, strict=True))
        for r in cur.execute(sql + " ORDER BY line", params).fetchall()
    ]
    return {"facts": rows, "version": version.ref.as_dict()}
