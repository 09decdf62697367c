"""/api/relations (JSON and CSV), /api/highlights and /highlights.atom over the fixtures."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.highlights.feed import ATOM
from puente.store import Store
from tests.relations.support import relations_app


@pytest.fixture
def relations_client(store: Store, tmp_path: Path) -> Iterator[TestClient]:
    with relations_app(store, tmp_path) as client:
        yield client


def test_claims_with_provenance(relations_client: TestClient) -> None:
    body = relations_client.get("/api/relations").json()
    claims = {c["key"]: c for c in body["claims"]}
    assert claims["export_rank"]["page_value"] == 2
    assert claims["export_rank"]["verdict"] == "confirmed"
    assert claims["export_rank"]["provenance"]["datasets"][0]["dataset"] == "census-country-trade"
    assert body["page"]["year"] == 2018
    assert {d["dataset"] for d in body["datasets"]} >= {"border-crossings", "bilateral-facts"}


def test_claim_table_as_csv(relations_client: TestClient) -> None:
    response = relations_client.get("/api/relations", params={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(response.text))}
    assert rows["two_way_trade"]["verdict"] == "not_in_data"
    assert rows["two_way_trade"]["page_value"] == "610800000"
    assert rows["citizens"]["source"].startswith("State Dept fact sheet")


def test_relations_without_data(store: Store, tmp_path) -> None:
    app = create_app(Settings(db=tmp_path / "x.duckdb", mirror=None), store=store)
    with TestClient(app) as client:
        body = client.get("/api/relations").json()
    assert body["verdicts"]["missing"] >= 5
    assert body["paragraphs"] == []


def test_highlights_json(relations_client: TestClient) -> None:
    body = relations_client.get("/api/highlights").json()
    ids = [i["id"] for i in body["items"]]
    assert "sdn-1-2-added" in ids
    assert "news-1" in ids
    assert body["updated"] == body["items"][0]["date"]
    assert len(relations_client.get("/api/highlights", params={"limit": 1}).json()["items"]) == 1


def test_atom_feed_links_follow_the_request(relations_client: TestClient) -> None:
    response = relations_client.get("/highlights.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    ns = {"a": ATOM}
    assert root.findtext("a:id", namespaces=ns) == "http://testserver/highlights"
    hrefs = [e.find("a:link", ns).get("href") for e in root.findall("a:entry", ns)]  # type: ignore[union-attr]
    assert "http://testserver/sanctions/diff?old=1&new=2" in hrefs
    assert all(h.startswith("http://testserver/") for h in hrefs)


def test_atom_feed_uses_the_base_url_setting_never_the_host_header(
    relations_client: TestClient,
) -> None:
    app = relations_client.app
    app.state.settings = app.state.settings.model_copy(  # type: ignore[attr-defined]
        update={"base_url": "https://puente.example.org/"}
    )
    response = relations_client.get("/highlights.atom", headers={"Host": "evil.example"})
    root = ET.fromstring(response.content)
    assert root.findtext("a:id", namespaces={"a": ATOM}) == "https://puente.example.org/highlights"
    assert b"evil.example" not in response.content
