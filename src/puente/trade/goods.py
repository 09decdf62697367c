"""U.S. goods trade with any partner: exports, imports, balance, two-way, change, rank, share.

Read from the Census country.xlsx dataset (millions of dollars as published); every amount
returned is in U.S. dollars. A year that is not complete in the data (the last, partial year)
is summed over the months published, flagged `complete: false`, and compared with the same
months of the year before. Ranks count countries only (partner_kind 'country', see
puente.trade.partners): a region or group never takes a place. Shares are of the World
(not seasonally adjusted) line, published from 1987.
"""

from __future__ import annotations

import difflib
from typing import Any

import duckdb

from puente.errors import InvalidInput, NotFound
from puente.store.catalog import require_current
from puente.store.memo import by_version
from puente.trade.census import CensusCountryTradeSource
from puente.trade.figures import check_frequency, share_pct
from puente.trade.partners import COUNTRY, MEXICO_CODE, WORLD_CODE, normalize_code
from puente.trade.results import TradePartners, TradeRanks, TradeSeries, TradeSummary

DATASET = CensusCountryTradeSource.name
MEASURES = ("exports", "imports", "two_way")
_MILLION = 1_000_000


def _usd(millions: float | None) -> int | None:
    return None if millions is None else round(millions * _MILLION)


def _change(now: float | None, before: float | None) -> float | None:
    if now is None or before is None or before == 0:
        return None
    return round((now - before) / abs(before) * 100, 2)


@by_version(DATASET)
def latest_complete_year(cur: duckdb.DuckDBPyConnection) -> int:
    """The last year with all twelve months published."""
    version = require_current(cur, DATASET)
    row = cur.execute(
        "SELECT max(year) FROM census_trade_annual WHERE complete AND cty_code = ?",
        [WORLD_CODE],
    ).fetchone()
    if row is None or row[0] is None:
        raise NotFound(f"{DATASET} version {version.version} has no complete year")
    return int(row[0])


@by_version(DATASET)
def find_partner(cur: duckdb.DuckDBPyConnection, partner: str) -> dict[str, Any]:
    """A partner by Census code ('2010', '15') or name ('Mexico', 'mexico')."""
    code = normalize_code(partner)
    rows = cur.execute(
        "SELECT cty_code, cty_name, partner_kind, first_year, last_year FROM census_partners"
    ).fetchall()
    for row in rows:
        if row[0] == code or row[1].casefold() == partner.strip().casefold():
            return {
                "code": row[0],
                "name": row[1],
                "kind": row[2],
                "first_year": row[3],
                "last_year": row[4],
            }
    close = difflib.get_close_matches(partner, [r[1] for r in rows], n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise NotFound(f"no trading partner {partner!r} in the Census data{hint}")


def _annual(cur: duckdb.DuckDBPyConnection, code: str) -> list[tuple[Any, ...]]:
    """(year, exports, imports, months, last month, exports and imports of the same months
    of the year before), in millions."""
    return cur.execute(
        """
        WITH m AS (
            SELECT year, month, exports_usd_millions AS e, imports_usd_millions AS i
            FROM census_trade_monthly WHERE cty_code = ?
        ), y AS (
            SELECT year, sum(e) AS e, sum(i) AS i, count(*) AS months, max(month) AS last
            FROM m GROUP BY year
        )
        SELECT y.year, y.e, y.i, y.months, y.last,
               (SELECT sum(p.e) FROM m p WHERE p.year = y.year - 1 AND p.month <= y.last),
               (SELECT sum(p.i) FROM m p WHERE p.year = y.year - 1 AND p.month <= y.last)
        FROM y ORDER BY y.year
        """,
        [code],
    ).fetchall()


def _figures(
    e: float | None, i: float | None, pe: float | None, pi: float | None
) -> dict[str, Any]:
    two = None if e is None or i is None else e + i
    prior_two = None if pe is None or pi is None else pe + pi
    return {
        "exports_usd": _usd(e),
        "imports_usd": _usd(i),
        "balance_usd": None if e is None or i is None else _usd(e - i),
        "two_way_usd": _usd(two),
        "exports_change_pct": _change(e, pe),
        "imports_change_pct": _change(i, pi),
        "two_way_change_pct": _change(two, prior_two),
    }


@by_version(DATASET)
def trade_series(
    cur: duckdb.DuckDBPyConnection,
    partner: str = MEXICO_CODE,
    frequency: str = "year",
    start: int | None = None,
    end: int | None = None,
) -> TradeSeries:
    """Exports, imports, balance and two-way trade by year or month, with the change on the
    year before (same month a year earlier for monthly rows)."""
    version = require_current(cur, DATASET)
    who = find_partner(cur, partner)
    check_frequency(frequency)
    rows: list[dict[str, Any]] = []
    if frequency == "year":
        for year, e, i, months, _last, pe, pi in _annual(cur, who["code"]):
            if (start and year < start) or (end and year > end):
                continue
            rows.append(
                {
                    "period": str(year),
                    "year": year,
                    "months": months,
                    "complete": months == 12,
                    **_figures(e, i, pe, pi),
                }
            )
    else:
        data = cur.execute(
            """
            SELECT m.period, m.year, m.month, m.exports_usd_millions, m.imports_usd_millions,
                   p.exports_usd_millions, p.imports_usd_millions
            FROM census_trade_monthly m
            LEFT JOIN census_trade_monthly p
              ON p.cty_code = m.cty_code AND p.year = m.year - 1 AND p.month = m.month
            WHERE m.cty_code = ? AND (? IS NULL OR m.year >= ?) AND (? IS NULL OR m.year <= ?)
            ORDER BY m.period
            """,
            [who["code"], start, start, end, end],
        ).fetchall()
        for period, year, month, e, i, pe, pi in data:
            rows.append(
                {
                    "period": period.strftime("%Y-%m"),
                    "year": year,
                    "month": month,
                    **_figures(e, i, pe, pi),
                }
            )
    return TradeSeries(
        partner=who,
        frequency=frequency,
        unit="USD",
        basis="goods, Census basis, not seasonally adjusted",
        rows=rows,
        version=version.ref.as_dict(),
    )


_RANKED = f"""
    WITH t AS (
        SELECT year, cty_code, any_value(cty_name) AS cty_name,
               sum(exports_usd_millions) AS exports, sum(imports_usd_millions) AS imports,
               sum(coalesce(exports_usd_millions, 0) + coalesce(imports_usd_millions, 0))
                 AS two_way, count(*) AS months
        FROM census_trade_monthly WHERE partner_kind = '{COUNTRY}' {{where}}
        GROUP BY year, cty_code
        HAVING sum(coalesce(exports_usd_millions, 0) + coalesce(imports_usd_millions, 0)) > 0
    ), w AS (
        SELECT year, sum(exports_usd_millions) AS exports, sum(imports_usd_millions) AS imports
        FROM census_trade_monthly WHERE cty_code = '{WORLD_CODE}' GROUP BY year
    )
    SELECT t.year, t.cty_code, t.cty_name, t.exports, t.imports, t.two_way, t.months,
           rank() OVER (PARTITION BY t.year ORDER BY t.exports DESC NULLS LAST),
           rank() OVER (PARTITION BY t.year ORDER BY t.imports DESC NULLS LAST),
           rank() OVER (PARTITION BY t.year ORDER BY t.two_way DESC NULLS LAST),
           count(*) OVER (PARTITION BY t.year),
           w.exports, w.imports
    FROM t LEFT JOIN w USING (year)
"""


def _rank_row(row: tuple[Any, ...]) -> dict[str, Any]:
    (year, code, name, e, i, two, months, r_e, r_i, r_two, ranked, w_e, w_i) = row
    w_two = None if w_e is None or w_i is None else w_e + w_i
    return {
        "year": year,
        "code": code,
        "name": name,
        "months": months,
        "complete": months == 12,
        "exports_usd": _usd(e),
        "imports_usd": _usd(i),
        "two_way_usd": _usd(two),
        "balance_usd": None if e is None or i is None else _usd(e - i),
        "exports_rank": r_e,
        "imports_rank": r_i,
        "two_way_rank": r_two,
        "countries_ranked": ranked,
        "exports_share_pct": share_pct(e, w_e),
        "imports_share_pct": share_pct(i, w_i),
        "two_way_share_pct": share_pct(two, w_two),
    }


@by_version(DATASET)
def partner_ranks(
    cur: duckdb.DuckDBPyConnection,
    partner: str = MEXICO_CODE,
    start: int | None = None,
    end: int | None = None,
) -> TradeRanks:
    """The partner's rank among all countries by exports, imports and two-way trade, and
    its share of U.S. trade, year by year."""
    version = require_current(cur, DATASET)
    who = find_partner(cur, partner)
    if who["kind"] != COUNTRY:  # a region line names no ranked country: nothing to find
        raise NotFound(
            f"no ranked country {partner!r}: {who['name']} ({who['code']}) is a "
            f"{who['kind']} line of the Census data; only countries are ranked"
        )
    data = cur.execute(
        f"SELECT * FROM ({_RANKED.format(where='')}) WHERE cty_code = ? "
        "AND (? IS NULL OR year >= ?) AND (? IS NULL OR year <= ?) ORDER BY year",
        [who["code"], start, start, end, end],
    ).fetchall()
    return TradeRanks(partner=who, rows=[_rank_row(r) for r in data], version=version.ref.as_dict())


@by_version(DATASET)
def top_partners(
    cur: duckdb.DuckDBPyConnection,
    year: int | None = None,
    measure: str = "two_way",
    limit: int = 15,
) -> TradePartners:
    """The countries the United States trades most with in one year (default: the latest
    complete year), by a measure."""
    year = year or latest_complete_year(cur)
    if measure not in MEASURES:
        raise InvalidInput(
            f"measure {measure!r} is not valid; expected one of {', '.join(MEASURES)}"
        )
    version = require_current(cur, DATASET)
    data = cur.execute(
        f"SELECT * FROM ({_RANKED.format(where='AND year = ?')}) "
        f"ORDER BY {MEASURES.index(measure) + 8}, cty_code LIMIT ?",
        [year, limit],
    ).fetchall()
    if not data:
        raise NotFound(
            f"no Census trade data for {year}; the data covers "
            f"{version.coverage_start} to {version.coverage_end}"
        )
    return TradePartners(
        year=year, measure=measure, rows=[_rank_row(r) for r in data], version=version.ref.as_dict()
    )


@by_version(DATASET)
def summary(
    cur: duckdb.DuckDBPyConnection, year: int | None = None, partner: str = MEXICO_CODE
) -> TradeSummary:
    """Exports, imports, balance and two-way trade in one year (default: the latest complete
    year), with the partner's rank by each among the United States' partner countries, its
    share and the change."""
    year = year or latest_complete_year(cur)
    series = trade_series(cur, partner, "year", year, year)
    if not series.rows:
        raise NotFound(
            f"no Census trade data for {series.partner['name']} in {year}; "
            f"the dataset (version {series.version.version}) covers "
            f"{require_current(cur, DATASET).coverage_start} to "
            f"{require_current(cur, DATASET).coverage_end}"
        )
    row = dict(series.rows[0])
    ranks: dict[str, Any] = {}
    if series.partner["kind"] == COUNTRY:
        ranked = partner_ranks(cur, partner, year, year).rows
        if ranked:
            ranks = {
                k: ranked[0][k]
                for k in (
                    "exports_rank",
                    "imports_rank",
                    "two_way_rank",
                    "countries_ranked",
                    "exports_share_pct",
                    "imports_share_pct",
                    "two_way_share_pct",
                )
            }
    fields = {
        "partner": series.partner,
        "year": year,
        "unit": "USD",
        "basis": series.basis,
        **row,
        **ranks,
        "version": series.version,
    }
    return TradeSummary(**fields)
