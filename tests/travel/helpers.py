"""Loading the travel and exchanges project data into a test store."""

from __future__ import annotations

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store

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
