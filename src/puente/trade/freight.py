"""Transborder freight: U.S. trade with Mexico (or Canada) by mode, Mexican state, commodity
group and Texas port, from the BTS TransBorder aggregates.

BTS publishes the Mexican state (and so the commodity-by-state detail) for U.S. exports
carried by surface modes only; those breakdowns say so in their `scope`.
"""

from __future__ import annotations

import duckdb

from puente.errors import InvalidInput, NotFound
from puente.geo.states import ENTITIES, find_state, resolve_state
from puente.store.catalog import require_current
from puente.store.memo import by_version
from puente.trade.figures import check_frequency, share_pct
from puente.trade.results import (
    TradeCommodities,
    TradeFreight,
    TradeModes,
    TradeStates,
    TradeTexasPorts,
)
from puente.trade.transborder import COUNTRIES, TransBorderFreightSource

DATASET = TransBorderFreightSource.name
WEIGHT_NOTE = (
    "Shipping weight of U.S. imports (BTS SHIPWT, kilograms; import_tonnes = metric tonnes). "
    "The aggregates give U.S. short tons; Puente multiplies them back by 907.185. BTS "
    "publishes no weight for exports by truck, rail or pipeline."
)
_STATE_SCOPE = "U.S. exports to Mexico by Mexican state of destination, surface modes (BTS)"


def _country(country: str) -> str:
    for name in COUNTRIES:
        if name.casefold() == country.strip().casefold():
            return name
    raise InvalidInput(f"country {country!r} is not valid; expected {' or '.join(COUNTRIES)}")


def _latest_year(cur: duckdb.DuckDBPyConnection, table: str) -> int:
    row = cur.execute(f"SELECT max(year) FROM {table}").fetchone()
    if row is None or row[0] is None:
        raise NotFound(f"{table} has no rows")
    return int(row[0])


@by_version(DATASET)
def freight_series(
    cur: duckdb.DuckDBPyConnection,
    country: str = "Mexico",
    frequency: str = "year",
    mode: str | None = None,
) -> TradeFreight:
    """Exports, imports and two-way trade by year or month (all modes or one)."""
    version = require_current(cur, DATASET)
    who = _country(country)
    check_frequency(frequency)
    table = "transborder_annual" if frequency == "year" else "transborder_monthly"
    period = (
        "year::VARCHAR" if frequency == "year" else "strftime(make_date(year, month, 1), '%Y-%m')"
    )
    data = cur.execute(
        f"""
        SELECT {period} AS period,
               sum(value_usd) FILTER (WHERE trade_type = 'Export'),
               sum(value_usd) FILTER (WHERE trade_type = 'Import')
        FROM {table} WHERE country = ? AND (? IS NULL OR mode = ?)
        GROUP BY ALL ORDER BY 1
        """,
        [who, mode, mode],
    ).fetchall()
    rows = [
        {
            "period": p,
            "exports_usd": e,
            "imports_usd": i,
            "two_way_usd": (e or 0) + (i or 0),
            "balance_usd": None if e is None or i is None else e - i,
        }
        for p, e, i in data
    ]
    return TradeFreight(
        country=who,
        frequency=frequency,
        mode=mode,
        unit="USD",
        rows=rows,
        version=version.ref.as_dict(),
    )


@by_version(DATASET)
def by_mode(
    cur: duckdb.DuckDBPyConnection, year: int | None = None, country: str = "Mexico"
) -> TradeModes:
    """Trade by mode of transport in one year (the latest when not given)."""
    version = require_current(cur, DATASET)
    who = _country(country)
    year = year or _latest_year(cur, "transborder_annual")
    data = cur.execute(
        """
        SELECT mode, sum(value_usd) FILTER (WHERE trade_type = 'Export'),
               sum(value_usd) FILTER (WHERE trade_type = 'Import'),
               sum(weight_kg) FILTER (WHERE trade_type = 'Import')
        FROM transborder_annual WHERE country = ? AND year = ? GROUP BY mode
        """,
        [who, year],
    ).fetchall()
    if not data:
        raise NotFound(f"no TransBorder data for {who} in {year}")
    total = sum((e or 0) + (i or 0) for _, e, i, _ in data)
    rows = sorted(
        (
            {
                "mode": m,
                "exports_usd": e,
                "imports_usd": i,
                "two_way_usd": (e or 0) + (i or 0),
                "share_pct": share_pct((e or 0) + (i or 0), total),
                "import_weight_kg": w,
                "import_tonnes": None if w is None else w / 1000,
            }
            for m, e, i, w in data
        ),
        key=lambda r: -r["two_way_usd"],
    )
    return TradeModes(
        country=who,
        year=year,
        unit="USD",
        weight_unit="kg",
        weight_note=WEIGHT_NOTE,
        two_way_usd=total,
        rows=rows,
        version=version.ref.as_dict(),
    )


@by_version(DATASET)
def by_state(
    cur: duckdb.DuckDBPyConnection, year: int | None = None, mode: str | None = None
) -> TradeStates:
    """U.S. exports to each of Mexico's 32 federal entities in one year, ranked, with INEGI
    and ISO codes for maps (an entity with no trade appears with 0)."""
    version = require_current(cur, DATASET)
    year = year or _latest_year(cur, "transborder_mexstate")
    data = dict(
        cur.execute(
            "SELECT mex_state, sum(value_usd) FROM transborder_mexstate "
            "WHERE year = ? AND (? IS NULL OR mode = ?) GROUP BY mex_state",
            [year, mode, mode],
        ).fetchall()
    )
    if not data:
        raise NotFound(f"no TransBorder state data for {year}")
    values: dict[str, float] = {e.inegi: 0.0 for e in ENTITIES}
    unmatched: dict[str, float] = {}
    for name, value in data.items():
        entity = find_state(name)
        if entity is None:
            unmatched[name] = value
        else:
            values[entity.inegi] += value
    total = sum(data.values())
    ordered = sorted(ENTITIES, key=lambda e: (-values[e.inegi], e.inegi))
    rows = [
        {
            **e.as_dict(),
            "rank": n,
            "exports_usd": values[e.inegi],
            "share_pct": share_pct(values[e.inegi], total),
        }
        for n, e in enumerate(ordered, 1)
    ]
    return TradeStates(
        year=year,
        mode=mode,
        scope=_STATE_SCOPE,
        unit="USD",
        exports_usd=total,
        unmatched=unmatched,
        rows=rows,
        version=version.ref.as_dict(),
    )


@by_version(DATASET)
def by_commodity(
    cur: duckdb.DuckDBPyConnection, year: int | None = None, state: str | None = None
) -> TradeCommodities:
    """U.S. exports to Mexico by commodity group in one year, for all states or one."""
    version = require_current(cur, DATASET)
    year = year or _latest_year(cur, "transborder_commodity")
    names: list[str] | None = None
    entity = None
    if state:
        entity = resolve_state(state)
        names = [
            n
            for (n,) in cur.execute(
                "SELECT DISTINCT mex_state FROM transborder_commodity"
            ).fetchall()
            if (found := find_state(n)) is not None and found.inegi == entity.inegi
        ]
    data = cur.execute(
        "SELECT commodity_group, sum(value_usd) FROM transborder_commodity WHERE year = ? "
        "AND (? IS NULL OR list_contains(?, mex_state)) GROUP BY 1",
        [year, names, names],
    ).fetchall()
    if not data:
        raise NotFound(
            f"no TransBorder commodity data for {year}" + (f" and {entity.name}" if entity else "")
        )
    total = sum(v for _, v in data)
    rows = [
        {"commodity_group": g, "exports_usd": v, "share_pct": share_pct(v, total)}
        for g, v in sorted(data, key=lambda r: -r[1])
    ]
    return TradeCommodities(
        year=year,
        state=entity.as_dict() if entity else None,
        scope=_STATE_SCOPE,
        unit="USD",
        exports_usd=total,
        rows=rows,
        version=version.ref.as_dict(),
    )


@by_version(DATASET)
def texas_ports(cur: duckdb.DuckDBPyConnection, year: int | None = None) -> TradeTexasPorts:
    """Trade with Mexico through each Texas port of entry in one year."""
    version = require_current(cur, DATASET)
    year = year or _latest_year(cur, "transborder_texas_ports")
    data = cur.execute(
        """
        SELECT port_code, any_value(port), any_value(region), any_value(latitude),
               any_value(longitude),
               coalesce(sum(value_usd) FILTER (WHERE trade_type = 'Export'), 0),
               coalesce(sum(value_usd) FILTER (WHERE trade_type = 'Import'), 0)
        FROM transborder_texas_ports WHERE year = ? GROUP BY port_code
        """,
        [year],
    ).fetchall()
    if not data:
        raise NotFound(f"no TransBorder Texas port data for {year}")
    total = sum(e + i for *_, e, i in data)
    rows = sorted(
        (
            {
                "port_code": c,
                "port": p,
                "region": r,
                "latitude": la,
                "longitude": lo,
                "exports_usd": e,
                "imports_usd": i,
                "two_way_usd": e + i,
                "share_pct": share_pct(e + i, total),
            }
            for c, p, r, la, lo, e, i in data
        ),
        key=lambda r: -r["two_way_usd"],
    )
    return TradeTexasPorts(
        year=year, unit="USD", two_way_usd=total, rows=rows, version=version.ref.as_dict()
    )
