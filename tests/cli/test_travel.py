"""`puente travel` and `puente exchanges`: tables for people, --json equal to the API."""

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
from tests.travel.helpers import load_travel

runner = CliRunner()


def run(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.fixture
def db(border_store: Store) -> Path:
    load_travel(border_store)
    path = Path(border_store.path)
    border_store.close()
    return path


def api_json(db: Path, path: str, params: dict) -> dict:
    store = open_store(db)
    try:
        with TestClient(create_app(Settings(db=db), store=store)) as client:
            return client.get(path, params=params).json()
    finally:
        store.close()


JSON_TWINS = [
    (["travel", "advisory", "--state", "Sonora"], "/api/travel/advisory", {"state": "Sonora"}),
    (["travel", "advisory"], "/api/travel/advisory", {}),
    (["travel", "advisory", "--changes"], "/api/travel/advisory/changes", {}),
    (
        ["travel", "post", "--near", "Mérida"],
        "/api/travel/posts/nearest",
        {"near": "Mérida", "limit": 3},
    ),
    (["travel", "post", "--state", "Coahuila"], "/api/travel/posts/serving", {"state": "Coahuila"}),
    (["travel", "post", "--city", "tampico"], "/api/travel/posts/serving", {"city": "tampico"}),
    (["travel", "posts"], "/api/travel/posts", {}),
    (["travel", "state", "Baja California"], "/api/travel/states/Baja California", {}),
    (["travel", "entry"], "/api/travel/entry", {}),
    (
        ["travel", "vaccinations", "--state", "Sinaloa"],
        "/api/travel/vaccinations",
        {"state": "Sinaloa"},
    ),
    (
        ["exchanges", "list", "--audience", "students"],
        "/api/exchanges/programs",
        {"audience": "students"},
    ),
    (
        ["exchanges", "list", "--age", "20", "--duration", "short"],
        "/api/exchanges/programs",
        {"age": 20, "duration": "short"},
    ),
    (["exchanges", "show", "ylai"], "/api/exchanges/programs/ylai", {}),
]


@pytest.mark.parametrize(("args", "path", "params"), JSON_TWINS)
def test_json_is_the_api_json(db: Path, args: list[str], path: str, params: dict) -> None:
    result = run(db, *args, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == api_json(db, path, params)


def test_advisory_table(db: Path) -> None:
    result = run(db, "travel", "advisory", "--state", "Sonora")
    assert result.exit_code == 0, result.output
    assert "Travel advisory: Sonora (MX-SON)" in result.output
    assert "Reconsider" in result.output
    assert "not confirmed" in result.output  # 2025 reasons unknown


def test_post_near_merida_table(db: Path) -> None:
    result = run(db, "travel", "post", "--near", "Mérida")
    assert result.exit_code == 0, result.output
    assert "Posts nearest to Mérida" in result.output
    first = result.output.index("Consulate General")
    assert result.output.index("Mérida", first) < result.output.index("Cancún")


def test_post_state_split_is_explained(db: Path) -> None:
    result = run(db, "travel", "post", "--state", "sonora")
    assert "Hermosillo" in result.output
    assert "Nogales" in result.output
    assert "split by area" in result.output


def test_exchanges_list_table(db: Path) -> None:
    result = run(db, "exchanges", "list", "--audience", "students")
    assert result.exit_code == 0, result.output
    assert "Exchange programs (6)" in result.output
    assert "susi" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["travel", "advisory", "--state", "Sonoraa"], "did you mean Sonora?"),
        (["travel", "post", "--near", "Meridda"], "did you mean Mérida"),
        (["travel", "post", "--state", "Yukatan"], "did you mean Yucatán?"),
        (["exchanges", "list", "--audience", "pilots"], "audience 'pilots' is not known"),
    ],
)
def test_errors_are_one_line_with_suggestions(db: Path, args: list[str], message: str) -> None:
    result = run(db, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_post_needs_a_place(db: Path) -> None:
    result = run(db, "travel", "post")
    assert result.exit_code == 2
    assert "give --state, --city, --near or --lat/--lon" in result.output


def test_state_table_shows_what_its_json_has(db: Path) -> None:
    """Malaria advice, the state's cities and its trade are in the --json answer; the table a
    person reads shows them too."""
    data = json.loads(run(db, "travel", "state", "sinaloa", "--json").output)
    shown = " ".join(run(db, "travel", "state", "sinaloa").output.split())
    assert any("Malaria" in v["item"] for v in data["state_specific_health"])
    for item in data["state_specific_health"]:
        assert item["item"] in shown
    assert data["cities"], "the fixture has Sinaloa's cities"
    for city in data["cities"]:
        assert city["name"] in shown
    if data["trade"].get("available"):
        assert f"rank {data['trade']['rank']}" in shown
