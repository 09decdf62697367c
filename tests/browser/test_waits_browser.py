"""What a person sees on /border/waits/{port} in a real Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from puente.store import Store
from tests.border.waits_support import load_waits_fixture
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
