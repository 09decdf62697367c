"""One store holding a fixture of every capability (border, waits, trade, travel, exchanges,
security, two SDN versions), for the contract and fuzz tests that walk every operation."""

from __future__ import annotations

from pathlib import Path

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from tests.border.waits_support import load_waits_fixture
from tests.conftest import load_border_fixture
from tests.security.support import MORE_DATASETS, load_org_fixtures, load_security_fixtures
from tests.trade.support import census_rows, load_trade_fixtures, write_country_xlsx
from tests.travel.helpers import load_travel


def load_everything(store: Store, scratch: Path) -> Store:
    load_border_fixture(store)
    load_waits_fixture(store, scratch / "mirror")
    load_trade_fixtures(store, write_country_xlsx(scratch / "country.xlsx", census_rows()))
    load_travel(store)
    load_security_fixtures(store)
    for name in MORE_DATASETS:
        from tests.conftest import FIXTURES

        ingest_source(store, get_source(name), str(FIXTURES / name))
    load_org_fixtures(store)  # two SDN versions: diffs, organisations
    return store
