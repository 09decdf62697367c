"""`puente trade`: tables for people, --json equal to the API, errors as one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from puente.api import create_app
from puente.cli.main import app
from puente.config import Settings
from puente.store import Store, open_store
from tests.trade.support import census_rows, load_trade_fixtures, write_country_xlsx

runner = CliRunner()


def run(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.fixture
def db(store: Store, tmp_path: Path) -> Path:
    load_trade_fixtures(store, write_country_xlsx(tmp_path / "country.xlsx", census_rows()))
    path = Path(store.path)
    store.close()
    return path


def test_summary_table(db: Path) -> None:
    result = run(db, "trade", "summary", "--year", "2018")
    assert result.exit_code == 0, result.output
    assert "U.S. goods trade with Mexico, 2018" in result.output
    assert "$265.2M" in result.output  # exports in U.S. dollars
    assert "#3" in result.output  # two-way rank
    assert "Ranked among 4 countries" in result.output


def test_modes_table_shows_import_weight_in_tonnes(db: Path) -> None:
    result = run(db, "trade", "modes", "--year", "2018", "--csv")
    assert result.exit_code == 0, result.output
    rows = {line.split(",")[0]: line for line in result.stdout.splitlines()}
    assert rows["mode"].endswith("imports-tonnes")
    # Fixture Weight 52,000,000 short tons = 47,173,620 metric tonnes (not 52,000 t of "kg").
    assert rows["Truck"].endswith('"47,173,620"')


@pytest.mark.parametrize(
    ("args", "path", "params"),
    [
        (["summary", "--year", "2018"], "/api/trade/summary", {"year": 2018}),
        (["summary"], "/api/trade/summary", {}),
        (["ranks", "--partner", "Canada"], "/api/trade/ranks", {"partner": "Canada"}),
        (
            ["partners", "--year", "2018", "--measure", "imports"],
            "/api/trade/partners",
            {"year": 2018, "measure": "imports"},
        ),
        (["states", "--year", "2018"], "/api/trade/states", {"year": 2018}),
        (
            ["commodities", "--year", "2018", "--state", "Nuevo Leon"],
            "/api/trade/commodities",
            {"year": 2018, "state": "Nuevo Leon"},
        ),
        (["energy", "--year", "2017"], "/api/trade/energy/overview", {"year": 2017}),
    ],
)
def test_json_is_the_api_json(db: Path, args: list[str], path: str, params: dict) -> None:
    result = run(db, "trade", *args, "--json")
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    store = open_store(db)
    try:
        with TestClient(create_app(Settings(db=db), store=store)) as client:
            api = client.get(path, params=params).json()
    finally:
        store.close()
    assert cli == api


def test_unknown_partner_is_one_line(db: Path) -> None:
    result = run(db, "trade", "summary", "--partner", "Mexcio")
    assert result.exit_code == 1
    assert "Error: no trading partner 'Mexcio' in the Census data; did you mean Mexico?" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_bad_frequency_exits_2(db: Path) -> None:
    result = run(db, "trade", "series", "--frequency", "week")
    assert result.exit_code == 2
    assert "expected year or month" in result.output
