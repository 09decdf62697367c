"""Tables for scripts: `--csv` beside `--json` on every table command, and no column cut to
80 characters when stdout is a pipe."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

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


def test_csv_is_the_table_alone_on_stdout(db: Path) -> None:
    result = runner.invoke(app, ["--db", str(db), "screen", "Joaquin Guzman Loera", "--csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows, result.stdout
    assert {"score", "listed name"} <= set(rows[0])
    assert any("GUZMAN LOERA" in row["listed name"] for row in rows)
    assert "match(es)" in result.stderr  # the verdict line is a message, not a table row


def test_csv_of_a_command_with_several_tables(db: Path) -> None:
    result = runner.invoke(app, ["--db", str(db), "datasets", "--csv"])
    assert result.exit_code == 0, result.output
    tables = result.stdout.split("\n\n")  # several tables: one empty line between them
    assert len(tables) >= 2
    header, *rows = list(csv.reader(io.StringIO(tables[0])))
    assert header[0] == "dataset"
    assert "ofac-sdn" in {row[0] for row in rows}


def test_json_and_csv_together_is_one_clear_error(db: Path) -> None:
    result = runner.invoke(app, ["--db", str(db), "datasets", "--json", "--csv"])
    assert result.exit_code != 0
    assert "--json or --csv" in result.stderr


def test_every_json_command_also_takes_csv() -> None:
    for group in ("border", "trade", "sanctions", "watch", "keys"):
        listing = runner.invoke(app, [group, "-h"]).stdout
        names = [ln.split()[0] for ln in listing.split("Commands:")[-1].splitlines() if ln.strip()]
        for name in names:
            text = runner.invoke(app, [group, name, "-h"]).stdout
            if "--json" in text:
                assert "--csv" in text, f"puente {group} {name} has --json but no --csv"


def test_a_table_in_a_pipe_keeps_every_cell_whole(db: Path) -> None:
    # CliRunner's stdout is not a terminal: what a pipe gets. The listed names are long
    # enough that an 80-column table would wrap or cut them.
    result = runner.invoke(app, ["--db", str(db), "screen", "Joaquin Guzman Loera"])
    assert result.exit_code == 0, result.output
    listed = [ln for ln in result.stdout.splitlines() if "GUZMAN LOERA" in ln]
    assert listed, result.stdout
    assert any(len(ln) > 80 for ln in result.stdout.splitlines())
    assert "…" not in result.stdout


def test_shell_completion_is_offered() -> None:
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout


def test_csv_neutralises_cells_a_spreadsheet_would_run(capsys: pytest.CaptureFixture[str]) -> None:
    from puente.cli import output

    output.reset_mode()
    output._Mode.csv = True
    try:
        output.table("t", ["name", ("score", "right")], [['=HYPERLINK("x")', -0.5], [None, 1]])
    finally:
        output.reset_mode()
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["name", "score"], ['\'=HYPERLINK("x")', "-0.5"], ["", "1"]]
