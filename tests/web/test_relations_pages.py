"""Pages /relations and /highlights: what a reader sees, and the nav."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from puente.store import Store
from tests.relations.support import relations_app


@pytest.fixture
def relations_client(store: Store, tmp_path: Path) -> Iterator[TestClient]:
    with relations_app(store, tmp_path) as client:
        yield client


def test_relations_page_shows_text_and_claims(relations_client: TestClient) -> None:
    html = relations_client.get("/relations").text
    assert "U.S.–Mexico relations, regenerated from the data" in html
    assert "3 BTS port codes reported northbound crossings" in html
    assert 'data-claim="export_rank" data-verdict="confirmed"' in html
    assert 'data-claim="two_way_trade" data-verdict="not_in_data"' in html
    assert "census-country-trade v1" in html
    assert 'href="/api/relations?format=csv"' in html


def test_relations_page_in_spanish(relations_client: TestClient) -> None:
    html = relations_client.get("/relations", params={"lang": "es"}).text
    assert "Relaciones entre Estados Unidos y México, regeneradas desde los datos" in html
    assert "confirmado" in html


def test_highlights_page_and_feed_link(relations_client: TestClient) -> None:
    html = relations_client.get("/highlights").text
    assert "LOS CHAPITOS" in html
    assert "Lucio Rodriguez Serrano" in html
    assert 'type="application/atom+xml"' in html
    assert "ofac-sdn v2" in html


def test_sections_in_the_nav(relations_client: TestClient) -> None:
    html = relations_client.get("/").text
    assert 'href="/relations"' in html
    assert 'href="/highlights"' in html
