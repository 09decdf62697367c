"""CLI conventions scripts rely on: --version, -h, --fail-on-match, `-` for stdin/stdout."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from puente import __version__
from puente.cli.main import app
from puente.store import Store
from tests.sanctions.conftest import load_sdn_fixture

runner = CliRunner()


@pytest.fixture
def db(store: Store) -> Path:
    load_sdn_fixture(store)
    path = Path(store.path)
    store.close()
    return path


def test_version_and_short_help() -> None:
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0
    assert version.stdout.strip() == f"puente {__version__}"
    short = runner.invoke(app, ["-h"])
    assert short.exit_code == 0
    assert "Usage:" in short.stdout
    assert "--fail-on-match" in runner.invoke(app, ["screen", "-h"]).stdout


def test_fail_on_match_exits_1_only_when_something_matches(db: Path) -> None:
    hit = runner.invoke(app, ["--db", str(db), "screen", "Joaquin Guzman Loera", "--fail-on-match"])
    assert hit.exit_code == 1, hit.output
    assert "GUZMAN LOERA" in hit.stdout
    miss = runner.invoke(app, ["--db", str(db), "screen", "Maria Lopez Sanchez", "--fail-on-match"])
    assert miss.exit_code == 0, miss.output
    plain = runner.invoke(app, ["--db", str(db), "screen", "Joaquin Guzman Loera"])
    assert plain.exit_code == 0


def test_screen_file_from_stdin_to_stdout(db: Path, tmp_path: Path) -> None:
    text = "id,name\n1,Jose Angel Pena Nunez\n2,Maria Lopez Sanchez\n"
    result = runner.invoke(
        app,
        ["--db", str(db), "screen", "--file", "-", "--out", "-", "--fail-on-match"],
        input=text,
    )
    assert result.exit_code == 1, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["match"] == "true"
    assert rows[1]["match"] != "true"
    assert "2 rows screened: 1 match(es)" in result.stderr
    assert not (tmp_path / "-").exists()
    assert not Path("-").exists()
