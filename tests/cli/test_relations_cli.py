"""`puente relations check` and `puente highlights`: tables, and --json equal to the API."""

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
from tests.relations.support import load_relations_fixtures
from tests.sanctions.conftest import load_sdn_fixture

runner = CliRunner()


@pytest.fixture
def db(store: Store, tmp_path: Path) -> Path:
    load_relations_fixtures(store, tmp_path)
    load_sdn_fixture(store, "full")
    load_sdn_fixture(store, "later")
    path = Path(store.path)
    store.close()
    return path


def _api(db: Path, url: str) -> dict:
    store = open_store(db)
    with TestClient(create_app(Settings(db=db), store=store)) as client:
        body = client.get(url).json()
    store.close()
    return body


def test_check_prints_the_claim_table(db: Path) -> None:
    result = runner.invoke(app, ["--db", str(db), "relations", "check"])
    assert result.exit_code == 0, result.output
    assert "3 BTS port codes reported northbound crossings" in result.output
    assert "confirmed" in result.output
    assert "not_in_data" in result.output


def test_check_json_is_the_api_json(db: Path) -> None:
    result = runner.invoke(app, ["--db", str(db), "relations", "check", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == _api(db, "/api/relations")


def test_highlights_text_and_json(db: Path) -> None:
    text = runner.invoke(app, ["--db", str(db), "highlights"])
    assert text.exit_code == 0, text.output
    assert "1 Mexico-tied entry designated" in text.output
    as_json = runner.invoke(app, ["--db", str(db), "highlights", "--json"])
    assert json.loads(as_json.stdout) == _api(db, "/api/highlights")
