"""The border JSON API: shapes, CSV, errors as {"error", "detail"} with the right status."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient


def test_summary_json_carries_version(client: TestClient) -> None:
    body = client.get("/api/border/summary", params={"year": 2024}).json()
    assert body["year"] == 2024
    assert body["version"]["dataset"] == "border-crossings"
    assert body["top_ports"][0]["rank"] == 1
    assert len(body["measures"]) == 12


def test_summary_csv_is_the_top_ports_table(client: TestClient) -> None:
    response = client.get("/api/border/summary", params={"year": 2024, "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["x-puente-dataset-version"] == "border-crossings@1"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    json_rows = client.get("/api/border/summary", params={"year": 2024}).json()["top_ports"]
    assert [r["port_code"] for r in rows] == [r["port_code"] for r in json_rows]
    assert int(rows[0]["people"]) == json_rows[0]["people"]


def test_ports_list_and_one_port(client: TestClient) -> None:
    ports = client.get("/api/border/ports").json()["ports"]
    assert {p["code"] for p in ports} == {"2504", "2402", "2604"}
    one = client.get("/api/border/ports/2504").json()
    assert one["port"]["name"] == "San Ysidro"
    assert one["port"]["mexican_cities"] == ["Tijuana"]


def test_crossings_grouped_by_year_csv(client: TestClient) -> None:
    response = client.get(
        "/api/border/crossings",
        params={"port": "2504", "measure": "Pedestrians", "group": "year", "format": "csv"},
    )
    lines = response.text.strip().splitlines()
    assert lines[0] == "period,measure,value"
    assert [line.split(",")[0] for line in lines[1:]] == ["2023", "2024", "2025"]


@pytest.mark.parametrize(
    ("url", "status", "error"),
    [
        ("/api/border/ports/9999", 404, "not_found"),
        ("/api/border/ports/x1", 400, "invalid_input"),
        ("/api/border/summary?year=abc", 400, "invalid_input"),
        ("/api/border/summary?year=1990", 404, "not_found"),
        ("/api/border/crossings?group=week", 400, "invalid_input"),
        ("/api/border/crossings?measure=Walkers", 400, "invalid_input"),
        ("/api/border/crossings?start=24", 400, "invalid_input"),
        ("/api/border/summary?format=xml", 400, "invalid_input"),
        ("/api/nothing-here", 404, "not_found"),
    ],
)
def test_errors_are_json_with_status(client: TestClient, url: str, status: int, error: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert body["error"] == error
    assert body["detail"]


def test_openapi_documents_border_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/border/ports",
        "/api/border/ports/{code}",
        "/api/border/crossings",
        "/api/border/summary",
    ):
        assert path in paths
    assert client.get("/docs").status_code == 200


def test_datasets_endpoint_lists_provenance(client: TestClient) -> None:
    data = {d["dataset"]: d for d in client.get("/api/datasets").json()["datasets"]}
    version = data["border-crossings"]["versions"][0]
    assert version["current"]
    assert version["rows"] == 462
    assert len(version["sha256"]) == 64


def test_admin_endpoints_need_the_token(client: TestClient) -> None:
    body = {"dataset": "border-crossings"}
    assert client.post("/api/admin/rollback", json=body).status_code == 401  # no credential
    wrong = client.post("/api/admin/rollback", json=body, headers={"X-Puente-Token": "test-tok"})
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "unauthorized"
    response = client.post(
        "/api/admin/rollback",
        json={"dataset": "border-crossings"},
        headers={"X-Puente-Token": "test-token"},
    )
    assert response.status_code == 400  # authorised, but there is no earlier version
    assert "no kept version before" in response.json()["detail"]


def test_unloaded_dataset_is_a_404_telling_how_to_load(settings, store) -> None:
    from puente.api import create_app

    with TestClient(create_app(settings, store=store)) as empty:
        response = empty.get("/api/border/summary")
    assert response.status_code == 404
    assert "puente ingest border-crossings" in response.json()["detail"]
