"""/relations in a real Chromium: the regenerated text and the claim table, no console errors,
no request leaving 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import LiveServer, serving
from tests.relations.support import load_relations_fixtures

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("live")
    with serving(folder, lambda s: load_relations_fixtures(s, folder)) as server:
        yield server


def test_relations_page_renders(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/relations")
    assert page.locator("h1").inner_text() == "U.S.–Mexico relations, regenerated from the data"
    regenerated = page.locator("#regenerated").inner_text()
    assert "3 BTS port codes reported northbound crossings" in regenerated
    row = page.locator('#claims-table tr[data-claim="export_rank"]')
    assert row.locator("td").nth(4).inner_text() == "confirmed"
    assert page.locator("#claims-table tbody tr").count() == 11
    assert page.locator('[data-figure="confirmed"] .value').inner_text() == "4"
    page.locator('nav a[href="/highlights"], a[href="/highlights"]').first.click()
    page.wait_for_url(f"{live.url}/highlights")
    assert page.locator("#highlights li").count() >= 2
    assert watch.console_errors == []
    assert watch.page_errors == []
    assert watch.outside_requests == []
