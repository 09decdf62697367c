"""Crossings analytics: totals by port, measure, month and year; change on the year before;
top ports and their share of the border; people per day; the seasonal profile.

Every result carries the dataset version it was computed from.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

import duckdb

from puente.border.ports import MEXICO_BORDER, get_port, normalize_code
from puente.border.results import BorderCrossings, BorderPort, BorderSummary, ComparedWith
from puente.border.sources import MEASURES, PEOPLE_MEASURES
from puente.errors import InvalidInput, NotFound
from puente.store import catalog
from puente.store.memo import by_version

DATASET = "border-crossings"
PORTS_DATASET = "border-ports"


def _in_list(values: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in values)


def parse_period(text: str, *, end: bool = False) -> date:
    """'2024', '2024-03' or '2024-03-01' to the first day of that month (the last month of the
    year when `end` is set for a bare year). A day, when given, must exist in its month."""
    parts = text.strip().split("-")
    try:
        if len(parts) > 3:
            raise ValueError(text)
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        if not 1900 <= year <= 2100:
            raise ValueError(text)
        date(year, month, int(parts[2]) if len(parts) == 3 else 1)  # month and day exist
    except ValueError as exc:
        raise InvalidInput(
            f"period {text!r} is not valid; expected YYYY, YYYY-MM or YYYY-MM-DD, "
            "e.g. 2024, 2024-03 or 2024-03-01"
        ) from exc
    return date(year, month, 1)


def check_measure(measure: str) -> str:
    for known in MEASURES:
        if known.lower() == measure.strip().lower():
            return known
    raise InvalidInput(f"unknown measure {measure!r}; expected one of: {', '.join(MEASURES)}")


@by_version(DATASET, PORTS_DATASET)
def crossings(
    cur: duckdb.DuckDBPyConnection,
    *,
    port: str | None = None,
    measure: str | None = None,
    start: str | None = None,
    end: str | None = None,
    group: str = "month",
    border: str = MEXICO_BORDER,
) -> BorderCrossings:
    """Crossings by period and measure, for one port or the whole border."""
    if group not in ("month", "year"):
        raise InvalidInput(f"group {group!r} is not valid; expected month or year")
    version = catalog.require_current(cur, DATASET)
    where = ["border = ?"]
    params: list[Any] = [border]
    port_info = None
    if port:
        port_info = get_port(cur, port, border)
        where.append("port_code = ?")
        params.append(normalize_code(port))
    if measure:
        where.append("measure = ?")
        params.append(check_measure(measure))
    if start:
        where.append("period >= ?")
        params.append(parse_period(start))
    if end:
        where.append("period <= ?")
        params.append(parse_period(end, end=True))
    bucket = "strftime(period, '%Y-%m')" if group == "month" else "strftime(period, '%Y')"
    rows = cur.execute(
        f"SELECT {bucket} AS p, measure, sum(value)::BIGINT FROM border_crossings "
        f"WHERE {' AND '.join(where)} GROUP BY p, measure ORDER BY p, measure",
        params,
    ).fetchall()
    return BorderCrossings(
        port=port_info.as_dict() if port_info else None,
        border=border,
        group=group,
        rows=[{"period": p, "measure": m, "value": v} for p, m, v in rows],
        version=version.ref.as_dict(),
    )


def _months_in_year(cur: duckdb.DuckDBPyConnection, year: int, border: str) -> list[int]:
    rows = cur.execute(
        "SELECT DISTINCT month(period) FROM border_crossings WHERE border = ? "
        "AND year(period) = ? ORDER BY 1",
        [border, year],
    ).fetchall()
    return [r[0] for r in rows]


def latest_full_year(cur: duckdb.DuckDBPyConnection, border: str = MEXICO_BORDER) -> int:
    row = cur.execute(
        "SELECT max(y) FROM (SELECT year(period) AS y FROM border_crossings WHERE border = ? "
        "GROUP BY y HAVING count(DISTINCT month(period)) = 12)",
        [border],
    ).fetchone()
    if not row or row[0] is None:
        raise NotFound("no complete year of crossings is loaded")
    return int(row[0])


@by_version(DATASET, PORTS_DATASET)
def summary(
    cur: duckdb.DuckDBPyConnection, year: int | None = None, border: str = MEXICO_BORDER
) -> BorderSummary:
    """The border in one year: totals by measure with the change on the same months of the
    year before, people per day, top ports with their share, the seasonal profile."""
    version = catalog.require_current(cur, DATASET)
    if year is None:
        year = latest_full_year(cur, border)
    months = _months_in_year(cur, year, border)
    if not months:
        span = cur.execute(
            "SELECT min(year(period)), max(year(period)) FROM border_crossings WHERE border = ?",
            [border],
        ).fetchone()
        raise NotFound(
            f"no crossings for {year}; the data covers {span[0]}–{span[1]}"
            if span and span[0]
            else f"no crossings for {year}"
        )
    days = sum(calendar.monthrange(year, m)[1] for m in months)
    by_measure = cur.execute(
        f"""
        SELECT measure,
               sum(value) FILTER (WHERE year(period) = ?)::BIGINT,
               sum(value) FILTER (WHERE year(period) = ?)::BIGINT
        FROM border_crossings
        WHERE border = ? AND year(period) IN (?, ?)
          AND month(period) IN ({", ".join("?" for _ in months)})
        GROUP BY measure
        """,
        [year, year - 1, border, year, year - 1, *months],
    ).fetchall()
    totals = {m: (cur_v or 0, prev) for m, cur_v, prev in by_measure}
    measures = [
        {
            "measure": m,
            "value": totals.get(m, (0, None))[0],
            "previous": totals.get(m, (0, None))[1],
            "change": _change(totals.get(m, (0, None))[0], totals.get(m, (0, None))[1]),
            "people": m in PEOPLE_MEASURES,
        }
        for m in MEASURES
    ]
    people = sum(row["value"] for row in measures if row["people"])
    people_prev_values = [row["previous"] for row in measures if row["people"]]
    people_prev = (
        sum(v for v in people_prev_values if v is not None)
        if any(v is not None for v in people_prev_values)
        else None
    )
    return BorderSummary(
        border=border,
        year=year,
        months=months,
        complete_year=len(months) == 12,
        label=period_label(year, months),
        compared_with=compared_with(year, months),
        days=days,
        people=people,
        people_previous=people_prev,
        people_change=_change(people, people_prev),
        people_per_day=round(people / days) if days else None,
        measures=measures,
        top_ports=top_ports(cur, year, border),
        seasonal_profile=seasonal_profile(cur, border),
        version=version.ref.as_dict(),
    )


def period_label(year: int, months: list[int]) -> str:
    """2024 for a whole year; Jan–Feb 2025 for the months of a year the data covers in part."""
    if len(months) == 12 or not months:
        return str(year)
    first, last = calendar.month_abbr[min(months)], calendar.month_abbr[max(months)]
    span = first if first == last else f"{first}–{last}"
    return f"{span} {year}"


def compared_with(year: int, months: list[int]) -> ComparedWith:
    """What a year's change is measured against: the same months of the year before."""
    return ComparedWith(
        year=year - 1,
        months=list(months),
        complete_year=len(months) == 12,
        label=period_label(year - 1, months),
    )


def _change(value: int | None, previous: int | None) -> float | None:
    if value is None or not previous:
        return None
    return round((value - previous) / previous, 6)


@by_version(DATASET, PORTS_DATASET)
def top_ports(
    cur: duckdb.DuckDBPyConnection,
    year: int,
    border: str = MEXICO_BORDER,
) -> list[dict[str, Any]]:
    """Ports ranked by people crossing in the year, with their share of the border."""
    rows = cur.execute(
        f"""
        SELECT port_code, arg_max(port_name, period), arg_max(state, period),
               sum(value) FILTER (WHERE measure IN ({_in_list(PEOPLE_MEASURES)}))::BIGINT AS people,
               sum(value) FILTER (WHERE measure = 'Personal Vehicles')::BIGINT,
               sum(value) FILTER (WHERE measure = 'Trucks')::BIGINT,
               sum(value) FILTER (WHERE measure = 'Pedestrians')::BIGINT,
               arg_max(latitude, period), arg_max(longitude, period)
        FROM border_crossings WHERE border = ? AND year(period) = ?
        GROUP BY port_code ORDER BY people DESC NULLS LAST, port_code
        """,
        [*PEOPLE_MEASURES, border, year],
    ).fetchall()
    total = sum(r[3] or 0 for r in rows)
    return [
        {
            "rank": i + 1,
            "port_code": r[0],
            "port_name": r[1],
            "state": r[2],
            "people": r[3] or 0,
            "share": round((r[3] or 0) / total, 6) if total else None,
            "personal_vehicles": r[4] or 0,
            "trucks": r[5] or 0,
            "pedestrians": r[6] or 0,
            "latitude": r[7],
            "longitude": r[8],
        }
        for i, r in enumerate(rows)
    ]


def _people_rows(border: str, port: str | None) -> tuple[str, list[Any]]:
    """SQL condition and parameters for the people measures of a border or one port."""
    where = f"measure IN ({_in_list(PEOPLE_MEASURES)}) AND border = ?"
    params: list[Any] = [*PEOPLE_MEASURES, border]
    if port:
        where += " AND port_code = ?"
        params.append(normalize_code(port))
    return where, params


@by_version(DATASET, PORTS_DATASET)
def seasonal_profile(
    cur: duckdb.DuckDBPyConnection, border: str = MEXICO_BORDER, port: str | None = None
) -> list[dict[str, Any]]:
    """Average people crossing per day in each calendar month, over every year with data."""
    where, params = _people_rows(border, port)
    rows = cur.execute(
        f"""
        WITH monthly AS (
            SELECT period, sum(value) AS people FROM border_crossings
            WHERE {where}
            GROUP BY period
        )
        SELECT month(period) AS m,
               avg(people / day(last_day(period))) AS per_day,
               count(*) AS years
        FROM monthly GROUP BY m ORDER BY m
        """,
        params,
    ).fetchall()
    return [{"month": m, "people_per_day": round(v), "years": n} for m, v, n in rows]


@by_version(DATASET, PORTS_DATASET)
def yearly_people(
    cur: duckdb.DuckDBPyConnection, border: str = MEXICO_BORDER, port: str | None = None
) -> list[dict[str, Any]]:
    """People crossing by year (the trend line), with the months each year covers."""
    where, params = _people_rows(border, port)
    rows = cur.execute(
        f"""
        SELECT year(period) AS y, sum(value)::BIGINT, count(DISTINCT month(period))
        FROM border_crossings WHERE {where}
        GROUP BY y ORDER BY y
        """,
        params,
    ).fetchall()
    silent = {} if port else _silent_ports(cur, border)
    return [
        {"year": y, "people": v, "months": n, "silent_ports": silent.get(y, [])} for y, v, n in rows
    ]


def _silent_ports(cur: duckdb.DuckDBPyConnection, border: str) -> dict[int, list[str]]:
    """By year, the ports (that report crossings in other years) whose every measure is zero
    all year: the border's total for that year lacks them."""
    rows = cur.execute(
        """
        SELECT y, list(name ORDER BY name) FROM (
            SELECT year(period) AS y, port_code, any_value(port_name) AS name
            FROM border_crossings WHERE border = ?
            GROUP BY ALL HAVING sum(value) = 0
        ) WHERE port_code IN (SELECT port_code FROM border_crossings WHERE value > 0)
        GROUP BY y
        """,
        [border],
    ).fetchall()
    return {int(y): list(names) for y, names in rows}


def unreported_years(series: list[tuple[int, str, int]]) -> list[int]:
    """Years in which a port reported zero for every measure all year (San Ysidro, the
    busiest crossing, in 1996): the publisher's rows are there but hold no count, so charts
    draw them as no data, not as a year nobody crossed. `series` is (year, measure, total)."""
    totals: dict[int, int] = {}
    for year, _measure, value in series:
        totals[year] = totals.get(year, 0) + (value or 0)
    return sorted(y for y, total in totals.items() if total == 0)


@by_version(DATASET, PORTS_DATASET)
def port_profile(cur: duckdb.DuckDBPyConnection, code: str, year: int | None = None) -> BorderPort:
    """One port: registry facts, totals by measure in a year, and yearly series by measure."""
    version = catalog.require_current(cur, DATASET)
    port = get_port(cur, code)
    if year is None:
        year = int(port.last_period[:4])
        if _months_in_year(cur, year, MEXICO_BORDER) != list(range(1, 13)):
            year = min(year, latest_full_year(cur))
    series = cur.execute(
        "SELECT year(period), measure, sum(value)::BIGINT FROM border_crossings "
        "WHERE port_code = ? AND border = ? GROUP BY 1, 2 ORDER BY 1, 2",
        [port.code, MEXICO_BORDER],
    ).fetchall()
    months = _months_in_year(cur, year, MEXICO_BORDER)
    in_year = {m: v for y, m, v in series if y == year}
    # A year the data covers in part is compared with the same months of the year before.
    before = dict(
        cur.execute(
            f"""
            SELECT measure, sum(value)::BIGINT FROM border_crossings
            WHERE port_code = ? AND border = ? AND year(period) = ?
              AND month(period) IN ({", ".join("?" for _ in months) or "NULL"})
            GROUP BY measure
            """,
            [port.code, MEXICO_BORDER, year - 1, *months],
        ).fetchall()
    )
    return BorderPort(
        port=port.as_dict(),
        year=year,
        months=months,
        label=period_label(year, months),
        compared_with=compared_with(year, months),
        unreported_years=unreported_years(series),
        measures=[
            {
                "measure": m,
                "value": in_year.get(m, 0),
                "previous": before.get(m),
                "change": _change(in_year.get(m, 0), before.get(m)),
            }
            for m in MEASURES
        ],
        yearly=[{"year": y, "measure": m, "value": v} for y, m, v in series],
        people_by_year=yearly_people(cur, port=port.code),
        seasonal_profile=seasonal_profile(cur, port=port.code),
        version=version.ref.as_dict(),
    )
