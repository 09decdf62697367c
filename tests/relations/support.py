"""Loading every dataset the relations page reads, from the fixtures (shared by
tests/relations, tests/api, tests/web, tests/cli and tests/browser)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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


@contextmanager
def relations_app(store: Store, folder: Path) -> Iterator[TestClient]:
    """The app over the relations fixtures plus two SDN versions (for highlights)."""
    load_relations_fixtures(store, folder)
    load_sdn_fixture(store, "full")
    load_sdn_fixture(store, "later")
    app = create_app(Settings(db=folder / "unused.duckdb", mirror=None), store=store)
    with TestClient(app) as client:
        yield client
