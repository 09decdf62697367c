"""The security fixtures (CBP files in their published format) loaded into a store."""

from __future__ import annotations

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from tests.conftest import FIXTURES

DATASETS = ("cbp-drug-seizures", "cbp-currency-seizures", "cbp-southwest-encounters")


def load_security_fixtures(store: Store) -> None:
    for name in DATASETS:
        ingest_source(store, get_source(name), str(FIXTURES / name))
