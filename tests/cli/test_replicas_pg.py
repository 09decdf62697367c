"""With the PostgreSQL state store: screenings through two workers and two replicas land in
one audit chain that verifies."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import httpx
import pytest

from puente.sanctions.auditchain import verify_chain
from puente.state import open_state
from puente.store import open_store
from tests.cli.test_replicas import SDN, Server, _publish, puente, servers  # noqa: F401

pytestmark = pytest.mark.slow


def test_screenings_through_workers_and_replicas_make_one_chain(
    pg_url: str,
    tmp_path: Path,
    servers: list[Server],  # noqa: F811
) -> None:
    db = tmp_path / "primary.duckdb"
    loaded = puente(db, "ingest", "ofac-sdn", "--from", str(SDN / "full"), "-q")
    assert loaded.returncode == 0, loaded.stderr
    secret = secrets.token_hex(32)
    env = {"PUENTE_STATE_URL": pg_url, "PUENTE_AUDIT_SECRET": secret}
    _publish(db, str(tmp_path / "snap.duckdb"))
    workers = Server(db, "--workers", "2", **env)
    replicas = [
        Server(tmp_path / f"r{n}.duckdb", "--snapshot", str(tmp_path / "snap.duckdb"), **env)
        for n in (1, 2)
    ]
    servers.extend([workers, *replicas])
    for server in servers:
        server.wait_ready()
    answered_by: set[int] = set()
    screened = 0
    deadline = time.monotonic() + 120
    while (len(answered_by) < 2 or screened < 12) and time.monotonic() < deadline:
        for server in servers:
            with httpx.Client(timeout=60) as fresh:
                name = f"Joaquin Guzman {screened}"
                response = fresh.post(
                    server.url + "/api/screen", json={"queries": [{"name": name}]}
                )
                assert response.status_code == 200, response.text
                screened += 1
                if server is workers:
                    answered_by.add(fresh.get(server.url + "/readyz").json()["process"])
    assert len(answered_by) == 2  # both workers screened
    store = open_store(tmp_path / "check.duckdb")
    try:
        state = open_state(store, secret=secret, url=pg_url)
        result = verify_chain(state)
        assert result["ok"], result
        assert result["rows"] == screened == state.store.audit_count()
    finally:
        store.close()
