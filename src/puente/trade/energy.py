"""U.S. energy exports to a destination over time, and where the destination ranks.

Natural gas is in million cubic feet (MMcf) a month, also given as billion cubic feet a day
(Bcf/d, the unit EIA quotes); crude oil and petroleum products in thousand barrels a month,
also as thousand barrels a day. A destination's natural gas is the sum of its pipeline, LNG
(vessel, truck, re-export) and compressed gas series.
"""

from __future__ import annotations

import calendar

import duckdb

from puente.errors import InvalidInput, NotFound
from puente.store.catalog import require_current
from puente.store.memo import by_version
from puente.trade.eia import EiaEnergyExportsSource
from puente.trade.figures import check_frequency, share_pct
from puente.trade.results import TradeEnergy, TradeEnergyOverview, TradeEnergyRanks

DATASET = EiaEnergyExportsSource.name
PRODUCTS = ("natural_gas", "crude_oil", "petroleum_products")
_DAILY_UNIT = {"MMcf": "Bcf/d", "thousand barrels": "thousand barrels/d"}
_DAILY_FACTOR = {"MMcf": 1 / 1000, "thousand barrels": 1.0}


# Exports by destination with the months EIA gives no breakdown for made unknown: before
# 1993 (crude oil) and 2004 (petroleum products) the file writes 0 for every destination while
# the U.S. total is not 0, so those zeros are "not reported", not "none went there". A zero in
# a month other destinations have figures for (crude oil to Mexico in 2003) stays a zero.
_BY_DESTINATION = """
    SELECT e.product, e.flow, e.unit, e.period, e.destination,
           CASE WHEN u.period IS NULL THEN e.value END AS value
    FROM energy_exports e LEFT JOIN (
        SELECT product, flow, period FROM energy_exports GROUP BY ALL
        HAVING coalesce(sum(value) FILTER (WHERE destination IS NOT NULL), 0) = 0
           AND sum(value) FILTER (WHERE destination IS NULL) > 0
    ) u ON u.product = e.product AND u.flow = e.flow AND u.period = e.period
    WHERE e.destination IS NOT NULL
"""


def _per_day(value: float | None, unit: str, year: int, months: list[int]) -> float | None:
    """The volume as a daily rate over the days of the months it covers."""
    if value is None or not months:
        return None
    days = sum(calendar.monthrange(year, m)[1] for m in months)
    return round(value * _DAILY_FACTOR[unit] / days, 4)


@by_version(DATASET)
def latest_complete_year(cur: duckdb.DuckDBPyConnection) -> int:
    """The last year with twelve months of data in every product."""
    version = require_current(cur, DATASET)
    row = cur.execute(
        """
        SELECT min(last) FROM (
            SELECT product, max(yr) AS last FROM (
                SELECT product, year(period) AS yr, count(DISTINCT period) AS months
                FROM energy_exports WHERE destination IS NULL GROUP BY product, yr
            ) WHERE months = 12 GROUP BY product
        )
        """
    ).fetchone()
    if row is None or row[0] is None:
        raise NotFound(f"{DATASET} version {version.version} has no complete year")
    return int(row[0])


def _destination(cur: duckdb.DuckDBPyConnection, destination: str) -> str:
    row = cur.execute(
        "SELECT destination FROM energy_series WHERE lower(destination) = lower(?) LIMIT 1",
        [destination.strip()],
    ).fetchone()
    if row is None:
        raise NotFound(f"no EIA export series to {destination!r}")
    return str(row[0])


@by_version(DATASET)
def energy_series(
    cur: duckdb.DuckDBPyConnection,
    destination: str = "Mexico",
    frequency: str = "year",
    start: int | None = None,
    end: int | None = None,
) -> TradeEnergy:
    """Volumes exported to a destination by product and flow, monthly or yearly, with the
    destination's share of all U.S. exports of that product and flow."""
    version = require_current(cur, DATASET)
    where = _destination(cur, destination)
    check_frequency(frequency)
    month = "month(period)" if frequency == "month" else "NULL::INTEGER"
    data = cur.execute(
        f"""
        WITH d AS (
            SELECT product, flow, unit, year(period) AS year, {month} AS month,
                   sum(value) AS value,
                   coalesce(list(DISTINCT month(period)) FILTER (WHERE value IS NOT NULL), [])
                       AS months
            FROM ({_BY_DESTINATION}) WHERE destination = ?
              AND (? IS NULL OR year(period) >= ?) AND (? IS NULL OR year(period) <= ?)
            GROUP BY ALL
        ), t AS (
            SELECT product, flow, year(period) AS year, {month} AS month, sum(value) AS value
            FROM energy_exports WHERE destination IS NULL GROUP BY ALL
        )
        SELECT d.product, d.flow, d.unit, d.year, d.month, d.value, d.months, t.value
        FROM d LEFT JOIN t ON t.product = d.product AND t.year = d.year
          AND t.month IS NOT DISTINCT FROM d.month
          AND t.flow = d.flow
        ORDER BY d.product, d.flow, d.year, d.month
        """,
        [where, start, start, end, end],
    ).fetchall()
    rows = []
    for product, flow, unit, year, mon, value, months, total in data:
        rows.append(
            {
                "period": f"{year}-{mon:02d}" if mon else str(year),
                "year": year,
                "product": product,
                "flow": flow,
                "value": value,
                "unit": unit,
                "per_day": _per_day(value, unit, year, months),
                "per_day_unit": _DAILY_UNIT[unit],
                "months": len(months),
                "share_of_us_pct": share_pct(value, total),
            }
        )
    return TradeEnergy(
        destination=where, frequency=frequency, rows=rows, version=version.ref.as_dict()
    )


@by_version(DATASET)
def destination_ranks(
    cur: duckdb.DuckDBPyConnection, product: str, year: int | None = None, limit: int = 10
) -> TradeEnergyRanks:
    """Destinations of U.S. exports of one product in one year (default: the latest complete
    year), largest first."""
    if product not in PRODUCTS:
        raise InvalidInput(
            f"product {product!r} is not valid; expected one of {', '.join(PRODUCTS)}"
        )
    version = require_current(cur, DATASET)
    year = year or latest_complete_year(cur)
    data = cur.execute(
        """
        SELECT destination, any_value(unit), sum(value) AS volume,
               rank() OVER (ORDER BY sum(value) DESC),
               sum(sum(value)) OVER ()
        FROM energy_exports
        WHERE product = ? AND destination IS NOT NULL AND year(period) = ?
        GROUP BY destination HAVING sum(value) > 0
        ORDER BY volume DESC, destination LIMIT ?
        """,
        [product, year, limit],
    ).fetchall()
    if not data:
        raise NotFound(f"no EIA {product} exports by destination in {year}")
    rows = [
        {
            "destination": d,
            "unit": u,
            "value": v,
            "rank": r,
            "share_pct": share_pct(v, total),
        }
        for d, u, v, r, total in data
    ]
    return TradeEnergyRanks(product=product, year=year, rows=rows, version=version.ref.as_dict())


@by_version(DATASET)
def energy_overview(
    cur: duckdb.DuckDBPyConnection, year: int | None = None, destination: str = "Mexico"
) -> TradeEnergyOverview:
    """For each product: the destination's volume in a year (default: the latest complete
    year) and its rank among all destinations (natural gas summed over pipeline and LNG)."""
    version = require_current(cur, DATASET)
    year = year or latest_complete_year(cur)
    where = _destination(cur, destination)
    products = []
    for product in PRODUCTS:
        ranked = cur.execute(
            f"""
            SELECT destination, any_value(unit), sum(value),
                   coalesce(list(DISTINCT month(period)) FILTER (WHERE value IS NOT NULL), []),
                   CASE WHEN sum(value) > 0 THEN rank() OVER (ORDER BY sum(value) DESC) END,
                   sum(CASE WHEN sum(value) > 0 THEN 1 ELSE 0 END) OVER ()
            FROM ({_BY_DESTINATION})
            WHERE product = ? AND year(period) = ?
            GROUP BY destination
            """,
            [product, year],
        ).fetchall()
        mine = next((r for r in ranked if r[0] == where), None)
        # Not reported that year (no breakdown by destination): left out. Reported as zero
        # (no crude oil went to Mexico): shown as 0, without a rank.
        if mine is None or mine[2] is None:
            continue
        _, unit, value, months, rank, count = mine
        products.append(
            {
                "product": product,
                "value": value,
                "unit": unit,
                "months": len(months),
                "per_day": _per_day(value, unit, year, months),
                "per_day_unit": _DAILY_UNIT[unit],
                "rank": rank,
                "destinations": count,
            }
        )
    if not products:
        raise NotFound(f"no EIA exports to {where} in {year}")
    return TradeEnergyOverview(
        destination=where, year=year, products=products, version=version.ref.as_dict()
    )
