"""The HTML pages: figures a person reads, links, the JSON twin, offline assets."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from puente.store import Store
from tests.conftest import load_geometry


def test_home_links_every_section(client: TestClient) -> None:
    html = client.get("/").text
    from puente.web.nav import SECTIONS

    for section in SECTIONS:
        assert f'href="{section.path}"' in html


def test_border_page_shows_figures_and_top_ports(client: TestClient) -> None:
    api = client.get("/api/border/summary", params={"year": 2024}).json()
    html = client.get("/border", params={"year": 2024}).text
    assert f"{api['people_per_day']:,}" in html
    table = html.split('id="top-ports"')[1].split("</table>")[0]
    names = re.findall(r'<a href="/border/ports/(\d{4})">', table)
    assert names == [p["port_code"] for p in api["top_ports"]]
    assert 'href="/api/border/summary?year=2024"' in html  # the JSON twin
    specs = re.findall(r'data-vl-spec="([^"]+)"', html)
    assert len(specs) == 3
    spec = json.loads(specs[0].replace("&#34;", '"').replace("&quot;", '"').replace("&amp;", "&"))
    assert spec["data"]["values"][0]["year"] == "2023"


def test_port_page_lists_measures_and_twin_city(client: TestClient) -> None:
    html = client.get("/border/ports/2504").text
    assert "San Ysidro" in html
    assert "Tijuana" in html
    assert "Pedestrians" in html
    assert 'href="/api/border/ports/2504"' in html


def test_unknown_port_page_is_a_404_page(client: TestClient) -> None:
    response = client.get("/border/ports/9999")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "no U.S.–Mexico port with code 9999" in response.text


def test_spanish_locale_formats_dates_and_numbers(client: TestClient) -> None:
    english = client.get("/border/ports/2504", params={"lang": "en"}).text
    spanish = client.get("/border/ports/2504", params={"lang": "es"}).text
    assert '<html lang="es">' in spanish
    assert "Jan 2023" in english
    assert "ene 2023" in spanish  # Babel's Mexican Spanish month names
    api = client.get("/api/border/ports/2504").json()
    pedestrians = next(m for m in api["measures"] if m["measure"] == "Pedestrians")
    assert f"{pedestrians['value']:,}" in spanish  # Mexico groups thousands with a comma


def test_pages_load_nothing_from_outside(client: TestClient) -> None:
    for url in ("/", "/border", "/border/ports/2504", "/datasets"):
        html = client.get(url).text
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not ref.startswith(("http://", "https://", "//")), f"{url} loads {ref}"


def test_vega_bundle_served_locally(client: TestClient) -> None:
    response = client.get("/static/vendor/vega.js")
    assert response.status_code == 200
    assert "window.vegaEmbed" in response.text


def _map_spec(html: str) -> dict:
    specs = re.findall(r'data-vl-spec="([^"]+)"', html)
    return json.loads(specs[1].replace("&#34;", '"').replace("&quot;", '"').replace("&amp;", "&"))


def test_border_map_draws_state_outlines_when_loaded(
    client: TestClient, border_store: Store
) -> None:
    bare = _map_spec(client.get("/border", params={"year": 2024}).text)
    assert [layer["mark"]["type"] for layer in bare["layer"]] == ["circle"]
    load_geometry(border_store)
    spec = _map_spec(client.get("/border", params={"year": 2024}).text)
    background, points = spec["layer"]
    assert background["mark"]["type"] == "geoshape"
    # the outlines come once by URL (cacheable JSON), not inline in every page
    outlines = client.get(background["data"]["url"]).json()
    names = {f["properties"]["name"] for f in outlines["features"]}
    assert names == {"Chihuahua", "Nuevo León", "Ciudad de México", "Michoacán"}
    assert points["mark"]["type"] == "circle"
