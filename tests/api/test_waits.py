"""/api/border/waits: JSON with versions, CSV tables, errors as {"error", "detail"}."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.store import Store
from tests.border.waits_support import load_waits_fixture
from tests.conftest import load_border_fixture


@pytest.fixture
def waits_client(store: Store, settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    load_border_fixture(store)
    load_waits_fixture(store, tmp_path / "mirror")
    with TestClient(create_app(settings, store=store)) as client:
        yield client


def test_index_lists_ports_with_versions(waits_client: TestClient) -> None:
    body = waits_client.get("/api/border/waits").json()
    assert [p["port_code"] for p in body["ports"]][:2] == ["2401", "2402"]
    assert body["versions"]["observed-waits"]["dataset"] == "observed-waits"
    text = waits_client.get("/api/border/waits", params={"format": "csv"}).text
    header = text.splitlines()[0]
    assert header.startswith("port_code,port_name,crossing,lane,lane_type,basis")


def test_best_time_json(waits_client: TestClient) -> None:
    body = waits_client.get(
        "/api/border/waits/2504/best-time", params={"day": "domingo", "count": 1}
    ).json()
    assert body["day"] == "Sunday"
    # The observed waits lead when they exist; CBP's averages are one of the answers.
    averages = next(a for a in body["answers"] if a["version"]["dataset"] == "cbp-wait-averages")
    assert averages["best"] == [
        {"weekday": 6, "day": "Sunday", "hour": 5, "label": "05:00–06:00", "minutes": 63.0}
    ]
    assert averages["version"]["dataset"] == "cbp-wait-averages"


def test_port_waits_csv_is_the_averages_grid(waits_client: TestClient) -> None:
    response = waits_client.get(
        "/api/border/waits/2402", params={"lane": "commercial", "format": "csv"}
    )
    assert response.headers["x-puente-dataset-version"] == "cbp-wait-averages@1"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 168
    monday_six = next(r for r in rows if r["day"] == "Monday" and r["hour"] == "6")
    assert monday_six["minutes"] == "5.0"
    assert next(r for r in rows if r["day"] == "Saturday" and r["hour"] == "9")["minutes"] == ""


def test_observed_endpoint(waits_client: TestClient) -> None:
    body = waits_client.get(
        "/api/border/waits/2504/observed", params={"lane": "passenger", "type": "general"}
    ).json()
    sunday_five = next(r for r in body["rows"] if r["weekday"] == 6 and r["hour"] == 5)
    assert (sunday_five["median"], sunday_five["p90"], sunday_five["observations"]) == (
        30.0,
        46.0,
        5,
    )
    assert body["version"]["dataset"] == "observed-waits"


@pytest.mark.parametrize(
    ("url", "status", "error"),
    [
        ("/api/border/waits/9999", 404, "not_found"),
        ("/api/border/waits/x1/best-time", 400, "invalid_input"),
        ("/api/border/waits/2504?lane=bus", 400, "invalid_input"),
        ("/api/border/waits/2504?type=vip", 400, "invalid_input"),
        ("/api/border/waits/2504/best-time?day=funday", 400, "invalid_input"),
        ("/api/border/waits/2504/best-time?month=13", 400, "invalid_input"),
        ("/api/border/waits/2504/best-time?count=0", 400, "invalid_input"),
        ("/api/border/waits/2504/observed?format=xml", 400, "invalid_input"),
    ],
)
def test_errors(waits_client: TestClient, url: str, status: int, error: str) -> None:
    response = waits_client.get(url)
    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.json()["detail"]


def test_openapi_documents_wait_endpoints(waits_client: TestClient) -> None:
    paths = waits_client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/border/waits",
        "/api/border/waits/{port}",
        "/api/border/waits/{port}/best-time",
        "/api/border/waits/{port}/observed",
    ):
        assert path in paths
