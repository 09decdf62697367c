"""`puente border waits` and `puente border best-time`: tables, --json equal to the API."""

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
from tests.border.waits_support import load_waits_fixture

runner = CliRunner()


@pytest.fixture
def db(store: Store, tmp_path: Path) -> Path:
    load_waits_fixture(store, tmp_path / "mirror")
    path = Path(store.path)
    store.close()
    return path


def run(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), "border", *args])


def test_best_time_table(db: Path) -> None:
    result = run(db, "best-time", "2504", "--day", "sunday")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())  # rich wraps long titles on narrow terminals
    assert "San Ysidro (port 2504)" in text
    best_lines = [line for line in result.output.splitlines() if "best" in line]
    # The most recent evidence leads: the observed median (30 min), then CBP's average (63).
    assert "05:00–06:00" in best_lines[0]
    assert "30" in best_lines[0]
    assert any("63" in line for line in best_lines[1:])
    assert "observed median (Bordify, third-party)" in text


def test_waits_table_for_one_day(db: Path) -> None:
    result = run(db, "waits", "2402", "--lane", "commercial", "--day", "saturday")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any("Sat" in line for line in lines)
    assert all("closed" in line for line in lines if line.startswith("│ 1"))


@pytest.mark.parametrize(
    ("args", "url", "params"),
    [
        (
            ["best-time", "2504", "--day", "sunday"],
            "/api/border/waits/2504/best-time",
            {"day": "sunday"},
        ),
        (
            ["waits", "2504", "--lane", "pedestrian"],
            "/api/border/waits/2504",
            {"lane": "pedestrian"},
        ),
    ],
)
def test_json_is_the_api_json(db: Path, args: list[str], url: str, params: dict) -> None:
    cli = json.loads(run(db, *args, "--json").stdout)
    store = open_store(db)
    with TestClient(create_app(Settings(db=db), store=store)) as client:
        api = client.get(url, params=params).json()
    store.close()
    assert cli == api


def test_bad_day_exits_2(db: Path) -> None:
    result = run(db, "best-time", "2504", "--day", "funday")
    assert result.exit_code == 2
    assert "day 'funday' is not valid" in result.output


def test_unknown_port_exits_1(db: Path) -> None:
    result = run(db, "waits", "9999")
    assert result.exit_code == 1
    assert "no wait times for port 9999" in result.output


@pytest.mark.parametrize("command", ["waits", "best-time"])
def test_help(command: str) -> None:
    result = runner.invoke(app, ["border", command, "--help"])
    assert result.exit_code == 0
    assert "--lane" in result.output
    assert "--day" in result.output
