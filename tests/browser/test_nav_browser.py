"""The section bar, now with the lists and monitoring, fits the header on a laptop in both
languages (no sideways scroll), and narrower screens get the menu instead."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import LiveServer, serving


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serving(tmp_path_factory.mktemp("nav"), lambda store: None) as server:
        yield server


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("width", [1024, 1201, 1366])
def test_nav_fits_and_reaches_lists_and_monitoring(
    live: LiveServer, browser, lang: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.add_cookies([{"name": "lang", "value": lang, "url": live.url}])
    page = context.new_page()
    page.goto(live.url + "/")
    assert page.evaluate("document.documentElement.scrollWidth") == width
    bar = page.locator("header.site nav.sections-nav")
    if bar.is_visible():
        overflow = page.evaluate(
            "(() => { const h = document.querySelector('header.site .inner');"
            " return h.scrollWidth - h.clientWidth; })()"
        )
        assert overflow <= 0
        links = bar
    else:
        page.locator("header.site details.menu summary").click()
        links = page.locator("header.site details.menu nav")
    for path in ("/lists", "/watch"):
        assert links.locator(f'a[href="{path}"]').is_visible()
    links.locator('a[href="/lists"]').click()
    page.wait_for_url(live.url + "/lists")
    assert page.locator('header.site a[href="/lists"][aria-current="page"]').count() >= 1
    context.close()
