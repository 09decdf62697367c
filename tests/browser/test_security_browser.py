"""What a person sees on /security and the drug seizures page, in a real Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import LiveServer, assert_clean, serving
from tests.security.support import load_security_fixtures

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serving(tmp_path_factory.mktemp("live"), load_security_fixtures) as server:
        yield server


def test_security_overview_renders_goals_and_charts(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/security")
    page.wait_for_function(
        "document.querySelectorAll('.chart[data-rendered=\"true\"]').length === 3", timeout=20000
    )
    assert page.locator(".chart svg").count() == 3
    # the fentanyl and methamphetamine lines draw marks, the encounter bars too
    assert page.locator(".chart").nth(0).locator("g.mark-line path").count() >= 1
    assert page.locator(".chart").nth(1).locator("g.mark-line path").count() >= 1
    assert page.locator(".chart").nth(2).locator("g.mark-rect path").count() == 2
    assert "Not available" in page.locator("#goal-arms").inner_text()
    assert "sample" in page.locator("#goal-money").inner_text()
    page.click("#goal-drugs")
    page.wait_for_url("**/security/drugs")
    page.wait_for_function(
        "document.querySelectorAll('.chart[data-rendered=\"true\"]').length === 2", timeout=20000
    )
    assert page.locator("#by-drug tbody tr").count() == 2
    assert_clean(watch)
