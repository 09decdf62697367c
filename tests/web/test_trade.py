"""/trade pages over the trade fixtures: what a reader sees, and the JSON twin agrees."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from tests.trade.support import FIXTURES, census_rows, load_trade_fixtures, write_country_xlsx


@pytest.fixture
def trade_client(store: Store, tmp_path) -> Iterator[TestClient]:
    load_trade_fixtures(store, write_country_xlsx(tmp_path / "country.xlsx", census_rows()))
    app = create_app(Settings(db=tmp_path / "unused.duckdb", mirror=None), store=store)
    with TestClient(app) as client:
        yield client


def _specs(html: str) -> list[dict]:
    import html as htmllib

    return [json.loads(htmllib.unescape(m)) for m in re.findall(r'data-vl-spec="([^"]*)"', html)]


def test_overview_shows_headline_figures_and_ranks(trade_client: TestClient) -> None:
    html = trade_client.get("/trade").text
    twin = trade_client.get("/api/trade/summary").json()
    assert "U.S. trade in goods with Mexico, 2018" in html
    assert "$265.2M" in html  # exports, from the same call as the JSON twin
    assert twin["exports_usd"] == 265_200_000
    assert re.search(r'data-figure="two-way-rank"><div class="value">#3<', html)
    assert "census-country-trade, version 1" in html
    assert 'href="/api/trade/summary?year=2018&amp;partner=2010"' in html
    assert len(_specs(html)) == 2


def test_any_partner(trade_client: TestClient) -> None:
    html = trade_client.get("/trade", params={"year": 2018, "partner": "Canada"}).text
    assert "U.S. trade in goods with Canada, 2018" in html
    assert re.search(r'data-figure="exports-rank"><div class="value">#1<', html)
    assert '<option value="1220" selected>Canada</option>' in html
    eu = trade_client.get("/trade", params={"year": 2018, "partner": "0003"}).text
    assert "U.S. trade in goods with European Union, 2018" in eu
    assert 'data-figure="exports-rank"' not in eu  # a group has figures but no rank


def test_partial_year_is_flagged(trade_client: TestClient) -> None:
    html = trade_client.get("/trade", params={"year": 2019}).text
    assert "This year is partial: 1 months" in html


def test_ranks_page(trade_client: TestClient) -> None:
    html = trade_client.get("/trade/ranks").text
    rank_spec = _specs(html)[0]
    assert rank_spec["encoding"]["y"]["scale"]["reverse"] is True
    assert {r["rank"] for r in rank_spec["data"]["values"]} == {2, 3}
    assert "<td>2019 (1 months)</td>" in html


def test_states_page_draws_a_choropleth(trade_client: TestClient) -> None:
    html = trade_client.get("/trade/states", params={"year": 2018}).text
    spec = _specs(html)[0]
    assert spec["mark"]["type"] == "geoshape"
    # the outlines come by URL, once, not inline in the page
    assert "values" not in spec["data"]
    outlines = trade_client.get(spec["data"]["url"])
    assert outlines.status_code == 200
    assert len(outlines.json()["features"]) == 4  # the fixture's four outlines
    joined = {r["inegi"]: r["exports_usd"] for r in spec["transform"][0]["from"]["data"]["values"]}
    assert joined["09"] == 9e9  # Distrito Federal in BTS = Ciudad de México
    assert "Ciudad de México" in html


def test_states_page_without_outlines(store: Store, tmp_path) -> None:
    ingest_source(store, get_source("transborder-freight"), str(FIXTURES / "transborder-freight"))
    app = create_app(Settings(db=tmp_path / "unused.duckdb", mirror=None), store=store)
    with TestClient(app) as client:
        html = client.get("/trade/states").text
    assert "puente ingest mexico-states-geometry" in html
    assert "Chihuahua" in html


def test_freight_and_energy_pages(trade_client: TestClient) -> None:
    freight = trade_client.get("/trade/freight", params={"year": 2018, "state": "19"}).text
    assert "How U.S.–Mexico trade moves, 2018" in freight
    assert "U.S. exports by commodity group — Nuevo León" in freight
    assert len(_specs(freight)) == 3
    # Import weight in metric tonnes: fixture Weight 52,000,000 short tons = 47,173,620 t.
    truck = re.search(r"<tr><td>Truck</td>.*?</tr>", freight)
    assert truck is not None
    assert '<td class="num" data-import-tonnes>47,173,620</td>' in truck.group(0)
    assert "metric tonnes" in freight
    assert "short tons" in freight
    energy = trade_client.get("/trade/energy", params={"year": 2017}).text
    assert "#1 of 3 destinations" in energy  # natural gas: Mexico ahead of Japan, Canada
    # (?lang=es sets the language cookie: last.)
    spanish = trade_client.get("/trade/freight", params={"year": 2018, "lang": "es"}).text
    assert "toneladas métricas" in spanish
    assert "47,173,620" in spanish


def test_unknown_year_is_a_404_page(trade_client: TestClient) -> None:
    response = trade_client.get("/trade", params={"year": 1970})
    assert response.status_code == 404
    assert "no Census trade data" in response.text


def test_every_state_row_links_to_a_page_that_answers(trade_client: TestClient) -> None:
    html = trade_client.get("/trade/states", params={"year": 2018}).text
    links = re.findall(r'href="(/trade/freight\?[^"]+)"', html)
    assert len(links) == 32
    for link in links:
        assert trade_client.get(link.replace("&amp;", "&")).status_code == 200, link
    nayarit = trade_client.get("/trade/freight", params={"year": 2018, "state": "18"}).text
    assert "TransBorder has no commodity figures for Nayarit in 2018" in nayarit
    assert trade_client.get("/trade/freight", params={"state": "Atlantis"}).status_code == 404


def test_published_figures_are_dollars_in_the_readers_words(trade_client: TestClient) -> None:
    english = trade_client.get("/trade", params={"lang": "en"}).text
    table = english[
        english.index('id="facts"') : english.index("</table>", english.index('id="facts"'))
    ]
    assert "$678B" in table  # 678 (USD billion) for 2018
    spanish = trade_client.get("/trade", params={"lang": "es"}).text
    table = spanish[
        spanish.index('id="facts"') : spanish.index("</table>", spanish.index('id="facts"'))
    ]
    assert "678,000 millones de dólares" in table
    assert not re.search(r'<td class="num">\$\d[\d.,]*B', table)
