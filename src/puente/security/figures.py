"""What the security views share: fiscal years as CBP counts them, a fair comparison of a
running year with the same months of the year before, and the notes every answer carries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from puente.errors import NotFound
from puente.security.sources import MONTHS

ENFORCEMENT_NOTE = (
    "Seizures measure enforcement activity (what CBP stopped), not the volume that crossed. "
    "CBP revises recent months with every release."
)
ARMS_NOTE = (
    "Arms (firearms and ammunition) data is not available: no ATF trace data for Mexico, no "
    "SEDENA/FGR seizure series and no full CBP weapons seizure file could be obtained."
)
MONTHS_SQL = "SELECT fiscal_year, count(DISTINCT fiscal_month) AS months FROM {table} GROUP BY 1"
FISCAL_NOTE = "CBP fiscal years run October to September (FY2025 = Oct 2024 – Sep 2025)."


@dataclass(frozen=True, slots=True)
class FiscalWindow:
    """A fiscal year, the months of it in the data, and whether the year before has them."""

    year: int
    months: tuple[int, ...]
    previous_available: bool

    @property
    def complete(self) -> bool:
        return len(self.months) == 12

    def as_dict(self) -> dict[str, Any]:
        return {
            "fiscal_year": self.year,
            "months": [MONTHS[m - 1] for m in self.months],
            "complete": self.complete,
            "compared_with": (
                f"FY{self.year - 1}, same months" if self.previous_available else None
            ),
        }


def fiscal_years(cur: duckdb.DuckDBPyConnection, table: str, where: str = "true") -> list[int]:
    rows = cur.execute(
        f"SELECT DISTINCT fiscal_year FROM {table} WHERE {where} ORDER BY 1"
    ).fetchall()
    return [int(r[0]) for r in rows]


def window(cur: duckdb.DuckDBPyConnection, table: str, year: int | None) -> FiscalWindow:
    """The asked fiscal year (default: the latest), with its months and the year before."""
    years = fiscal_years(cur, table)
    if not years:
        raise NotFound(f"{table} holds no rows")
    chosen = years[-1] if year is None else year
    if chosen not in years:
        raise NotFound(
            f"no data for fiscal year {chosen}; the data covers FY{years[0]}–FY{years[-1]}"
        )
    months = cur.execute(
        f"SELECT DISTINCT fiscal_month FROM {table} WHERE fiscal_year = ? ORDER BY 1", [chosen]
    ).fetchall()
    month_set = tuple(int(m[0]) for m in months)
    prior = cur.execute(
        f"SELECT count(DISTINCT fiscal_month) FROM {table} WHERE fiscal_year = ? "
        "AND list_contains(?, fiscal_month)",
        [chosen - 1, list(month_set)],
    ).fetchone()
    return FiscalWindow(chosen, month_set, bool(prior and prior[0] == len(month_set)))


def change(current: float | None, previous: float | None) -> float | None:
    if current is None or not previous:
        return None
    return round((current - previous) / previous, 4)


def compared(
    cur: duckdb.DuckDBPyConnection,
    table: str,
    span: FiscalWindow,
    dims: Sequence[str],
    measures: Sequence[tuple[str, str]],
    where: str = "true",
    params: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Each `dims` group's measures (name, column) in the window's year, the same months of
    the year before (`previous_<name>`) and the change of the first measure. Largest first."""
    now = "fiscal_year = $fy"
    before = "fiscal_year = $fy - 1 AND list_contains($months, fiscal_month)"
    selects = []
    for name, column in measures:
        selects.append(f"sum({column}) FILTER (WHERE {now}) AS {name}")
        selects.append(f"sum({column}) FILTER (WHERE {before}) AS previous_{name}")
    group = ", ".join(dims)
    first = measures[0][0]
    # A group that fell to nothing still shows (as 0 against last year's figure).
    having = f"{first} IS NOT NULL" + (
        f" OR previous_{first} IS NOT NULL" if span.previous_available else ""
    )
    sql = (
        f"SELECT * FROM (SELECT {group}, {', '.join(selects)} FROM {table} "
        f"WHERE ({where}) AND fiscal_year IN ($fy, $fy - 1) GROUP BY {group}) "
        f"WHERE {having} ORDER BY coalesce({first}, 0) DESC, {group}"
    )
    result = cur.execute(sql, {"fy": span.year, "months": list(span.months), **(params or {})})
    names = [d[0] for d in result.description]
    rows = []
    for values in result.fetchall():
        row = dict(zip(names, values, strict=True))
        for name, _ in measures:
            row[name] = _clean(row[name]) or 0
            row[f"previous_{name}"] = (
                _clean(row[f"previous_{name}"]) if span.previous_available else None
            )
        row["change"] = change(row[first], row[f"previous_{first}"])
        rows.append(row)
    return rows


def by_year(
    cur: duckdb.DuckDBPyConnection,
    table: str,
    measures: Sequence[tuple[str, str]],
    where: str = "true",
    params: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Each fiscal year's measures and how many months the release covers (the running year
    is partial), whether or not the filtered rows have every month."""
    selects = ", ".join(f"sum({column}) AS {name}" for name, column in measures)
    result = cur.execute(
        f"SELECT fiscal_year, any_value(m.months) AS months, {selects} FROM {table} "
        f"JOIN ({MONTHS_SQL.format(table=table)}) m USING (fiscal_year) "
        f"WHERE {where} GROUP BY 1 ORDER BY 1",
        dict(params or {}),
    )
    names = [d[0] for d in result.description]
    return [
        {k: _clean(v) for k, v in zip(names, values, strict=True)} for values in result.fetchall()
    ]


def choose(value: str | None, allowed: Sequence[str], what: str) -> str | None:
    """The allowed spelling of `value` (case ignored), or NotFound listing the choices: the
    allowed values are the ones in the data, so one outside them names nothing there (a 404,
    as an unknown port is), not a malformed request."""
    if value is None or value == "":
        return None
    for option in allowed:
        if option.lower() == value.strip().lower():
            return option
    raise NotFound(f"no {what} {value!r} in the data; it has: {', '.join(allowed)}")


def distinct(cur: duckdb.DuckDBPyConnection, table: str, column: str) -> list[str]:
    return [
        r[0] for r in cur.execute(f"SELECT DISTINCT {column} FROM {table} ORDER BY 1").fetchall()
    ]


def _clean(value: Any) -> Any:
    """Pounds and dollars to two decimals (the files carry float noise); counts as ints."""
    if isinstance(value, float):
        return round(value, 2)
    return value


def records(
    cur: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The rows of a query as dicts, fetched at once (the cursor is reused right after)."""
    result = cur.execute(sql, dict(params or {}))
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
