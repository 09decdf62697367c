"""The wait-time pages: the best time to cross, heatmaps, observed table, sources."""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.store import Store
from tests.border.waits_support import load_waits_fixture
from tests.conftest import load_border_fixture


@pytest.fixture
def waits_client(store: Store, settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    load_border_fixture(store)
    load_waits_fixture(store, tmp_path / "mirror")
    with TestClient(create_app(settings, store=store)) as client:
        yield client


def specs(page: str) -> list[dict]:
    return [json.loads(htmllib.unescape(s)) for s in re.findall(r'data-vl-spec="([^"]+)"', page)]


def test_index_links_each_port_and_names_the_sources(waits_client: TestClient) -> None:
    page = waits_client.get("/border/waits").text
    assert re.findall(r'href="/border/waits/(\d{4})"', page)[:3] == ["2401", "2402", "2503"]
    assert "third-party site that republishes CBP Border Wait Times" in page
    assert 'href="/api/border/waits"' in page


def test_port_page_best_time_box_matches_the_api(waits_client: TestClient) -> None:
    api = waits_client.get("/api/border/waits/2504", params={"day": "sunday"}).json()
    page = waits_client.get("/border/waits/2504", params={"day": "sunday"}).text
    box = page.split('id="best-time"')[1].split("</section>")[0]
    assert "Best time to cross" in box
    assert "Sunday" in box
    first = api["best_time"][0]["best"][0]
    assert f"{first['label']} (63 min)" in box
    assert "observed median, third-party data" in box
    assert 'href="/api/border/waits/2504?day=sunday"' in page


def test_port_page_heatmaps_cover_the_week(waits_client: TestClient) -> None:
    page = waits_client.get("/border/waits/2504").text
    charts = specs(page)
    # Passenger lanes: CBP averages and observed medians, both at the San Ysidro crossing
    # (PedWest is pedestrian only).
    assert len(charts) == 2
    averages = charts[0]["data"]["values"]
    assert len(averages) == 168
    assert {"day": "Sunday", "hour": 17, "minutes": 115.0} in averages
    assert charts[0]["encoding"]["y"]["sort"][0] == "Monday"
    table = page.split('class="observed-hours"')[1].split("</table>")[0]
    assert "<td>05:00</td>" in table
    assert "<td>17:00</td>" in table
    assert "Bordify, a third-party site republishing CBP Border Wait Times" in page


def test_closed_lane_hours_are_blank_not_zero(waits_client: TestClient) -> None:
    page = waits_client.get("/border/waits/2402", params={"lane": "commercial"}).text
    values = specs(page)[0]["data"]["values"]
    assert len(values) == 5 * 8  # open Monday to Friday, 6:00 to 13:59 only
    assert "blank cells are hours when the lane is closed" in page


def test_lane_without_data_says_so(waits_client: TestClient) -> None:
    page = waits_client.get("/border/waits/2504", params={"lane": "commercial"}).text
    assert "No wait times for this lane at this port" in page


def test_unknown_port_is_a_404_page(waits_client: TestClient) -> None:
    response = waits_client.get("/border/waits/9999")
    assert response.status_code == 404
    assert "no wait times for port 9999" in response.text


def test_border_pages_link_to_wait_times(waits_client: TestClient) -> None:
    assert 'href="/border/waits"' in waits_client.get("/border/ports/2504").text
    assert 'href="/border/waits"' in waits_client.get("/border", params={"year": 2024}).text


def test_spanish_page(waits_client: TestClient) -> None:
    page = waits_client.get("/border/waits/2504", params={"lang": "es"}).text
    assert '<html lang="es">' in page
    assert "enero" in page  # month names through Babel


def test_form_with_every_field_empty_shows_the_year(waits_client: TestClient) -> None:
    response = waits_client.get("/border/waits/2504?lane=passenger&type=general&day=&month=")
    assert response.status_code == 200
    assert "Best time to cross</h2>" in response.text  # any day
    assert waits_client.get("/border/waits/2504?month=x").status_code == 400
