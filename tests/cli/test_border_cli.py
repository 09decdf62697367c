"""The CLI: tables for people, --json equal to the API, errors as one line and an exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from puente.cli.main import app
from puente.store import Store

runner = CliRunner()


def run(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.fixture
def db(border_store: Store, tmp_path: Path) -> Path:
    path = Path(border_store.path)
    border_store.close()
    return path


def test_summary_table(db: Path) -> None:
    result = run(db, "border", "summary", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert "U.S.–Mexico border, 2024" in result.output
    assert "San Ysidro" in result.output


def test_json_is_the_api_json(db: Path, tmp_path: Path) -> None:
    from puente.api import create_app
    from puente.config import Settings
    from puente.store import open_store

    cli = json.loads(run(db, "border", "summary", "--year", "2024", "--json").stdout)
    store = open_store(db)
    with TestClient(create_app(Settings(db=db), store=store)) as client:
        api = client.get("/api/border/summary", params={"year": 2024}).json()
    store.close()
    assert cli == api


def test_port_measure_by_year(db: Path) -> None:
    result = run(db, "border", "port", "2504", "--measure", "pedestrians", "--json")
    rows = json.loads(result.stdout)["rows"]
    assert [r["period"] for r in rows] == ["2023", "2024", "2025"]


def test_unknown_port_is_one_line_and_exit_1(db: Path) -> None:
    result = run(db, "border", "port", "9999")
    assert result.exit_code == 1
    assert "Error: no U.S.–Mexico port with code 9999" in result.output
    assert "Traceback" not in result.output


def test_bad_measure_exits_2(db: Path) -> None:
    result = run(db, "border", "port", "2504", "--measure", "walkers")
    assert result.exit_code == 2
    assert "unknown measure" in result.output


def test_ingest_reports_and_no_op(tmp_path: Path, fixtures: Path) -> None:
    db = tmp_path / "cli.duckdb"
    source = fixtures / "border-crossings" / "crossings.csv"
    first = run(db, "ingest", "border-crossings", "--from", str(source))
    assert first.exit_code == 0, first.output
    assert "version 1 in force" in first.output
    assert "1 exact duplicate" in first.output
    again = run(db, "ingest", "border-crossings", "--from", str(source))
    assert "unchanged" in again.output
    listed = json.loads(run(db, "datasets", "--json").stdout)
    crossings = next(d for d in listed["datasets"] if d["dataset"] == "border-crossings")
    assert crossings["current_version"] == 1


def test_ingest_failure_exits_nonzero_and_keeps_store(tmp_path: Path, fixtures: Path) -> None:
    db = tmp_path / "cli.duckdb"
    run(
        db,
        "ingest",
        "border-crossings",
        "--from",
        str(fixtures / "border-crossings" / "crossings.csv"),
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("Port Name,State\nx,y\n")
    result = run(db, "ingest", "border-crossings", "--from", str(bad))
    assert result.exit_code == 1
    assert "bad.csv, line 1: missing column(s)" in result.output
    summary = run(db, "border", "summary", "--year", "2024", "--json")
    assert json.loads(summary.stdout)["version"]["version"] == 1


def test_rollback(tmp_path: Path, fixtures: Path) -> None:
    db = tmp_path / "cli.duckdb"
    run(
        db,
        "ingest",
        "border-crossings",
        "--from",
        str(fixtures / "border-crossings" / "crossings.csv"),
    )
    run(
        db,
        "ingest",
        "border-crossings",
        "--from",
        str(fixtures / "border-crossings" / "crossings_socrata_dates.csv"),
    )
    result = run(db, "rollback", "border-crossings")
    assert result.exit_code == 0
    assert "version 1 in force" in result.output


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["ingest"],
        ["datasets"],
        ["rollback"],
        ["serve"],
        ["border"],
        ["border", "summary"],
        ["border", "port"],
        ["border", "ports"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
    assert len(result.output.split("Usage", 1)[1]) > 80
