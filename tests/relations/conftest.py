"""A store with every dataset the relations page reads, from the fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.store import Store
from tests.conftest import load_border_fixture
from tests.sanctions.conftest import load_sdn_fixture
from tests.trade.support import census_rows, load_trade_fixtures, write_country_xlsx


def load_relations_fixtures(store: Store, folder: Path) -> None:
    """Border crossings (with the ports registry), Census trade, EIA energy, bilateral facts."""
    load_border_fixture(store)
    load_trade_fixtures(store, write_country_xlsx(folder / "country.xlsx", census_rows()))


@pytest.fixture
def relations_store(store: Store, tmp_path: Path) -> Store:
    load_relations_fixtures(store, tmp_path)
    return store


@pytest.fixture
def relations_client(relations_store: Store, tmp_path: Path) -> Iterator[TestClient]:
    """The app over the relations fixtures plus two SDN versions (for highlights)."""
    load_sdn_fixture(relations_store, "full")
    load_sdn_fixture(relations_store, "later")
    app = create_app(Settings(db=tmp_path / "unused.duckdb", mirror=None), store=relations_store)
    with TestClient(app) as client:
        yield client
