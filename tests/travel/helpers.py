"""Loading the travel and exchanges project data into a test store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store, open_store
from puente.trade.results import TradeStates

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


def travel_app_client(tmp_path: Path, geometry: Path | None = None) -> Iterator[TestClient]:
    """A test client over a fresh store holding the border fixture and the travel data, and
    the state outlines from `geometry` (a GeoJSON file) when given."""
    from tests.conftest import load_border_fixture, load_geometry

    store = open_store(tmp_path / "puente.duckdb")
    load_border_fixture(store)
    load_travel(store)
    if geometry is not None:
        load_geometry(store, geometry)
    app = create_app(Settings(db=tmp_path / "puente.duckdb"), store=store)
    with TestClient(app) as client:
        yield client
    store.close()


def fake_trade_by_state(_cur: object) -> TradeStates:
    """The trade state breakdown as `puente.trade.freight.by_state` returns it, for two
    states, without the transborder freight data loaded."""
    return TradeStates.model_validate(
        {
            "year": 2024,
            "mode": None,
            "scope": "U.S. exports",
            "unit": "USD",
            "exports_usd": 2.5e11,
            "unmatched": {},
            "version": {
                "dataset": "transborder-freight",
                "version": 3,
                "sha256": "0" * 64,
                "source": "mexican_state_trade.csv",
                "loaded_at": "2026-11-25T00:00:00+00:00",
            },
            "rows": [
                {"iso": "MX-CHH", "rank": 1, "exports_usd": 5.0e10, "share_pct": 20.0},
                {"iso": "MX-SON", "rank": 6, "exports_usd": 1.2e10, "share_pct": 4.8},
            ],
        }
    )


def install_fake_trade(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages and the API pass `freight.by_state` to the state profile: stand in for it."""
    from puente.trade import freight

    monkeypatch.setattr(freight, "by_state", fake_trade_by_state)
