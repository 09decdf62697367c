"""What a person sees on the organisations pages, in English and Spanish, in a real Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import LiveServer, PageWatch, start_live_server
from tests.security.support import load_org_fixtures

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server, store = start_live_server(tmp_path_factory.mktemp("orgs"), load_org_fixtures)
    with server:
        yield server
    store.close()


def assert_clean(watch: PageWatch) -> None:
    assert watch.console_errors == []
    assert watch.page_errors == []
    assert watch.outside_requests == []


@pytest.mark.parametrize(
    ("lang", "heading", "network"),
    [
        ("en", "Designated criminal organisations tied to Mexico", "Network"),
        ("es", "Organizaciones criminales designadas vinculadas a México", "Red"),
    ],
)
def test_organisations_list_network_and_member_link(
    live: LiveServer, page_and_watch, lang: str, heading: str, network: str
) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/security/organizations?lang={lang}")
    assert page.locator("h1").inner_text() == heading
    rows = page.locator("#organizations tbody tr")
    assert rows.count() == 3
    page.click("#organizations a:text('LOS HALCONES')")
    page.wait_for_url("**/security/organizations/100*")
    assert page.locator("h2").first.inner_text() == network
    svg = page.locator("#org-network")
    # The organisation, three members, a company, and two entries associated through a
    # shared address or document: seven circles, all inside the drawing.
    assert svg.locator("circle").count() == 7
    box = svg.bounding_box()
    for i in range(7):
        circle = svg.locator("circle").nth(i).bounding_box()
        assert box["x"] <= circle["x"]
        assert circle["x"] + circle["width"] <= box["x"] + box["width"]
    assert svg.locator("line[stroke-dasharray]").count() == 2  # address and document
    svg.locator("a[href='/sanctions/entities/102'] circle").click()
    page.wait_for_url("**/sanctions/entities/102")
    assert "SERVICIOS HALCON" in page.locator("h1").inner_text()
    assert_clean(watch)
