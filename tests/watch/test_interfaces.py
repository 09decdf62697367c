"""Monitoring through the CLI (`puente watch ...`), the API (/api/watch/...) and the pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from puente.api import create_app
from puente.cli.main import app
from puente.config import Settings
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from tests.sanctions.conftest import SDN_FIXTURES, load_sdn_fixture
from tests.web.forms import FormClient

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SUBJECTS = (
    "subject_id,name,type,birth_date,country\n"
    "C-1,Joaquin Guzman Loera,individual,1957-04-04,Mexico\n"
    "C-2,Ana Sofia Lopez Ibarra,individual,,MX\n"
    "S-9,Los Chapitos,entity,,\n"
)
HEADERS = {"X-Puente-Token": "test-token"}


def run(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.fixture
def db(store: Store) -> Path:
    load_sdn_fixture(store)
    path = Path(store.path)
    store.close()
    return path


def test_cli_create_add_alerts_decide(db: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "subjects.csv"
    csv_file.write_text(SUBJECTS)
    assert run(db, "watch", "create", "clients").exit_code == 0
    added = run(db, "watch", "add", "clients", "--file", str(csv_file))
    assert added.exit_code == 0, added.output
    assert "3 added, 0 replaced; alerts: 1 opened" in added.output
    listed = run(db, "watch", "alerts", "clients", "--json")
    alerts = json.loads(listed.output)["alerts"]
    assert [(a["subject_id"], a["entity_id"], a["status"]) for a in alerts] == [
        ("C-1", "6861", "open")
    ]
    shown = run(db, "watch", "alerts", "clients")
    assert "GUZMAN" in shown.output
    assert "ofac-sdn" in shown.output
    refused = run(db, "watch", "decide", "clients", str(alerts[0]["alert_id"]), "--dismiss")
    assert refused.exit_code != 0
    assert "needs a reason" in refused.output
    done = run(
        db,
        "watch",
        "decide",
        "clients",
        str(alerts[0]["alert_id"]),
        "--dismiss",
        "--reason",
        "different birth date",
    )
    assert done.exit_code == 0, done.output
    assert "dismissed" in done.output
    # The next list version adds LOS CHAPITOS (S-9) and changes 6861 (reopens C-1).
    later = run(db, "ingest", "ofac-sdn", "--from", str(SDN_FIXTURES / "later"))
    assert later.exit_code == 0, later.output
    after = json.loads(run(db, "watch", "alerts", "clients", "--json").output)["alerts"]
    assert sorted((a["subject_id"], a["status"]) for a in after) == [
        ("C-1", "open"),
        ("S-9", "open"),
    ]


def test_cli_bad_subjects_file_names_line_and_field(db: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "subjects.csv"
    csv_file.write_text("subject_id,name,birth_date\nA,Ana Lopez,1974-01-32\n")
    run(db, "watch", "create", "clients")
    result = run(db, "watch", "add", "clients", "--file", str(csv_file))
    assert result.exit_code != 0
    assert "subjects.csv, line 2, birth_date" in result.output
    alerts = json.loads(run(db, "watch", "alerts", "clients", "--json").output)
    assert alerts["alerts"] == []


@pytest.fixture
def api(store: Store, settings: Settings) -> Iterator[TestClient]:
    load_sdn_fixture(store)
    ingest_source(store, get_source("bis-dpl"), origin=str(FIXTURES / "bis-dpl"))
    app = create_app(settings, store=store, admin_token="test-token")
    with FormClient(app) as client:  # forms carry the page's CSRF token, as in a browser
        yield client


def test_api_needs_the_admin_token(api: TestClient) -> None:
    assert api.get("/api/watch").status_code == 401  # no credential
    assert api.get("/api/watch", headers={"X-Puente-Token": "wrong"}).status_code == 401


def test_api_portfolio_flow(api: TestClient) -> None:
    created = api.post("/api/watch", json={"name": "suppliers"}, headers=HEADERS)
    assert created.status_code == 201
    body = {
        "subjects": [
            {"subject_id": "P-1", "name": "Alonso Gonzalez Granados", "country": "MX"},
            {"subject_id": "P-2", "name": "Cartel de Sinaloa", "type": "entity"},
        ]
    }
    added = api.post("/api/watch/suppliers/subjects", json=body, headers=HEADERS)
    assert added.status_code == 200, added.text
    assert added.json()["opened"] == 2
    alerts = api.get("/api/watch/suppliers/alerts", headers=HEADERS).json()["alerts"]
    assert sorted((a["subject_id"], a["dataset"]) for a in alerts) == [
        ("P-1", "bis-dpl"),
        ("P-2", "ofac-sdn"),
    ]
    dpl = next(a for a in alerts if a["dataset"] == "bis-dpl")
    decided = api.post(
        f"/api/watch/suppliers/alerts/{dpl['alert_id']}",
        json={"decision": "confirmed"},
        headers=HEADERS,
    )
    assert decided.json()["status"] == "confirmed"
    assert decided.json()["decided_by"] == "admin-token"
    feed = api.get("/api/watch/suppliers/feed.atom", headers=HEADERS)
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert feed.text.count("<entry>") == 3  # two opened, one confirmed
    bad = api.post(
        "/api/watch/suppliers/subjects",
        json={"subjects": [{"subject_id": "X", "name": "Y", "country": "Narnia"}]},
        headers=HEADERS,
    )
    assert bad.status_code == 400
    assert "subject 1, country" in bad.json()["detail"]
    hook = api.post(
        "/api/watch/suppliers/webhooks", json={"url": "http://127.0.0.1:9/x"}, headers=HEADERS
    )
    assert hook.status_code == 400  # private address refused by default


def test_screen_across_lists_and_filter(api: TestClient) -> None:
    both = api.post("/api/screen", json={"queries": [{"name": "Alonso Gonzalez Granados"}]})
    assert both.status_code == 200
    data = both.json()
    assert [v["dataset"] for v in data["list_versions"]] == ["ofac-sdn", "bis-dpl"]
    best = data["results"][0]["matches"][0]
    assert (best["dataset"], best["programs"], best["list_version"]) == ("bis-dpl", ["DPL"], 1)
    only = api.post(
        "/api/screen",
        json={"queries": [{"name": "Alonso Gonzalez Granados"}], "lists": "ofac-sdn"},
    ).json()
    assert only["lists"] == ["ofac-sdn"]
    assert all(m["dataset"] == "ofac-sdn" for m in only["results"][0]["matches"])
    unknown = api.post("/api/screen", json={"queries": [{"name": "X Y"}], "lists": ["eu"]})
    assert unknown.status_code == 400


def test_list_pages(api: TestClient) -> None:
    page = api.get("/lists")
    assert page.status_code == 200
    assert "BIS Denied Persons List" in page.text
    search = api.get("/lists/bis-dpl", params={"country": "Mexico"})
    assert "ALONSO GONZALEZ-GRANADOS" in search.text
    entry = api.get("/api/lists/bis-dpl/search", params={"q": "gonzalez"}).json()["results"][0]
    shown = api.get(f"/lists/bis-dpl/entities/{entry['entity_id']}")
    assert shown.status_code == 200
    assert "JUAREZ" in shown.text
    assert api.get("/lists/eu").status_code == 400


def test_portfolio_page_needs_a_session(api: TestClient) -> None:
    assert "Admin token" in api.get("/watch").text
    assert api.get("/watch/clients").status_code == 403
    wrong = api.post("/watch/login", data={"token": "nope"})
    assert wrong.status_code == 403
    signed = api.post("/watch/login", data={"token": "test-token"}, follow_redirects=False)
    assert signed.status_code == 303
    assert "test-token" not in signed.headers["set-cookie"]
    assert api.post("/watch", data={"name": "clients"}).status_code == 200
    uploaded = api.post(
        "/watch/clients/subjects",
        files={"file": ("subjects.csv", SUBJECTS.encode(), "text/csv")},
    )
    assert uploaded.status_code == 200
    assert "3 subjects added and screened." in uploaded.text
    page = api.get("/watch/clients")
    assert 'data-status="open"' in page.text
    assert "GUZMAN LOERA, Joaquin" in page.text


def test_rescreen_engine_options_are_checked_before_anything_runs(db: Path) -> None:
    alone = run(db, "watch", "rescreen", "--master", "local[2]")
    assert alone.exit_code != 0
    assert "--master goes with --engine spark" in alone.output
    unknown = run(db, "watch", "rescreen", "--engine", "dask")
    assert unknown.exit_code != 0
    assert "--engine 'dask' is not known; expected spark" in unknown.output


def test_cli_json_is_the_apis_json(db: Path, tmp_path: Path) -> None:
    """`--json` without a server prints what the server's endpoint answers: the same fields in
    the same order (a script reading either gets one shape)."""
    from puente.store import open_store

    csv_file = tmp_path / "subjects.csv"
    csv_file.write_text(SUBJECTS)
    created = json.loads(run(db, "watch", "create", "clients", "--json").output)
    added = json.loads(run(db, "watch", "add", "clients", "--file", str(csv_file), "--json").output)
    listed = json.loads(run(db, "watch", "alerts", "clients", "--json").output)
    alert_id = str(listed["alerts"][0]["alert_id"])
    decided = json.loads(
        run(db, "watch", "decide", "clients", alert_id, "--confirm", "--json").output
    )
    rescreened = json.loads(run(db, "watch", "rescreen", "--json").output)

    store = open_store(db)
    try:
        app = create_app(Settings(db=db, mirror=None), store=store, admin_token="test-token")
        with TestClient(app) as api:
            served_portfolio = api.get("/api/watch/clients", headers=HEADERS).json()
            served_alerts = api.get("/api/watch/clients/alerts", headers=HEADERS).json()
            again = api.post("/api/watch-rescreen", json={}, headers=HEADERS).json()
    finally:
        store.close()
    assert list(created) == list(served_portfolio)
    assert created["created_at"] == served_portfolio["created_at"]
    assert list(added) == ["portfolio", "added", "replaced", "opened", "reopened", "closed"]
    assert decided == served_alerts["alerts"][0]
    assert list(listed) == list(served_alerts)
    assert list(listed["alerts"][0]) == list(served_alerts["alerts"][0])
    assert [list(r) for r in rescreened["reports"]] == [list(r) for r in again["reports"]]
