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

from puente.ingest.base import FileSpec, LoadResult
from puente.ingest.reference import Column, ReferenceCsvSource
from puente.store.catalog import require_current
from puente.store.memo import by_version
from puente.trade.results import TradeFacts

_NUMBER = r"-?[0-9][0-9,]*(\.[0-9]+)?"


class BilateralFactsSource(ReferenceCsvSource):
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
    # Every fact names its topic, metric and source.
    columns: ClassVar[tuple[Column, ...]] = (
        Column("topic", required=True),
        Column("metric", required=True),
        Column("value"),
        Column(
            "value_number",
            "float",
            sql=f"CASE WHEN regexp_full_match(trim(value), '{_NUMBER}') "
            "THEN CAST(replace(trim(value), ',', '') AS DOUBLE) END",
        ),
        Column("unit"),
        Column("period"),
        Column("source", required=True),
        Column("notes", optional=True),
    )

    def result(self, cur: duckdb.DuckDBPyConnection, table: str, rows: int) -> LoadResult:
        row = cur.execute(f"SELECT count(DISTINCT topic) FROM {table}").fetchone()
        return LoadResult(rows=rows, stats={"topics": int(row[0]) if row else 0})


@by_version(BilateralFactsSource.name)
def list_facts(
    cur: duckdb.DuckDBPyConnection, topic: str | None = None, metric: str | None = None
) -> TradeFacts:
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
    return TradeFacts(facts=rows, version=version.ref.as_dict())
