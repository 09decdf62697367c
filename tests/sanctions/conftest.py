"""Fixtures of the sanctions tests: the OFAC fixture snapshots and a store with one loaded.

`store` and `shared_data` come from tests/conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store

SDN_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ofac-sdn"


def load_sdn_fixture(store: Store, snapshot: str = "full") -> None:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN_FIXTURES / snapshot))


@pytest.fixture
def sdn_fixtures() -> Path:
    return SDN_FIXTURES


@pytest.fixture
def loaded(store: Store) -> Store:
    """A store with the full fixture snapshot in force."""
    load_sdn_fixture(store)
    return store
