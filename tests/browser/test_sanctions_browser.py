"""What a person sees on /sanctions, an entity page and the screening form, in Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import LiveServer, assert_clean, serving
from tests.sanctions.conftest import load_sdn_fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serving(tmp_path_factory.mktemp("live"), load_sdn_fixture) as server:
        yield server


def test_list_filters_and_opens_an_entity(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/sanctions")
    rows = page.locator("#sdn-results tbody tr")
    assert rows.count() == 8
    assert "CARTEL DE SINALOA" in rows.nth(0).inner_text()  # Kingpin Act, Mexico
    assert page.locator("[data-figure=kingpin] .value").inner_text() == "2"
    page.select_option("select[name=program]", "SDNT")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**program=SDNT**")
    assert page.locator("#sdn-results tbody tr").count() == 2
    page.click("text=PEÑA NUÑEZ, José Ángel")
    page.wait_for_url("**/sanctions/entities/7001")
    assert page.locator("h1").inner_text() == "PEÑA NUÑEZ, José Ángel"
    assert "Bogotá" in page.locator("#addresses").inner_text()
    assert_clean(watch)


def test_entity_network_links_to_other_entries(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/sanctions/entities/6861")
    network = page.locator("svg#network")
    assert network.is_visible()
    box = network.bounding_box()
    assert box is not None
    assert box["width"] > 200
    assert box["height"] > 200
    assert network.locator("circle").count() == 3  # Guzmán, the cartel, the company
    assert network.locator("line").count() == 2
    page.locator("svg#network a[href='/sanctions/entities/7000']").click()
    page.wait_for_url("**/sanctions/entities/7000")
    assert "CARTEL DE SINALOA" in page.locator("h1").inner_text()
    assert "SINALOA CARTEL" in page.locator("#names").inner_text()
    assert_clean(watch)


def test_entity_shows_nationality_apart_from_addresses(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/sanctions/entities/6861?lang=es")
    nationality = page.locator("#nationalities")
    assert nationality.is_visible()
    assert nationality.inner_text().strip() == "México (MX)"
    assert page.get_by_role("heading", name="Nacionalidad y ciudadanía").is_visible()
    # The cartel has addresses in Mexico and no nationality: no such list.
    page.goto(f"{live.url}/sanctions/entities/7000")
    assert page.locator("#nationalities").count() == 0
    assert "Mexico" in page.locator("#addresses").inner_text()
    assert_clean(watch)


def test_screening_form(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/sanctions/screen")
    page.fill("input[name=name]", "Chapo Guzman")
    page.fill("input[name=country]", "Mexico")
    page.click("#screen-form button[type=submit]")
    page.wait_for_selector("#verdict")
    assert "GUZMAN LOERA" in page.locator("#matches").inner_text()
    page.locator("#matches a").first.click()
    page.wait_for_url("**/sanctions/entities/6861")
    assert_clean(watch)


def test_language_switch_keeps_the_search_and_shows_the_active_language(
    live: LiveServer, page_and_watch
) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/sanctions?q=guzman")
    english = page.locator("header .lang a[hreflang=en]")
    spanish = page.locator("header .lang a[hreflang=es]")
    assert english.get_attribute("aria-current") == "true"
    assert spanish.get_attribute("aria-current") is None
    weight = "el => getComputedStyle(el).fontWeight"
    assert int(english.evaluate(weight)) > int(spanish.evaluate(weight))
    spanish.click()
    page.wait_for_url("**/sanctions?q=guzman&lang=es")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("input[name=q]").input_value() == "guzman"
    assert "GUZMAN LOERA" in page.locator("#sdn-results tbody tr").nth(0).inner_text()
    assert page.locator("header .lang a[hreflang=es]").get_attribute("aria-current") == "true"
    assert_clean(watch)


def test_screening_form_error_keeps_what_was_typed(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/sanctions/screen")
    page.fill("input[name=name]", "Joaquin Guzman")
    page.fill("input[name=birth_date]", "04/31/57")
    page.fill("input[name=country]", "MX")
    page.click("#screen-form button[type=submit]")
    page.wait_for_selector("#form-error")
    # The field is named by its label, with the value that was typed.
    error = page.locator("#form-error").inner_text()
    assert "Date or year of birth" in error
    assert "04/31/57" in error
    assert page.locator("input[name=name]").input_value() == "Joaquin Guzman"
    assert page.locator("input[name=birth_date]").get_attribute("aria-invalid") == "true"
    page.fill("input[name=birth_date]", "1957")
    page.fill("input[name=threshold]", "0,7")
    page.click("#screen-form button[type=submit]")
    page.wait_for_selector("#verdict")
    assert "0.70" in page.locator("#verdict").inner_text()
    # The first submission's page was a 400 (so scripts see the failure): Chromium logs that
    # status once; nothing else may be logged.
    status = "the server responded with a status of 400"
    assert sum(status in e for e in watch.console_errors) == 1
    watch.console_errors = [e for e in watch.console_errors if status not in e]
    assert_clean(watch)
