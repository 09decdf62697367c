"""/api/trade over the trade fixtures: JSON with versions, CSV, errors."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.store import Store
from tests.trade.support import census_rows, load_trade_fixtures, write_country_xlsx


@pytest.fixture
def trade_store(store: Store, tmp_path) -> Store:
    load_trade_fixtures(store, write_country_xlsx(tmp_path / "country.xlsx", census_rows()))
    return store


@pytest.fixture
def trade_client(trade_store: Store, tmp_path) -> Iterator[TestClient]:
    app = create_app(Settings(db=tmp_path / "unused.duckdb", mirror=None), store=trade_store)
    with TestClient(app) as client:
        yield client


def test_summary_defaults_to_the_latest_complete_year(trade_client: TestClient) -> None:
    body = trade_client.get("/api/trade/summary").json()
    assert body["year"] == 2018  # 2019 has January only
    assert body["two_way_usd"] == 610_800_000
    assert (body["exports_rank"], body["imports_rank"], body["two_way_rank"]) == (2, 2, 3)
    assert body["version"]["dataset"] == "census-country-trade"


def test_summary_as_csv(trade_client: TestClient) -> None:
    response = trade_client.get("/api/trade/summary", params={"year": 2018, "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["x-puente-dataset-version"] == "census-country-trade@1"
    row = next(csv.DictReader(io.StringIO(response.text)))
    assert row["partner_name"] == "Mexico"
    assert row["exports_usd"] == "265200000"


@pytest.mark.parametrize(
    ("path", "params", "rows_key", "dataset"),
    [
        ("/api/trade/series", {"frequency": "month"}, "rows", "census-country-trade"),
        ("/api/trade/ranks", {}, "rows", "census-country-trade"),
        ("/api/trade/partners", {"year": 2018}, "rows", "census-country-trade"),
        ("/api/trade/freight", {}, "rows", "transborder-freight"),
        ("/api/trade/modes", {"year": 2018}, "rows", "transborder-freight"),
        ("/api/trade/states", {"year": 2018}, "rows", "transborder-freight"),
        ("/api/trade/commodities", {"year": 2018}, "rows", "transborder-freight"),
        ("/api/trade/texas-ports", {"year": 2018}, "rows", "transborder-freight"),
        ("/api/trade/energy", {}, "rows", "eia-energy-exports"),
        ("/api/trade/energy/overview", {"year": 2017}, "products", "eia-energy-exports"),
        (
            "/api/trade/energy/ranks",
            {"product": "natural_gas", "year": 2017},
            "rows",
            "eia-energy-exports",
        ),
        ("/api/trade/facts", {"topic": "trade"}, "facts", "bilateral-facts"),
    ],
)
def test_tables_carry_versions_and_answer_csv(
    trade_client: TestClient, path: str, params: dict, rows_key: str, dataset: str
) -> None:
    body = trade_client.get(path, params=params).json()
    assert body[rows_key], path
    assert body["version"]["dataset"] == dataset
    as_csv = trade_client.get(path, params={**params, "format": "csv"})
    assert as_csv.status_code == 200
    assert len(list(csv.DictReader(io.StringIO(as_csv.text)))) == len(body[rows_key])


def test_geometry_is_geojson(trade_client: TestClient) -> None:
    body = trade_client.get("/api/trade/states/geometry").json()
    assert body["type"] == "FeatureCollection"
    assert {f["properties"]["iso"] for f in body["features"]} >= {"MX-CMX", "MX-NLE"}


@pytest.mark.parametrize(
    ("path", "params", "status", "error"),
    [
        ("/api/trade/summary", {"year": 1970}, 404, "not_found"),
        ("/api/trade/summary", {"partner": "Atlantis"}, 404, "not_found"),
        ("/api/trade/series", {"frequency": "week"}, 400, "invalid_input"),
        ("/api/trade/ranks", {"partner": "0015"}, 404, "not_found"),
        ("/api/trade/partners", {"measure": "tonnes"}, 400, "invalid_input"),
        ("/api/trade/summary", {"format": "xml"}, 400, "invalid_input"),
    ],
)
def test_errors(trade_client: TestClient, path: str, params: dict, status: int, error: str) -> None:
    response = trade_client.get(path, params=params)
    assert response.status_code == status
    assert response.json()["error"] == error


def test_not_loaded(store: Store, tmp_path) -> None:
    app = create_app(Settings(db=tmp_path / "unused.duckdb", mirror=None), store=store)
    with TestClient(app) as client:
        response = client.get("/api/trade/summary")
    assert response.status_code == 404
    assert "puente ingest census-country-trade" in response.json()["detail"]


def test_a_new_version_is_served_at_once(
    trade_client: TestClient, trade_store: Store, tmp_path
) -> None:
    from puente.ingest import ingest_source
    from puente.ingest.registry import get_source
    from puente.ingest.runner import rollback_dataset

    before = trade_client.get("/api/trade/summary", params={"year": 2018}).json()
    rows = census_rows()
    for row in rows:
        if row[0] == "2018" and row[1] == "2010":
            row[16:28] = [30.0] * 12  # Mexico's 2018 exports: 360 million
            row[28] = 360.0
    ingest_source(
        trade_store,
        get_source("census-country-trade"),
        str(write_country_xlsx(tmp_path / "v2.xlsx", rows)),
    )
    after = trade_client.get("/api/trade/summary", params={"year": 2018}).json()
    assert before["exports_usd"] == 265_200_000
    assert after["exports_usd"] == 360_000_000
    assert after["exports_rank"] == 1
    assert after["version"]["version"] == 2
    rollback_dataset(trade_store, "census-country-trade")
    again = trade_client.get("/api/trade/summary", params={"year": 2018}).json()
    assert again == before
