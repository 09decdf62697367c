"""The travel and exchanges pages: what a person reads, links, JSON twins, helpful 404s."""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import GEOMETRY_FIXTURE
from tests.travel.helpers import install_fake_trade, travel_app_client


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield from travel_app_client(tmp_path_factory.mktemp("web"))


def test_travel_page(web: TestClient) -> None:
    page = web.get("/travel")
    assert page.status_code == 200
    text = page.text
    table = text.split('id="advisory-table"')[1].split("</table>")[0]
    assert len(re.findall(r"<tr data-state=", table)) == 32
    assert '<a href="/travel/states/nuevo-leon">Nuevo León</a>' in table
    changes = text.split('id="advisory-changes"')[1].split("</ul>")[0]
    assert "Coahuila" in changes
    assert "terrorism" in changes
    assert 'data-freshness="stale"' in text  # the 2025 advisory is older than a year
    assert 'href="/api/travel/advisory?date=2025-08-12"' in text  # the JSON twin
    missing = text.split('id="map-missing"')[1].split("</p>")[0]  # no outlines: said plainly
    assert "puente ingest mexico-states-geometry" in missing


def test_travel_page_older_advisory(web: TestClient) -> None:
    text = web.get("/travel", params={"date": "2024-09"}).text
    row = text.split('data-state="MX-COA"')[1].split("</tr>")[0]
    assert "Level 2" in row
    assert web.get("/travel", params={"date": "1999"}).status_code == 404


def test_state_page(web: TestClient) -> None:
    text = web.get("/travel/states/sonora").text
    assert '<h1 id="state-name">Sonora' in text
    assert "Reconsider Travel" in text
    posts = text.split('id="serving-posts"')[1].split("</ul>")[0]
    assert "U.S. Consulate General Hermosillo" in posts
    assert "U.S. Consulate General Nogales" in posts
    ports = text.split('id="state-ports"')[1].split("</table>")[0]
    assert "Nogales - Deconcini" in ports
    assert 'href="/api/travel/states/sonora"' in text


def test_state_page_by_any_spelling(web: TestClient) -> None:
    for spelling in ("Nuevo%20Le%C3%B3n", "nuevo-leon", "NUEVO%20LEON", "MX-NLE"):
        assert '<h1 id="state-name">Nuevo León' in web.get(f"/travel/states/{spelling}").text


def test_state_page_shows_trade_when_the_trade_part_is_there(
    web: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert 'id="state-trade"' not in web.get("/travel/states/sonora").text
    install_fake_trade(monkeypatch)
    # another URL: the page is kept per URL and data, and the stand-in changes code, not data
    text = web.get("/travel/states/sonora", params={"with": "trade"}).text
    trade = text.split('id="state-trade"')[1].split("</p>")[0]
    assert "$12B" in trade
    assert "rank 6 of 2" in trade


def test_inland_state_says_it_has_no_ports(web: TestClient) -> None:
    text = web.get("/travel/states/yucatan").text
    assert 'id="no-ports"' in text
    assert "U.S. Consulate General Mérida" in text


def test_unknown_state_page_is_a_404_with_suggestion_links(web: TestClient) -> None:
    page = web.get("/travel/states/sonnora")
    assert page.status_code == 404
    assert 'href="/travel/states/Sonora"' in page.text
    follow = web.get("/travel/states/Sonora")
    assert follow.status_code == 200


def test_posts_page_answers_which_post(web: TestClient) -> None:
    text = web.get("/travel/posts", params={"city": "Piedras Negras"}).text
    serving = text.split('id="serving"')[1].split("</section>")[0]
    assert "U.S. Consulate General Nuevo Laredo" in serving
    assert "Monterrey" not in serving
    near = web.get("/travel/posts", params={"near": "Cancún"}).text
    nearest = near.split('id="nearest"')[1].split("</section>")[0]
    assert nearest.index("Cancún") < nearest.index("Mérida")
    body = text.split('id="posts-table"')[1].split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == 19


def test_posts_page_unknown_city(web: TestClient) -> None:
    page = web.get("/travel/posts", params={"city": "Guadalajra"})
    assert page.status_code == 404
    assert "/travel/posts?city=Guadalajara" in page.text


def test_post_page(web: TestClient) -> None:
    text = web.get("/travel/posts/cg-merida").text
    assert "<h1>U.S. Consulate General Mérida</h1>" in text
    assert "city centre (approximate)" in text
    assert "U.S. Consular Agency Cancún" in text
    assert web.get("/travel/posts/cg-atlantis").status_code == 404


def test_entry_page(web: TestClient) -> None:
    text = web.get("/travel/entry").text
    assert "Tourist visa" in text
    assert "Hepatitis A" in text
    assert 'data-freshness="undated"' in text


def test_exchanges_page_filters(web: TestClient) -> None:
    text = web.get("/exchanges", params={"audience": "students"}).text
    slugs = re.findall(r'<tr data-slug="([^"]+)"', text)
    assert "susi" in slugs
    assert "afcp" not in slugs
    assert '<option value="students" selected>' in text
    aged = web.get("/exchanges", params={"age": "14"}).text
    assert re.findall(r'<tr data-slug="([^"]+)"', aged) == ["english-access"]
    assert 'id="not-stated"' in aged
    assert web.get("/exchanges", params={"age": "old"}).status_code == 400


def test_program_page(web: TestClient) -> None:
    text = web.get("/exchanges/jovenes-en-accion").text
    assert '<h1 id="program-name">Jóvenes en Acción (Youth in Action)</h1>' in text
    assert "sophomore or junior year" in text
    assert web.get("/exchanges/nope").status_code == 404


def test_sections_in_the_menu(web: TestClient) -> None:
    text = web.get("/").text
    assert 'href="/travel"' in text
    assert 'href="/exchanges"' in text


@pytest.mark.integration
def test_map_spec_links_each_state(tmp_path: Path, shared_data: Path) -> None:
    for client in travel_app_client(tmp_path, geometry=shared_data / "geo/mexican_states.geojson"):
        text = client.get("/travel").text
        raw = re.findall(r'data-vl-spec="([^"]+)"', text)
        assert len(raw) == 1
        spec = json.loads(htmllib.unescape(raw[0]))
        rows = spec["transform"][0]["from"]["data"]["values"]
        assert len(rows) == 32
        assert spec["encoding"]["href"] == {"field": "properties.url"}
        assert spec["data"]["url"].startswith("/api/trade/states/geometry?v=")
        outlines = client.get(spec["data"]["url"]).json()["features"]
        assert {f["properties"]["iso"] for f in outlines} == {r["code"] for r in rows}
        urls = {r["url"] for r in rows}
        assert "/travel/states/ciudad-de-mexico" in urls


def test_map_shows_whenever_the_outlines_are_loaded(tmp_path: Path) -> None:
    for client in travel_app_client(tmp_path, geometry=GEOMETRY_FIXTURE):
        text = client.get("/travel", params={"date": "2024-09"}).text
        assert 'id="map-missing"' not in text
        raw = re.findall(r'data-vl-spec="([^"]+)"', text)
        spec = json.loads(htmllib.unescape(raw[0]))
        props = {r["code"]: r for r in spec["transform"][0]["from"]["data"]["values"]}
        assert set(props) == {"MX-CHH", "MX-NLE", "MX-CMX", "MX-MIC"}
        assert props["MX-CMX"]["url"] == "/travel/states/ciudad-de-mexico"
        assert props["MX-MIC"]["level"] == 4  # Do Not Travel, coloured as such
        assert props["MX-MIC"]["color"] != props["MX-NLE"]["color"]


def test_travel_page_says_freshness_and_missing_indicators_once(web: TestClient) -> None:
    """One stale note with its date and meaning, not a "Stale" badge per state; unknown risk
    indicators said once as "no data", not "not confirmed" in every cell."""
    text = web.get("/travel").text
    table = text.split('id="advisory-table"')[1].split("</table>")[0]
    assert text.count('data-freshness="stale"') == 1
    note = text.split('id="freshness-note"')[1].split("</span>")[0]
    assert "2025-08-12" in note
    assert "check travel.state.gov" in note
    assert "Stale" not in table
    assert "not confirmed" not in table
    assert text.count("not confirmed") <= 2  # the notes above the table, not each row
    assert "recommended_for" not in text


def test_travel_page_in_spanish_has_no_english_notices(web: TestClient) -> None:
    text = web.get("/travel", params={"lang": "es"}).text
    notes = text.split('id="table-notes"')[1].split("</p>")[0]
    assert "sin datos" in notes
    assert "no data" not in notes
    assert "El nivel de cada estado" in notes


def test_consular_district_in_spanish(web: TestClient) -> None:
    text = web.get("/travel/posts", params={"state": "sinaloa", "lang": "es"}).text
    assert "todo Sinaloa" in text
    assert "all of Sinaloa" not in text


def test_state_pages_link_only_ports_that_have_a_page(web: TestClient) -> None:
    """A state's crossing links to its port's page only when that page exists (the port is in
    the crossings data): no link from a state page leads to a 404."""
    linked: set[str] = set()
    unlinked = 0
    for slug in ("sonora", "baja-california", "chihuahua", "coahuila", "tamaulipas"):
        table = web.get(f"/travel/states/{slug}").text.split('id="state-ports"')[1]
        table = table.split("</table>")[0]
        linked |= set(re.findall(r'href="(/border/ports/\d+)"', table))
        unlinked += len(re.findall(r"<tr><td>[^<]", table))  # a crossing named, not linked
    assert linked  # the fixture's ports are linked...
    assert unlinked  # ...and the crossings of ports it lacks are named without a link
    assert {url: web.get(url).status_code for url in linked} == dict.fromkeys(linked, 200)
