from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from puente.store import Store, open_store
from tests.conftest import load_border_fixture
from tests.travel.helpers import load_travel


@pytest.fixture(scope="session")
def travel_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One store for the read-only tests: the border fixture (for the ports registry) plus
    every travel and exchanges dataset. Tests that load or change data use `store`."""
    opened = open_store(tmp_path_factory.mktemp("travel") / "puente.duckdb")
    load_border_fixture(opened)
    load_travel(opened)
    yield opened
    opened.close()


@pytest.fixture
def cur(travel_store: Store) -> Iterator[duckdb.DuckDBPyConnection]:
    with travel_store.read() as cursor:
        yield cursor
