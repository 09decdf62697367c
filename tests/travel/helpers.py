"""Loading the travel and exchanges project data into a test store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store, open_store

TRAVEL_DATASETS: tuple[str, ...] = (
    "mx-states",
    "us-posts-mexico",
    "mexico-travel-advisory",
    "mexico-entry-requirements",
    "mexico-vaccinations",
    "exchange-programs",
)


def load_travel(store: Store) -> Store:
    for name in TRAVEL_DATASETS:
        ingest_source(store, get_source(name))
    return store


def travel_app_client(tmp_path: Path, mirror: Path | None = None) -> Iterator[TestClient]:
    """A test client over a fresh store holding the border fixture and the travel data."""
    from tests.conftest import load_border_fixture

    store = open_store(tmp_path / "puente.duckdb")
    load_border_fixture(store)
    load_travel(store)
    app = create_app(Settings(db=tmp_path / "puente.duckdb", mirror=mirror), store=store)
    with TestClient(app) as client:
        yield client
    store.close()
