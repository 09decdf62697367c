"""Pages /relations and /highlights: what a reader sees, and the nav."""

from __future__ import annotations

import re
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
    assert 'href="/datasets#census-country-trade"' in html
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


def _claim_row(html: str, key: str) -> str:
    start = html.index(f'data-claim="{key}"')
    return html[start : html.index("</tr>", start)]


def test_claims_table_reads_like_the_claims(relations_client: TestClient) -> None:
    html = relations_client.get("/relations").text
    row = _claim_row(html, "trade_per_day")
    # The figure is written like the claim ($1.7 billion), not as 1,670,270,020.
    assert re.search(r"\$\d+(\.\d)?[BM]", row), row
    assert not re.search(r"\d{1,3}(,\d{3}){2,}", row)
    # The verdict is a badge; the source is a dataset title and the publisher, never code.
    assert 'class="badge verdict verdict-' in row
    assert "<code>" not in row
    assert "puente.trade" not in row
    assert "U.S. Census Bureau" in row


def test_claims_sentence_says_what_bts_counts(relations_client: TestClient) -> None:
    html = relations_client.get("/relations").text
    regenerated = html[html.index('id="regenerated"') : html.index("</section>")]
    assert "active ports of entry" not in regenerated  # State's phrase, not BTS's count
    assert "BTS port codes reported northbound crossings" in regenerated


def test_relations_in_spanish_writes_dollars_in_spanish(relations_client: TestClient) -> None:
    html = relations_client.get("/relations", params={"lang": "es"}).text
    regenerated = html[html.index('id="regenerated"') : html.index("</section>")]
    assert "de dólares" in regenerated
    assert not re.search(r"\$\d+(\.\d)? ?[BM]\b", regenerated)
    assert "códigos de puerto del BTS" in regenerated
    row = _claim_row(html, "trade_per_day")
    assert "millones de dólares" in row
