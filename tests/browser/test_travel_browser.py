"""What a person sees on /travel (the map of Mexico by advisory level; clicking a state opens
its page) and /exchanges, in a real Chromium, with nothing loaded from outside 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from puente.config import Settings
from puente.store import open_store
from tests.browser.conftest import LiveServer, assert_clean
from tests.conftest import load_border_fixture, load_geometry, shared_data_dir
from tests.travel.helpers import load_travel

pytestmark = pytest.mark.browser


def _outlines() -> Path | None:
    path = shared_data_dir() / "geo" / "mexican_states.geojson"
    return path if path.is_file() else None


needs_map = pytest.mark.skipif(
    _outlines() is None, reason=f"the states map is not in the data mirror at {shared_data_dir()}"
)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    outlines = _outlines()
    folder: Path = tmp_path_factory.mktemp("live-travel")
    store = open_store(folder / "live.duckdb")
    load_border_fixture(store)
    load_travel(store)
    if outlines is not None:
        load_geometry(store, outlines)  # the real 32 outlines, loaded as any dataset
    with LiveServer(store, Settings(db=folder / "live.duckdb")) as server:
        yield server
    store.close()


MAP_PATHS = "#advisory-map g.mark-shape.role-mark path"


@needs_map
def test_travel_map_renders_32_states(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/travel")
    page.wait_for_selector("#advisory-map .chart[data-rendered='true']", timeout=20000)
    shapes = page.locator(MAP_PATHS)
    assert shapes.count() == 32
    fills = {shapes.nth(i).get_attribute("fill") for i in range(shapes.count())}
    assert fills == {"#1c5d99", "#f2c12e", "#e8590c", "#c92a2a"}  # all four levels drawn
    assert page.locator("#advisory-table tbody tr").count() == 32
    assert "Coahuila" in page.inner_text("#advisory-changes")
    assert_clean(watch)


@needs_map
def test_clicking_a_state_opens_its_page(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/travel")
    page.wait_for_selector("#advisory-map .chart[data-rendered='true']", timeout=20000)
    # Find the shape of Yucatán (its tooltip datum) and click its centre.
    index = page.evaluate(
        """(selector) => {
          const paths = [...document.querySelectorAll(selector)];
          return paths.findIndex(p => (p.__data__ && p.__data__.datum &&
              p.__data__.datum.properties.slug === 'yucatan'));
        }""",
        MAP_PATHS,
    )
    assert index >= 0
    # The map sits below the fold (the legend and the post finder come first): scroll to the
    # state as a person would; a click at coordinates outside the viewport lands nowhere.
    shape = page.locator(MAP_PATHS).nth(index)
    shape.scroll_into_view_if_needed()
    box = shape.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/travel/states/yucatan", timeout=10000)
    assert page.inner_text("#state-name").startswith("Yucatán")
    assert "U.S. Consulate General Mérida" in page.inner_text("#serving-posts")
    assert_clean(watch)


def test_state_link_and_unknown_state(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/travel")
    page.click("#advisory-table a[href='/travel/states/sonora']")
    page.wait_for_url("**/travel/states/sonora")
    assert "Nogales - Deconcini" in page.inner_text("#state-ports")
    assert_clean(watch)
    response = page.goto(f"{live.url}/travel/states/sonorra")
    assert response is not None
    assert response.status == 404
    # The browser logs the 404 itself; nothing else may go wrong.
    assert all("404" in message for message in watch.console_errors)
    page.click("#suggestions a")
    page.wait_for_url("**/travel/states/Sonora")
    assert page.inner_text("#state-name").startswith("Sonora")
    assert watch.page_errors == []
    assert watch.outside_requests == []


def test_which_post_form(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/travel/posts")
    page.fill("#serving-form input[name=city]", "MERIDA")
    page.click("#serving-form button")
    page.wait_for_selector("#serving")
    assert "U.S. Consulate General Mérida" in page.inner_text("#serving")
    assert_clean(watch)


def test_exchanges_filters(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/exchanges")
    assert page.locator("#programs-table tbody tr").count() == 14
    page.select_option("#program-filters select[name=audience]", "students")
    page.select_option("#program-filters select[name=duration]", "short")
    page.click("#program-filters button")
    page.wait_for_url("**/exchanges?*audience=students*")
    slugs = page.eval_on_selector_all(
        "#programs-table tbody tr", "rows => rows.map(r => r.dataset.slug)"
    )
    assert sorted(slugs) == ["jovenes-en-accion", "susi"]
    page.click("#programs-table a[href='/exchanges/susi']")
    page.wait_for_url("**/exchanges/susi")
    assert "Study of the U.S. Institutes" in page.inner_text("#program-name")
    assert_clean(watch)
