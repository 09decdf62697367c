"""Energy volumes to Mexico and where Mexico ranks among destinations."""

from __future__ import annotations

import pytest

from puente.errors import InvalidInput, NotFound
from puente.store import Store
from puente.trade import energy


def test_monthly_volumes_and_daily_rates(trade_store: Store) -> None:
    with trade_store.read() as cur:
        rows = energy.energy_series(cur, "Mexico", "month", 2016, 2016).rows
    pipeline = {r["period"]: r for r in rows if r["flow"] == "pipeline"}
    august = pipeline["2016-08"]
    assert august["value"] == 130200
    assert august["per_day"] == pytest.approx(130200 / 31 / 1000, abs=1e-4)  # Bcf/d
    assert august["per_day_unit"] == "Bcf/d"
    assert august["share_of_us_pct"] == pytest.approx(130200 / 210000 * 100, abs=0.01)


def test_yearly_volumes(trade_store: Store) -> None:
    with trade_store.read() as cur:
        rows = energy.energy_series(cur, "mexico", "year").rows
    crude = {r["period"]: r["value"] for r in rows if r["product"] == "crude_oil"}
    assert crude == {"2016": 310.0, "2017": 620.0}


def test_mexico_is_the_top_destination(trade_store: Store) -> None:
    with trade_store.read() as cur:
        overview = energy.energy_overview(cur, 2017)
        ranks = energy.destination_ranks(cur, "petroleum_products", 2016)
    by_product = {p["product"]: p for p in overview.products}
    # natural gas = pipeline + LNG by vessel + LNG by truck: 160000 + 49000 + 1
    assert by_product["natural_gas"]["value"] == 209001
    assert by_product["natural_gas"]["rank"] == 1
    assert by_product["crude_oil"]["rank"] == 2
    assert [r["destination"] for r in ranks.rows] == ["Mexico", "Canada", "Japan"]


def test_errors(trade_store: Store) -> None:
    with trade_store.read() as cur:
        with pytest.raises(NotFound, match="no EIA export series"):
            energy.energy_series(cur, "Atlantis")
        with pytest.raises(InvalidInput, match="product"):
            energy.destination_ranks(cur, "coal", 2016)
