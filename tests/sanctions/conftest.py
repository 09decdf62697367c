"""Fixtures of the sanctions tests: the OFAC fixture snapshots, a store with one loaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store, open_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ofac-sdn"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def store() -> Iterator[Store]:
    opened = open_store(":memory:")
    yield opened
    opened.close()


@pytest.fixture
def loaded(store: Store) -> Store:
    """A store with the full fixture snapshot in force."""
    ingest_source(store, get_source("ofac-sdn"), origin=str(FIXTURES / "full"))
    return store


def _shared_data() -> Path | None:
    here = Path(__file__).resolve()
    for candidate in (here.parents[3] / "shared" / "data", here.parents[2] / "shared" / "data",
                      Path("/work/shared/data")):
        if (candidate / "ofac_sdn").is_dir():
            return candidate
    return None


@pytest.fixture
def shared_data() -> Path:
    found = _shared_data()
    if found is None:
        pytest.skip("../shared/data is not beside the repository")
    return found
