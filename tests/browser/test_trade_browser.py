"""What a person sees under /trade, in a real Chromium: charts drawn, the map shaded, no
console errors and no request leaving 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import LiveServer, assert_clean, serving
from tests.trade.support import census_rows, load_trade_fixtures, write_country_xlsx

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("live")
    workbook = write_country_xlsx(folder / "country.xlsx", census_rows())
    with serving(folder, lambda s: load_trade_fixtures(s, workbook)) as server:
        yield server


def _wait_for_charts(page, count: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('.chart[data-rendered=\"true\"]').length === {count}",
        timeout=20000,
    )


def test_overview_renders(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/trade")
    _wait_for_charts(page, 2)
    assert page.locator("h1").inner_text() == "U.S. trade in goods with Mexico, 2018"
    assert page.locator('[data-figure="exports-rank"] .value').inner_text() == "#2"
    assert page.locator(".chart").nth(0).locator("g.mark-line path").count() == 3
    assert page.locator(".chart").nth(1).locator("g.mark-rect path").count() == 4
    assert_clean(watch)


def test_state_map_is_shaded(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/trade/states?year=2018")
    _wait_for_charts(page, 1)
    shapes = page.locator(".chart g.mark-shape path")
    assert shapes.count() == 4
    fills = {shapes.nth(i).get_attribute("fill") for i in range(4)}
    assert len(fills) > 1  # states with different exports get different shades
    assert_clean(watch)


@pytest.mark.parametrize(
    ("path", "charts"),
    [("/trade/ranks", 2), ("/trade/freight?year=2018", 3), ("/trade/energy?year=2017", 2)],
)
def test_other_pages_render(live: LiveServer, page_and_watch, path: str, charts: int) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}{path}")
    _wait_for_charts(page, charts)
    assert page.locator(".chart svg").count() == charts
    assert_clean(watch)


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize(
    ("path", "charts"),
    [("/trade", 2), ("/trade/energy?year=2017", 2), ("/trade/states?year=2018", 1)],
)
def test_charts_fit_their_cards(
    live: LiveServer, page_and_watch, path: str, charts: int, width: int
) -> None:
    """No chart is wider than the box it sits in (its card or the content column), at a
    laptop's width or a phone's; legends are drawn inside it, not cut off at its edge."""
    page, watch = page_and_watch
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live.url}{path}")
    _wait_for_charts(page, charts)
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('.chart[data-rendered="true"]')].map(el => {
            const box = el.parentElement.getBoundingClientRect();
            const svg = el.querySelector('svg').getBoundingClientRect();
            return {left: svg.left - box.left, right: box.right - svg.right};
        })"""
    )
    assert len(overflow) == charts
    for chart in overflow:
        assert chart["left"] >= -0.5, chart
        assert chart["right"] >= -0.5, chart
    assert_clean(watch)
