"""BTS TransBorder Freight Data: U.S. trade with Mexico and Canada by mode, Mexican state,
commodity group and Texas port, as the aggregate CSVs of the UNT/TxDOT TransBorder dashboard.

BTS publishes TransBorder as raw monthly files by port, commodity, state and mode; the
University of North Texas (TxDOT IAC project) aggregates them 1993-2025 into the CSVs read
here, published in the repository unt-clscm/BTS-TransBorder-Dashboard (03-Processed-Data/csv).
They are one dataset: one snapshot of one pipeline, so the breakdowns (mode, state,
commodity, port) of a version always agree with each other and are replaced together.
Values are current U.S. dollars. Weights are stored in kilograms, BTS's unit: BTS publishes
the shipping weight (SHIPWT) in kilograms, and the UNT pipeline divides it by 907.185 kg, so
the aggregates' `Weight` column is U.S. short tons (02-Data-Staging/Scripts/03_normalize.py:
"convert kg -> short tons"); it is multiplied back here. A weight is blank where BTS has none
(exports by surface modes). The `WeightLb` column is not stored: it is `Weight` x 2.20462, a
kg-to-pound factor applied to short tons, so it is neither pounds nor kilograms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import duckdb

from puente.ingest.base import FileSpec, LoadContext, LoadResult, RawFile, Source
from puente.ingest.tabular import Check, CsvFile, check_all, map_columns, stage_csv

# A third-party copy: aggregates made by UNT from BTS's raw TransBorder files, each file pinned
# to the commit the mirror holds (a later commit may change the numbers).
_REPO = "https://raw.githubusercontent.com/unt-clscm/BTS-TransBorder-Dashboard"
_PATH = "03-Processed-Data/csv"
_COMMITS = {
    "us_transborder.csv": "c5bee0f6545ac5f6ba396aeb568a40d8877142cd",
    "containerization_trade.csv": "909c9a2dd3fb00901043afbd0616f054d66dffcf",
}
_DEFAULT_COMMIT = "9ebfaf93dc4ebbd4eace45519bc6f81d95b33867"
TRADE_TYPES = ("Export", "Import")
COUNTRIES = ("Canada", "Mexico")


@dataclass(frozen=True, slots=True)
class _Table:
    """One file of the dataset and the table it becomes."""

    file: str
    table: str
    required: tuple[str, ...]
    text: tuple[str, ...]  # required text columns, stored trimmed
    optional: tuple[str, ...] = ()
    required_file: bool = True


_TABLES: tuple[_Table, ...] = (
    _Table(
        "us_transborder.csv",
        "transborder_annual",
        ("year", "country", "mode", "tradetype", "tradevalue", "weight"),
        ("country", "mode"),
    ),
    _Table(
        "monthly_trends.csv",
        "transborder_monthly",
        ("year", "month", "country", "mode", "tradetype", "tradevalue", "weight"),
        ("country", "mode"),
    ),
    _Table(
        "mexican_state_trade.csv",
        "transborder_mexstate",
        ("year", "mexstate", "mode", "tradetype", "tradevalue", "weight"),
        ("mexstate", "mode"),
    ),
    _Table(
        "commodity_mexstate_trade.csv",
        "transborder_commodity",
        ("year", "mexstate", "commoditygroup", "mode", "tradetype", "tradevalue", "weight"),
        ("mexstate", "commoditygroup", "mode"),
    ),
    _Table(
        "texas_mexico_ports.csv",
        "transborder_texas_ports",
        ("year", "portcode", "port", "mode", "tradetype", "tradevalue", "weight"),
        ("portcode", "port", "mode"),
        ("freightcharges", "region", "lat", "lon"),
    ),
    _Table(
        "us_state_trade.csv",
        "transborder_us_state",
        ("year", "statecode", "state", "country", "mode", "tradetype", "tradevalue", "weight"),
        ("statecode", "state", "country", "mode"),
        required_file=False,
    ),
)
_RENAMES = {
    "tradetype": "trade_type",
    "tradevalue": "value_usd",
    "weight": "weight_kg",
    "mexstate": "mex_state",
    "commoditygroup": "commodity_group",
    "portcode": "port_code",
    "statecode": "state_code",
    "freightcharges": "freight_charges_usd",
    "lat": "latitude",
    "lon": "longitude",
}
_DOUBLES = ("freightcharges", "lat", "lon")
# The UNT pipeline's factor: its `Weight` is SHIPWT (kg) / 907.185, U.S. short tons.
KG_PER_SHORT_TON = 907.185


class TransBorderFreightSource(Source):
    name: ClassVar[str] = "transborder-freight"
    title: ClassVar[str] = "North American TransBorder Freight Data (aggregates)"
    publisher: ClassVar[str] = (
        "U.S. DOT Bureau of Transportation Statistics; aggregated by the University of North "
        "Texas (unt-clscm/BTS-TransBorder-Dashboard)"
    )
    # 2: weights converted from the aggregates' short tons back to kilograms.
    parser_version: ClassVar[str] = "2"
    official_source: ClassVar[str | None] = (
        "Third-party aggregates. Official: BTS TransBorder Freight Data raw files, "
        "https://www.bts.gov/transborder"
    )
    files: ClassVar[tuple[FileSpec, ...]] = tuple(
        FileSpec(
            name=t.file,
            mirror=f"trade/bts_transborder/{t.file}",
            url=f"{_REPO}/{_COMMITS.get(t.file, _DEFAULT_COMMIT)}/{_PATH}/{t.file}",
            required=t.required_file,
        )
        for t in _TABLES
    )
    tables: ClassVar[tuple[str, ...]] = tuple(t.table for t in _TABLES)

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        counts: dict[str, int] = {}
        for spec in _TABLES:
            raw = ctx.file(spec.file)
            target = ctx.table(spec.table)
            if raw is None:
                # An optional file that is absent still gets its (empty) table, so the view
                # of this version exists and answers "no rows".
                _create_empty(cur, target, spec)
                counts[spec.table] = 0
                continue
            ctx.progress(f"reading {spec.file}")
            counts[spec.table] = _load_table(cur, ctx, raw, spec, target)
        span = cur.execute(
            f"SELECT min(year * 100 + month), max(year * 100 + month) "
            f"FROM {ctx.table('transborder_monthly')}"
        ).fetchone()
        start = end = None
        if span and span[0] is not None:
            start = f"{span[0] // 100}-{span[0] % 100:02d}"
            end = f"{span[1] // 100}-{span[1] % 100:02d}"
        return LoadResult(
            rows=sum(counts.values()),
            coverage_start=start,
            coverage_end=end,
            stats={
                "rows_by_table": counts,
                "note": "Mexican-state and commodity tables hold U.S. exports only, "
                "by surface mode, as BTS publishes them",
                "weight_note": "weights in kilograms (BTS SHIPWT); the aggregates give U.S. "
                f"short tons, multiplied back by {KG_PER_SHORT_TON} kg",
            },
        )


def _columns_sql(spec: _Table, present: set[str]) -> str:
    parts = ["CAST(trim(year) AS INTEGER) AS year"]
    if "month" in spec.required:
        parts.append("CAST(trim(month) AS INTEGER) AS month")
    parts += [f"trim({col}) AS {_RENAMES.get(col, col)}" for col in spec.text]
    parts.append("trim(tradetype) AS trade_type")
    parts.append("CAST(trim(tradevalue) AS DOUBLE) AS value_usd")
    parts.append(f"CAST(nullif(trim(weight), '') AS DOUBLE) * {KG_PER_SHORT_TON} AS weight_kg")
    for col in spec.optional:
        name = _RENAMES.get(col, col)
        if col not in present:
            kind = "DOUBLE" if col in _DOUBLES else "VARCHAR"
            parts.append(f"NULL::{kind} AS {name}")
        elif col in _DOUBLES:
            parts.append(f"CAST(nullif(trim({col}), '') AS DOUBLE) AS {name}")
        else:
            parts.append(f"nullif(trim({col}), '') AS {name}")
    return ", ".join(parts)


def _create_empty(cur: duckdb.DuckDBPyConnection, target: str, spec: _Table) -> None:
    cols = ", ".join(f"NULL::VARCHAR AS {c}" for c in (*spec.required, *spec.optional))
    cur.execute(
        f"CREATE TABLE {target} AS SELECT {_columns_sql(spec, set())} "
        f"FROM (SELECT {cols}) WHERE false"
    )


def _load_table(
    cur: duckdb.DuckDBPyConnection, ctx: LoadContext, raw: RawFile, spec: _Table, target: str
) -> int:
    source = CsvFile.open(raw, ctx.workdir)
    columns = map_columns(source.header(), spec.required, spec.optional, source.label)
    stage_csv(cur, source, columns)
    check_all(cur, source.label, _checks(spec, columns), columns)
    cur.execute(
        f"CREATE TABLE {target} AS SELECT {_columns_sql(spec, set(columns))} FROM _stage "
        "ORDER BY line"
    )
    row = cur.execute(f"SELECT count(*) FROM {target}").fetchone()
    cur.execute("DROP TABLE _stage")
    return int(row[0]) if row else 0


def _checks(spec: _Table, columns: dict[str, str]) -> list[Check]:
    """Every rule a row must keep, checked in one scan (first bad line, first rule)."""
    checks = [
        Check(
            "year",
            "NOT regexp_full_match(coalesce(trim(year), ''), '(19|20)[0-9]{2}')",
            "a four-digit year such as 2018",
        )
    ]
    if "month" in columns:
        checks.append(
            Check(
                "month",
                "coalesce(try_cast(trim(month) AS INTEGER), 0) NOT BETWEEN 1 AND 12",
                "a month number from 1 to 12",
            )
        )
    checks += [
        Check(col, f"coalesce(trim({col}), '') = ''", "a non-empty value") for col in spec.text
    ]
    types = ", ".join(f"'{t}'" for t in TRADE_TYPES)
    checks.append(
        Check("tradetype", f"coalesce(trim(tradetype), '') NOT IN ({types})", "Export or Import")
    )
    if "country" in spec.text:
        names = ", ".join(f"'{c}'" for c in COUNTRIES)
        checks.append(Check("country", f"trim(country) NOT IN ({names})", "Canada or Mexico"))
    checks.append(
        Check(
            "tradevalue",
            "coalesce(try_cast(trim(tradevalue) AS DOUBLE), -1) < 0",
            "a value in U.S. dollars (a number of zero or more)",
        )
    )
    checks += [
        Check(
            col,
            f"coalesce(trim({col}), '') <> '' AND try_cast(trim({col}) AS DOUBLE) IS NULL",
            "a number or an empty cell",
        )
        for col in ("weight", *(c for c in _DOUBLES if c in columns))
    ]
    return checks
