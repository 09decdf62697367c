"""An app on the fixture SDN list, with helpers to make keys."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store

SDN = Path(__file__).resolve().parents[1] / "fixtures" / "ofac-sdn" / "full"
ADMIN = {"X-Puente-Token": "test-token"}
MakeClient = Callable[..., TestClient]


@pytest.fixture
def settings(tmp_path: Path, state_url: str | None) -> Settings:
    """The key, session and audit tests run on the embedded state store and on PostgreSQL."""
    return Settings(db=tmp_path / "puente.duckdb", mirror=None, state_url=state_url)


@pytest.fixture
def sdn_store(store: Store) -> Store:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN))
    return store


@pytest.fixture
def make_client(sdn_store: Store, settings: Settings) -> Iterator[MakeClient]:
    clients: list[TestClient] = []

    def make(
        auth: str = "local", base_url: str = "http://testserver", **more: object
    ) -> TestClient:
        app = create_app(
            settings.model_copy(update={"auth": auth, **more}),
            store=sdn_store,
            admin_token="test-token",
        )
        client = TestClient(app, base_url=base_url, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def new_key(client: TestClient, role: str, name: str = "Ana (compliance)") -> dict[str, str]:
    response = client.post("/api/keys", json={"name": name, "role": role}, headers=ADMIN)
    assert response.status_code == 201, response.text
    data: dict[str, str] = response.json()
    return data


def bearer(key: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {key['key']}"}


def audit_rows(client: TestClient) -> list[dict[str, object]]:
    import json

    export = client.get("/api/audit/export", headers=ADMIN)
    assert export.status_code == 200
    return [json.loads(line) for line in export.text.splitlines()]


def state_table(client: TestClient, table: str) -> list[tuple[object, ...]]:
    """Every row of a state table, read from where the app keeps it (DuckDB or PostgreSQL)."""
    from puente.httpauth import app_state
    from puente.state.postgres import PostgresStateStore

    app = client.app
    state = app_state(app.state, app.state.store, app.state.settings).store  # type: ignore[attr-defined]
    if isinstance(state, PostgresStateStore):
        with state.db.transaction() as cur:
            cur.execute(f"SELECT * FROM {table}")
            return list(cur.fetchall())
    return list(app.state.store.cursor().execute(f"SELECT * FROM {table}").fetchall())  # type: ignore[attr-defined]
