"""Freight by mode, Mexican state, commodity group and Texas port."""

from __future__ import annotations

import pytest

from puente.errors import InvalidInput, NotFound
from puente.store import Store
from puente.trade import freight


def test_by_mode(trade_store: Store) -> None:
    with trade_store.read() as cur:
        result = freight.by_mode(cur, 2018)
    modes = {r["mode"]: r for r in result.rows}
    assert result.rows[0]["mode"] == "Truck"
    assert modes["Truck"]["two_way_usd"] == 423e9
    assert modes["Pipeline"]["imports_usd"] is None
    assert sum(r["share_pct"] for r in result.rows) == pytest.approx(100, abs=0.05)
    assert result.version.dataset == "transborder-freight"
    # The fixture's Weight 52,000,000 is short tons, as the aggregates give it: kilograms here.
    assert modes["Truck"]["import_weight_kg"] == pytest.approx(52e6 * 907.185)
    assert modes["Truck"]["import_tonnes"] == pytest.approx(52e6 * 0.907185)
    assert modes["Pipeline"]["import_weight_kg"] is None
    assert result.weight_unit == "kg"


def test_by_state_maps_names_to_entities(trade_store: Store) -> None:
    with trade_store.read() as cur:
        result = freight.by_state(cur, 2018)
    rows = {r["inegi"]: r for r in result.rows}
    assert len(rows) == 32  # every entity, with 0 where there is no trade
    assert rows["09"]["name"] == "Ciudad de México"
    assert rows["09"]["exports_usd"] == 9e9
    assert rows["08"]["rank"] == 1
    assert rows["08"]["exports_usd"] == 37.3e9
    assert rows["16"]["iso"] == "MX-MIC"
    assert rows["32"]["exports_usd"] == 0
    assert result.unmatched == {}
    assert "exports" in result.scope


def test_by_commodity_for_one_state(trade_store: Store) -> None:
    with trade_store.read() as cur:
        result = freight.by_commodity(cur, 2018, "Nuevo León")
        everything = freight.by_commodity(cur, 2018)
    assert next(r["commodity_group"] for r in result.rows) == "Machinery & Electrical Equipment"
    assert result.exports_usd == 12.3e9
    assert everything.exports_usd == 35.3e9


def test_series_and_ports(trade_store: Store) -> None:
    with trade_store.read() as cur:
        months = freight.freight_series(cur, "Mexico", "month").rows
        ports = freight.texas_ports(cur, 2018).rows
    assert [m["period"] for m in months] == ["2017-12", "2018-01", "2018-02"]
    assert months[1]["imports_usd"] == 24e9
    assert months[1]["exports_usd"] == 14e9
    assert ports[0]["port"] == "Laredo"
    assert ports[0]["two_way_usd"] == 240e9


def test_errors(trade_store: Store) -> None:
    with trade_store.read() as cur:
        with pytest.raises(InvalidInput, match="Canada or Mexico"):
            freight.by_mode(cur, 2018, "Brazil")
        with pytest.raises(NotFound):
            freight.by_mode(cur, 1980)
        with pytest.raises(NotFound, match="federal entities"):
            freight.by_commodity(cur, 2018, "Texas")
