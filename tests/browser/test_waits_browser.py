"""What a person sees on /border/waits/{port} in a real Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from puente.store import Store
from tests.border.test_forecast import _series
from tests.border.waits_support import ending_now, load_waits_fixture, record_live_series
from tests.browser.conftest import LiveServer, serving
from tests.conftest import load_border_fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("live-waits")

    def loader(store: Store) -> None:
        load_border_fixture(store)
        load_waits_fixture(store, folder / "mirror")

    with serving(folder, loader) as server:
        yield server


def test_port_wait_page_renders_heatmaps_and_best_time(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/border/waits")
    page.click("#wait-ports a[href='/border/waits/2504']")
    page.wait_for_url("**/border/waits/2504")
    page.wait_for_function(
        "document.querySelectorAll('.chart[data-rendered=\"true\"]').length === 2", timeout=20000
    )
    # The averages heatmap draws one cell per weekday and hour.
    cells = page.locator(".chart").nth(0).locator("g.mark-rect.role-mark path")
    assert cells.count() == 168
    page.select_option("select[name=day]", "sunday")
    page.click("form.inline button[type=submit]")
    page.wait_for_url("**/border/waits/2504?*day=sunday*")
    box = page.locator("#best-time").inner_text()
    assert "Best time to cross: Sunday" in box
    assert "05:00–06:00 (63 min)" in box
    assert watch.console_errors == []
    assert watch.page_errors == []
    assert watch.outside_requests == []


NOW_LANES = {  # lane, lane type -> the series polled up to the current hour
    ("passenger", "general"): 1,
    ("passenger", "ready"): 2,
    ("pedestrian", "general"): 3,
}


@pytest.fixture(scope="module")
def polled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, dict]]:
    """A port whose lanes were polled up to the current hour: the now box and the forecast."""
    folder = tmp_path_factory.mktemp("polled-waits")
    latest: dict[tuple[str, str], int] = {}

    def loader(store: Store) -> None:
        load_border_fixture(store)
        load_waits_fixture(store, folder / "mirror")
        for (lane, lane_type), seed in NOW_LANES.items():
            values = _series(seed=seed).values
            values[-1] = 20 + 7 * seed  # the figure now, as the now box must show it
            record_live_series(store, ending_now(values), ("2504", "San Ysidro", lane, lane_type))
            latest[(lane, lane_type)] = round(values[-1])

    with serving(folder, loader) as server:
        yield server, latest


@pytest.mark.parametrize(
    ("lang", "ago", "heading"), [("en", "min ago", "Forecast"), ("es", "hace ", "Pronóstico")]
)
def test_port_page_shows_the_wait_now_and_the_forecast_chart(
    polled: tuple[LiveServer, dict], page_and_watch, lang: str, ago: str, heading: str
) -> None:
    server, latest = polled
    page, watch = page_and_watch
    page.goto(f"{server.url}/border/waits/2504?lang={lang}")
    page.wait_for_function(
        "document.querySelector('#forecast .chart[data-rendered=\"true\"]') !== null",
        timeout=20000,
    )
    # The forecast chart draws one point per coming hour.
    points = page.locator("#forecast .chart g.mark-symbol.role-mark path")
    assert points.count() == 6
    assert page.locator("#forecast h2").inner_text() == heading
    assert page.locator("#forecast table.forecast tbody tr").count() == 6
    # The now box: each polled lane's figure, and how old it is (under an hour).
    for (lane, lane_type), minutes in latest.items():
        row = page.locator(f"#wait-now tr[data-lane='{lane}'][data-type='{lane_type}']")
        assert row.count() == 1
        cells = row.locator("td")
        assert cells.nth(3).inner_text() == f"{minutes} min"
        age = cells.nth(5).inner_text()
        assert ago in age
        assert 0 <= int("".join(c for c in age if c.isdigit())) < 60
    assert watch.console_errors == []
    assert watch.page_errors == []
    assert watch.outside_requests == []
