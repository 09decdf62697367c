"""A year the data covers in part is compared with the same months of the year before, and
both the CLI and the API say so."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from puente.cli.main import app
from puente.config import Settings
from puente.store import Store
from tests.conftest import load_border_fixture


def test_partial_year_comparison_is_labelled(store: Store, settings: Settings) -> None:
    load_border_fixture(store)
    with store.read() as cur:
        from puente.border import crossings

        years = crossings.yearly_people(cur)
    partial = next((r for r in years if r["months"] < 12), None)
    assert partial is not None, "the fixture needs a partial year"
    store.close()
    runner = CliRunner()
    args = ["--db", str(settings.db), "border", "summary", "--year", str(partial["year"])]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(runner.invoke(app, [*args, "--json"]).output)
    compared = data["compared_with"]
    assert compared["year"] == partial["year"] - 1
    assert compared["complete_year"] is False
    assert compared["months"] == data["months"]
    # The column and the sentence name the months, not a bare year.
    assert compared["label"] in result.output
    assert f"on {compared['label']}" in " ".join(result.output.split())
    assert f"│ {partial['year'] - 1} " not in result.output
