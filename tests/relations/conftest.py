"""A store with every dataset the relations page reads, from the fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from tests.conftest import load_border_fixture
from tests.trade.support import census_rows, load_trade_fixtures, write_country_xlsx


def load_relations_fixtures(store: Store, folder: Path) -> None:
    """Border crossings and ports, Census trade, EIA energy and the bilateral facts."""
    load_border_fixture(store)
    ingest_source(store, get_source("border-ports"))
    load_trade_fixtures(store, write_country_xlsx(folder / "country.xlsx", census_rows()))


@pytest.fixture
def relations_store(store: Store, tmp_path: Path) -> Store:
    load_relations_fixtures(store, tmp_path)
    return store
