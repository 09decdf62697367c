"""/api/security (JSON and CSV), the four pages (English and Spanish) and `puente security`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from puente.api import create_app
from puente.cli.main import app as cli
from puente.config import Settings
from puente.store import Store, open_store

runner = CliRunner()


def test_api_drugs_json_carries_version_and_fair_window(security_client: TestClient) -> None:
    body = security_client.get("/api/security/drugs", params={"drug": "Fentanyl"}).json()
    assert body["version"]["dataset"] == "cbp-drug-seizures"
    assert body["fiscal_year"] == 2024
    assert body["compared_with"] == "FY2023, same months"
    assert body["total"]["lbs"] == 600.0


def test_api_tables_as_csv(security_client: TestClient) -> None:
    response = security_client.get(
        "/api/security/drugs", params={"fy": 2023, "table": "by_area", "format": "csv"}
    )
    assert response.status_code == 200
    assert response.headers["x-puente-dataset-version"] == "cbp-drug-seizures@1"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["area_of_responsibility"] == "SAN DIEGO FIELD OFFICE"
    assert float(rows[0]["lbs"]) == 1500.0
    money = security_client.get("/api/security/money", params={"format": "csv"})
    assert money.headers["x-puente-sample"] == "true"
    assert "Outbound,300000.0" in money.text
    monthly = security_client.get(
        "/api/security/encounters", params={"table": "monthly", "format": "csv"}
    )
    assert monthly.text.splitlines()[1] == "2021-10,El Salvador,1"


@pytest.mark.parametrize(
    ("params", "status", "detail"),
    [
        ({"drug": "Crack"}, 404, "no drug type 'Crack' in the data"),
        ({"fy": 1999}, 404, "no data for fiscal year 1999"),
        ({"table": "secret"}, 400, "unknown table"),
        ({"format": "xml"}, 400, "format"),
    ],
)
def test_api_errors(security_client: TestClient, params: dict, status: int, detail: str) -> None:
    response = security_client.get("/api/security/drugs", params=params)
    assert response.status_code == status
    assert detail in response.json()["detail"]


def test_api_overview_and_money_flag_the_sample(security_client: TestClient) -> None:
    goals = security_client.get("/api/security").json()["goals"]
    assert [g["goal"] for g in goals] == ["criminals", "drugs", "money", "arms"]
    assert goals[3]["available"] is False
    money = security_client.get("/api/security/money").json()
    assert money["sample"] is True
    assert "transcribed sample" in money["sample_note"]


def test_pages_render_figures_notes_and_links(security_client: TestClient) -> None:
    page = security_client.get("/security").text
    assert 'href="/sanctions?program=SDNTK&amp;country=MX"' in page
    assert "Arms (firearms and ammunition) data is not available" in page
    assert "transcribed sample" in page
    drugs = security_client.get("/security/drugs", params={"fy": 2023}).text
    assert "1,500" in drugs
    assert "SAN DIEGO FIELD OFFICE" in drugs
    assert "Changes compare the same months of fiscal year 2022." in drugs
    money = security_client.get("/security/money").text
    assert 'id="sample-flag"' in money
    assert "$300K" in money
    encounters = security_client.get("/security/encounters").text
    assert "of Mexican citizens (72.7%)" in encounters
    nav = security_client.get("/").text
    assert 'href="/security"' in nav


def test_pages_in_spanish(security_client: TestClient) -> None:
    security_client.cookies.set("lang", "es")
    page = security_client.get("/security/drugs", params={"fy": 2023}).text
    assert "Decomisos de drogas: Frontera suroeste" in page
    assert "Fentanilo" in page
    assert "1,500" in page
    assert "muestra transcrita" in security_client.get("/security/money").text


@pytest.fixture
def db(security_store: Store) -> Path:
    path = Path(security_store.path)
    security_store.close()
    return path


def test_cli_tables_and_json_equal_to_the_api(db: Path) -> None:
    result = runner.invoke(cli, ["--db", str(db), "security", "drugs", "--drug", "fentanyl"])
    assert result.exit_code == 0, result.output
    assert "Fentanyl seized, Southwest Border, FY2024" in result.output
    assert "changes on the same months of FY2023" in " ".join(result.output.split())
    out = runner.invoke(cli, ["--db", str(db), "security", "drugs", "--fy", "2023", "--json"])
    store = open_store(db)
    with TestClient(create_app(Settings(db=db), store=store)) as client:
        api = client.get("/api/security/drugs", params={"fy": 2023}).json()
    store.close()
    assert json.loads(out.stdout) == api


def test_cli_money_and_encounters(db: Path) -> None:
    money = runner.invoke(cli, ["--db", str(db), "security", "money"])
    assert money.exit_code == 0, money.output
    assert "transcribed sample" in money.output
    assert "Outbound" in money.output
    people = runner.invoke(cli, ["--db", str(db), "security", "encounters", "--fy", "2022"])
    assert people.exit_code == 0, people.output
    assert "Mexican citizens 700" in people.output


def test_cli_error_is_one_line(db: Path) -> None:
    result = runner.invoke(cli, ["--db", str(db), "security", "drugs", "--drug", "tea"])
    assert result.exit_code != 0
    assert "no drug type 'tea' in the data" in result.output
