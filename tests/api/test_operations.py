"""/healthz, /readyz, /metrics and the optional CORS of the data API."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store

SDN = Path(__file__).resolve().parents[1] / "fixtures" / "ofac-sdn" / "full"


def test_ready_only_once_data_is_loaded_and_the_index_built(
    store: Store, settings: Settings
) -> None:
    with TestClient(create_app(settings, store=store)) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        empty = client.get("/readyz")
        assert empty.status_code == 503
        assert "ingest" in empty.json()["detail"]
        ingest_source(store, get_source("ofac-sdn"), origin=str(SDN))
        answers = [client.get("/readyz") for _ in range(1)]
        deadline = time.monotonic() + 30
        while answers[-1].status_code != 200 and time.monotonic() < deadline:
            assert answers[-1].json()["detail"] == "the screening index is being built"
            time.sleep(0.1)
            answers.append(client.get("/readyz"))
        assert answers[-1].status_code == 200
        assert answers[-1].json()["screening_index"] == "ready"
        assert "ofac-sdn" in answers[-1].json()["datasets"]


def test_metrics_count_requests_by_route_template_and_screenings(
    store: Store, settings: Settings
) -> None:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN))
    with TestClient(create_app(settings, store=store)) as client:
        client.get("/api/sanctions/entities/6861")
        client.get("/api/sanctions/entities/7000")
        client.post("/api/screen", json={"queries": [{"name": "Joaquin Guzman"}]})
        text = client.get("/metrics").text
    line = next(
        row
        for row in text.splitlines()
        if row.startswith("puente_http_request_duration_seconds_count")
        and 'route="/api/sanctions/entities/{entity_id}"' in row
    )
    assert line.endswith(" 2.0")
    assert "/api/sanctions/entities/6861" not in text
    assert 'puente_screenings_total{channel="api"} 1.0' in text
    assert 'puente_ingest_versions_total{dataset="ofac-sdn"} 1.0' in text
    assert 'puente_dataset_version{dataset="ofac-sdn"} 1.0' in text


def test_cors_of_the_data_api_is_off_unless_configured(store: Store, settings: Settings) -> None:
    origin = {"Origin": "https://analyst.example"}
    with TestClient(create_app(settings, store=store)) as client:
        assert "access-control-allow-origin" not in client.get("/healthz", headers=origin).headers
        assert (
            "access-control-allow-origin" not in client.get("/api/datasets", headers=origin).headers
        )
    allowed = settings.model_copy(update={"cors_origins": "https://analyst.example"})
    with TestClient(create_app(allowed, store=store)) as client:
        got = client.get("/api/datasets", headers=origin)
        assert got.headers["access-control-allow-origin"] == "https://analyst.example"
        other = client.get("/api/datasets", headers={"Origin": "https://other.example"})
        assert "access-control-allow-origin" not in other.headers
        preflight = client.options(
            "/api/datasets",
            headers={**origin, "Access-Control-Request-Method": "GET"},
        )
        assert preflight.status_code == 200


def test_scrapes_are_not_counted_so_two_scrapes_agree(store: Store, settings: Settings) -> None:
    with TestClient(create_app(settings, store=store)) as client:
        client.get("/healthz")
        first = client.get("/metrics").text
        assert first == client.get("/metrics").text
        assert 'route="/healthz"' in first
        assert 'route="/metrics"' not in first
