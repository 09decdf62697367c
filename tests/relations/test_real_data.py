"""The relations page on the real snapshots (../shared/data): the 2019 page's figures checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.relations.claims import check_claims
from puente.store import Store, open_store

pytestmark = pytest.mark.integration
DATASETS = ("border-crossings", "census-country-trade", "eia-energy-exports", "bilateral-facts")


@pytest.fixture(scope="module")
def claims(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict]]:
    from tests.conftest import shared_data_dir

    mirror: Path = shared_data_dir()
    if not (mirror / "trade").is_dir():
        pytest.skip(f"real data not found at {mirror}")
    store: Store = open_store(tmp_path_factory.mktemp("relations") / "puente.duckdb")
    for name in DATASETS:
        ingest_source(store, get_source(name), mirror=mirror)
    with store.read() as cur:
        yield {c["key"]: c for c in check_claims(cur)}
    store.close()


def test_2018_goods_trade_is_609_6_billion(claims: dict[str, dict]) -> None:
    two_way = claims["two_way_trade"]
    assert round(two_way["page_value"] / 1e9, 1) == 609.6
    assert two_way["verdict"] == "not_in_data"  # the page's $678B includes services


def test_mexico_second_by_exports_third_by_trade_in_2018(claims: dict[str, dict]) -> None:
    assert claims["export_rank"]["page_value"] == 2
    assert claims["export_rank"]["verdict"] == "confirmed"
    assert claims["partner_rank"]["page_value"] == 3


def test_a_day_of_goods_trade_is_the_pages_1_7_billion(claims: dict[str, dict]) -> None:
    assert claims["trade_per_day"]["verdict"] == "confirmed"
    assert round(claims["trade_per_day"]["page_value"] / 1e9, 2) == 1.67


def test_hundreds_of_thousands_cross_each_day(claims: dict[str, dict]) -> None:
    people = claims["crossings_per_day"]
    assert 100_000 < people["page_value"] < 1_000_000
    assert people["verdict"] == "confirmed"


def test_largest_market_for_products_and_gas(claims: dict[str, dict]) -> None:
    assert claims["energy_market"]["page_value"] == "1 and 1"
    assert claims["energy_market"]["page_ranks"] == {"petroleum_products": 1, "natural_gas": 1}
    assert claims["energy_market"]["verdict"] == "confirmed"


def test_bts_counts_fewer_ports_than_the_page(claims: dict[str, dict]) -> None:
    ports = claims["ports"]
    assert ports["verdict"] == "differs"
    assert 20 < ports["page_value"] < 55
