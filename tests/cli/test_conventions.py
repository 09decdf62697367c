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
    # Without --out the results go to standard output too (a pipe needs no option).
    piped = runner.invoke(app, ["--db", str(db), "screen", "--file", "-"], input=text)
    assert piped.exit_code == 0, piped.output
    assert [r["id"] for r in csv.DictReader(io.StringIO(piped.stdout))] == ["1", "2"]
    assert "2 rows screened" not in piped.stdout


def test_audit_verify_result_on_stdout_and_export_to_dash(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner.invoke(app, ["--db", str(db), "screen", "Joaquin Guzman Loera"])
    verify = runner.invoke(app, ["--db", str(db), "audit", "verify"])
    assert verify.exit_code == 0
    assert "audit log intact: 1 rows" in verify.stdout
    assert "intact" not in verify.stderr
    monkeypatch.chdir(tmp_path)
    export = runner.invoke(app, ["--db", str(db), "audit", "export", "--out", "-"])
    assert export.exit_code == 0
    assert export.stdout.count("\n") == 1
    assert "GUZMAN" in export.stdout
    assert not (tmp_path / "-").exists()


def test_serve_on_a_busy_port_is_one_error_and_keeps_the_address_file(tmp_path: Path) -> None:
    import socket

    db = tmp_path / "busy.duckdb"
    address = Path(f"{db}.server.json")
    address.write_text('{"url": "http://127.0.0.1:1", "token": "another"}', encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["--db", str(db), "serve", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Puente at" not in result.output
    assert result.stderr.count("\n") == 1
    assert (
        address.read_text(encoding="utf-8") == '{"url": "http://127.0.0.1:1", "token": "another"}'
    )
