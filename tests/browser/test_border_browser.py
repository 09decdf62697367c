"""What a person sees on /border and a port page, in a real Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from puente.store import Store
from tests.browser.conftest import LiveServer, assert_clean, serving
from tests.conftest import load_border_fixture, load_geometry

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    def load(store: Store) -> None:
        load_border_fixture(store)
        load_geometry(store)  # the Mexican state outlines under the ports

    with serving(tmp_path_factory.mktemp("live"), load) as server:
        yield server


def test_border_page_renders_charts_and_table(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/border?year=2024")
    page.wait_for_selector(".chart[data-rendered]", timeout=20000)
    page.wait_for_function(
        "document.querySelectorAll('.chart[data-rendered=\"true\"]').length === 3", timeout=20000
    )
    charts = page.locator(".chart svg")
    assert charts.count() == 3
    # the trend line and the map draw real marks, not an empty frame
    assert (
        page.locator(".chart").nth(0).locator("path.mark-line path, g.mark-line path").count() >= 1
    )
    assert page.locator(".chart").nth(1).locator("g.mark-symbol.role-mark path").count() == 3
    # the state outlines of the fixture (four states) drawn underneath the ports
    assert page.locator(".chart").nth(1).locator("g.mark-shape.role-mark path").count() == 4
    rows = page.locator("#top-ports tbody tr")
    assert rows.count() == 3
    assert "Nogales" in rows.nth(0).inner_text()  # the busiest port of the fixture
    assert_clean(watch)


def test_port_page_and_navigation(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/border?year=2024")
    page.click("#top-ports a[href='/border/ports/2504']")
    page.wait_for_url("**/border/ports/2504")
    page.wait_for_function(
        "document.querySelectorAll('.chart[data-rendered=\"true\"]').length === 2", timeout=20000
    )
    assert "San Ysidro" in page.locator("h1").inner_text()
    measures = page.locator("#port-measures tbody tr")
    assert measures.count() >= 3
    assert page.locator(".chart").nth(0).locator("svg").count() == 1
    assert_clean(watch)


def test_missing_port_shows_error_page(live: LiveServer, page_and_watch) -> None:
    page, _watch = page_and_watch
    response = page.goto(f"{live.url}/border/ports/9999")
    assert response is not None
    assert response.status == 404
    assert "no U.S.–Mexico port with code 9999" in page.inner_text("main")


def test_api_docs_render_offline(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    assert page.locator(".opblock-summary-path", has_text="/api/border/summary").count() >= 1
    assert_clean(watch)
