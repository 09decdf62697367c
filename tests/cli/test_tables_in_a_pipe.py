"""In a pipe (stdout not a terminal) a table takes the width its cells need: nothing a script
or `grep` reads is cut at 80 columns."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from puente.cli.main import app
from puente.store import Store


def test_datasets_names_and_urls_are_whole_in_a_pipe(border_store: Store) -> None:
    path = Path(border_store.path)
    border_store.close()
    result = CliRunner().invoke(app, ["--db", str(path), "datasets"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) > 80  # the table was not squeezed to 80 columns
    # Every dataset name and publisher URL is on one line, whole (no "…", no wrapping).
    assert "…" not in result.output
    assert any("mexico-entry-requirements" in line for line in lines)
    assert any("https://data.bts.gov/api/views/keg4-3bc2/rows.csv" in line for line in lines)
