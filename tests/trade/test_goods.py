"""Goods trade figures, ranks and shares over the fixture workbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.errors import InvalidInput, NotFound
from puente.store import Store
from puente.trade import goods

from .support import census_rows, write_country_xlsx


def test_summary_2018(trade_store: Store) -> None:
    with trade_store.read() as cur:
        result = goods.summary(cur, 2018)
    assert result.partner["name"] == "Mexico"
    assert result.exports_usd == 265_200_000
    assert result.imports_usd == 345_600_000
    assert result.balance_usd == -80_400_000
    assert result.two_way_usd == 610_800_000
    assert (result.exports_rank, result.imports_rank, result.two_way_rank) == (2, 2, 3)
    assert result.countries_ranked == 4  # aggregates and "Unidentified" are not ranked
    assert result.exports_share_pct == pytest.approx(265.2 / 744.0 * 100, abs=0.01)
    assert result.exports_change_pct == pytest.approx(8.87, abs=0.01)
    assert result.complete is True
    assert result.version.dataset == "census-country-trade"


def test_partial_year_compares_the_same_months(trade_store: Store) -> None:
    with trade_store.read() as cur:
        result = goods.summary(cur, 2019)
    assert (result.months, result.complete) == (1, False)
    assert result.two_way_usd == 54_000_000
    # January 2019 against January 2018 (22.1), not against the whole of 2018
    assert result.exports_change_pct == pytest.approx((24 / 22.1 - 1) * 100, abs=0.01)
    assert result.two_way_rank == 1


def test_any_partner_by_name_or_code(trade_store: Store) -> None:
    with trade_store.read() as cur:
        canada = goods.summary(cur, 2018, "canada")
        china = goods.summary(cur, 2018, "5700")
    assert canada.exports_rank == 1
    assert canada.partner["code"] == "1220"
    assert china.imports_rank == 1
    assert china.two_way_rank == 1


def test_aggregates_never_rank(trade_store: Store) -> None:
    with trade_store.read() as cur:
        top = goods.top_partners(cur, 2018, "two_way")
        with pytest.raises(NotFound, match="only countries are ranked"):
            goods.partner_ranks(cur, "North America")
    assert [r["name"] for r in top.rows] == ["China", "Canada", "Mexico", "Germany"]
    assert [r["two_way_rank"] for r in top.rows] == [1, 2, 3, 4]


def test_top_partners_show_each_countrys_balance(trade_store: Store) -> None:
    with trade_store.read() as cur:
        top = goods.top_partners(cur, 2018, "two_way").rows
    mexico = next(r for r in top if r["name"] == "Mexico")
    assert mexico["balance_usd"] == -80_400_000  # as the summary says
    assert all(r["balance_usd"] == r["exports_usd"] - r["imports_usd"] for r in top)


def test_series_by_month_and_year(trade_store: Store) -> None:
    with trade_store.read() as cur:
        years = goods.trade_series(cur, "Mexico", "year").rows
        months = goods.trade_series(cur, "Mexico", "month", 2019).rows
    assert [r["period"] for r in years] == ["2017", "2018", "2019"]
    assert years[0]["exports_change_pct"] is None
    assert [r["period"] for r in months] == ["2019-01"]
    assert months[0]["imports_change_pct"] == pytest.approx((30 / 28.8 - 1) * 100, abs=0.01)


def test_ranks_year_by_year(trade_store: Store) -> None:
    with trade_store.read() as cur:
        rows = goods.partner_ranks(cur, "Mexico").rows
    assert [(r["year"], r["exports_rank"], r["two_way_rank"]) for r in rows] == [
        (2017, 2, 3),
        (2018, 2, 3),
        (2019, 1, 1),
    ]


def test_errors(trade_store: Store) -> None:
    with trade_store.read() as cur:
        with pytest.raises(NotFound, match="did you mean Mexico"):
            goods.summary(cur, 2018, "Mexcio")
        with pytest.raises(NotFound, match="no Census trade data"):
            goods.summary(cur, 1990)
        with pytest.raises(InvalidInput, match="year or month"):
            goods.trade_series(cur, "Mexico", "week")
        with pytest.raises(InvalidInput, match="measure"):
            goods.top_partners(cur, 2018, "volume")


def test_not_loaded(store: Store) -> None:
    with store.read() as cur, pytest.raises(NotFound, match="puente ingest census-country"):
        goods.summary(cur, 2018)


def _twenty_partners_2018() -> list[list[object]]:
    """2018, full year: 20 countries, the n-th trading 10*n million each way, and the world."""
    rows: list[list[object]] = []
    lines = [(f"{1000 + 100 * n}", f"Country {n}", 10.0 * n) for n in range(1, 21)]
    world = sum(v for _, _, v in lines)
    for code, name, value in [*lines, ("0015", "World, Not Seasonally Adjusted", world)]:
        month = round(value / 12, 6)
        rows.append(["2018", code, name, *[month] * 12, month * 12, *[month] * 12, month * 12])
    return rows


def test_top_partners_are_fifteen_by_default(store: Store, tmp_path: Path) -> None:
    from puente.ingest import ingest_source
    from puente.ingest.registry import get_source

    path = write_country_xlsx(tmp_path / "country.xlsx", _twenty_partners_2018())
    ingest_source(store, get_source("census-country-trade"), str(path))
    with store.read() as cur:
        top = goods.top_partners(cur)
        three = goods.top_partners(cur, 2018, "exports", limit=3)
    assert top.year == 2018
    assert [r["name"] for r in top.rows] == [f"Country {n}" for n in range(20, 5, -1)]
    assert [r["two_way_rank"] for r in top.rows] == list(range(1, 16))
    assert [r["name"] for r in three.rows] == ["Country 20", "Country 19", "Country 18"]


def test_a_store_without_a_complete_year_says_so(store: Store, tmp_path: Path) -> None:
    from puente.ingest import ingest_source
    from puente.ingest.registry import get_source

    january = [r for r in census_rows() if r[0] == 2019]
    path = write_country_xlsx(tmp_path / "country.xlsx", january)
    ingest_source(store, get_source("census-country-trade"), str(path))
    with store.read() as cur:
        with pytest.raises(NotFound, match="has no complete year"):
            goods.summary(cur)
        january_only = goods.summary(cur, 2019)
    assert (january_only.months, january_only.complete) == (1, False)


def test_ranks_say_which_years_are_complete(trade_store: Store) -> None:
    with trade_store.read() as cur:
        rows = goods.partner_ranks(cur, "Mexico").rows
        top_2019 = goods.top_partners(cur, 2019).rows
    assert [(r["year"], r["months"], r["complete"]) for r in rows] == [
        (2017, 12, True),
        (2018, 12, True),
        (2019, 1, False),
    ]
    assert {r["complete"] for r in top_2019} == {False}
