"""Every GET form's error path as a person meets it in Chromium, in English and Spanish, on a
390 px phone (and a couple on a 1366 px laptop): a wrong value typed in a field (letters for a
year, an unknown city or country) or left in an old bookmark (a fiscal year outside the data, a
list version no longer kept, a month 13) is refused with a 4xx, an error in the page's language
that names the field by its label, the value still in its field, marked invalid and focused,
the page no wider than the screen and nothing in the console but the refusal itself. Then the
person corrects the value in that form, presses its button, and gets the page.

The screening and batch forms have their own modules (test_screen_form_browser.py,
test_batch_receipt_browser.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import LiveServer, PageWatch, assert_clean, assert_focused, serving
from tests.browser.site import load_site

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
# The refused-value line in each language, around the field's label and the value.
REFUSED_WORDS = {"en": "is not accepted here", "es": "no se acepta aquí"}
LABELS = {
    "en": {
        "year": "Year",
        "fy": "Fiscal year",
        "month": "Month",
        "lane": "Lane",
        "day": "Day",
        "date": "Advisory",
        "old": "Older",
        "page": "Page",
        "age": "Age",
        "country": "Country",
        "region": "Region",
        "city": "City",
        "near": "Nearest posts to a city",
        "state": "Mexican state",
    },
    "es": {
        "year": "Año",
        "fy": "Año fiscal",
        "month": "Mes",
        "lane": "Carril",
        "day": "Día",
        "date": "Alerta",
        "old": "Anterior",
        "page": "Página",
        "age": "Edad",  # the form's own msgctxt; "Antigüedad" is the age of a wait reading
        "country": "País",
        "region": "Región",
        "city": "Ciudad",
        "near": "Oficinas más cercanas a una ciudad",
        "state": "Estado mexicano",
    },
}


@dataclass(frozen=True)
class Stale:
    """A select form: the bad value comes from an edited address or an old bookmark (a select
    offers only good ones); the good one is the page's own selected option."""

    page: str
    field: str
    bad: str


@dataclass(frozen=True)
class Typed:
    """A text field: typed on the page and submitted with the form's button."""

    page: str
    form: str
    field: str
    bad: str
    good: str


STALE = [
    Stale("/border", "year", "1800"),
    Stale("/border", "year", "dos mil"),
    Stale("/border/waits/2504", "month", "13"),
    Stale("/border/waits/2504", "lane", "plane"),
    Stale("/border/waits/2504", "day", "funday"),
    Stale("/trade", "year", "1800"),
    Stale("/trade/states", "year", "1800"),
    Stale("/trade/freight", "year", "20x4"),
    Stale("/security/money", "fy", "1800"),
    Stale("/security/money", "region", "Mars"),
    Stale("/security/drugs", "fy", "2099"),
    Stale("/security/crossings", "fy", "abc"),
    Stale("/security/encounters", "fy", "1800"),
    Stale("/security/encounters/states", "fy", "1800"),
    Stale("/security/amo", "fy", "1800"),
    Stale("/travel", "date", "2026-13-45"),
    Stale("/sanctions/diff", "old", "99"),
    Stale("/lists/ofac-sdn/diff", "old", "99"),
]
TYPED = [
    Typed("/lists/ofac-sdn", "form[action='/lists/ofac-sdn']", "country", "Atlantis", "MX"),
    Typed("/travel/posts", "#serving-form", "city", "Atlantis", "Mérida"),
    Typed("/travel/posts", "#serving-form", "near", "Atlantis", "Cancún"),
    Typed("/travel/posts", "#serving-form", "state", "Narnia", "Sonora"),
    Typed("/travel", "form[action='/travel/posts']", "city", "Atlantis", "Mérida"),
]
# Chromium logs each refused page as "Failed to load resource: the server responded with a
# status of 404 (Not Found)": the refusal is a 4xx on purpose (scripts see the failure).
REFUSAL_LOGGED = "the server responded with a status of 4"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder: Path = tmp_path_factory.mktemp("form-errors")
    with serving(folder, lambda store: load_site(store, folder)) as server:
        yield server


def _open(browser, viewport: dict[str, int]) -> tuple[object, object, PageWatch]:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15000)
    watch = PageWatch()
    page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.on(
        "request",
        lambda r: (
            urlparse(r.url).hostname in (None, "127.0.0.1") or watch.outside_requests.append(r.url)
        ),
    )
    return context, page, watch


def _submit(page, button: str) -> int:
    with page.expect_navigation() as navigation:
        page.click(button)
    return int(navigation.value.status)


def _fits(page, width: int, where: str) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll == width, f"{where} is {scroll} px wide at a {width} px screen"


def _assert_refused(page, lang: str, field: str, bad: str, box: str, error: str) -> None:
    where = page.url
    text = page.locator(error).inner_text()
    assert f"{LABELS[lang][field]}: “{bad}” {REFUSED_WORDS[lang]}" in text, (where, text)
    assert page.locator("html").get_attribute("lang") == lang
    field_box = page.locator(box)
    assert field_box.input_value() == bad, where  # what was typed is still there
    assert field_box.get_attribute("aria-invalid") == "true", where
    assert_focused(field_box, where)  # focused to fix


def _clean(watch: PageWatch, refusals: int) -> None:
    logged = [e for e in watch.console_errors if REFUSAL_LOGGED in e]
    assert len(logged) == refusals, watch.console_errors
    watch.console_errors = [e for e in watch.console_errors if REFUSAL_LOGGED not in e]
    assert_clean(watch)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_stale_value_is_refused_kept_and_corrected(live: LiveServer, browser, lang: str) -> None:
    context, page, watch = _open(browser, PHONE)
    try:
        page.goto(f"{live.url}/?lang={lang}")  # the language cookie, as a person sets it
        for case in STALE:
            page.goto(f"{live.url}{case.page}")
            assert page.locator(f"select[name={case.field}]").count(), (case, page.url)
            good = page.locator(f"select[name={case.field}]").first.input_value()
            answer = page.goto(f"{live.url}{case.page}?{case.field}={case.bad}")
            assert answer is not None
            assert answer.status in (400, 404), (case, answer.status)
            _assert_refused(
                page,
                lang,
                case.field,
                case.bad,
                f"#retry-form input[name={case.field}]",
                "#form-error",
            )
            _fits(page, PHONE["width"], case.page)
            page.fill(f"#retry-form input[name={case.field}]", good)
            assert _submit(page, "#retry-form button[type=submit]") == 200, case
            assert urlparse(page.url).path == case.page
            assert page.locator(f"select[name={case.field}]").first.input_value() == good, case
            assert page.locator("#form-error").count() == 0
        _clean(watch, len(STALE))
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_typed_value_is_refused_kept_and_corrected(
    live: LiveServer, browser, lang: str, viewport: dict[str, int]
) -> None:
    context, page, watch = _open(browser, viewport)
    try:
        page.goto(f"{live.url}/?lang={lang}")
        for case in TYPED:
            page.goto(f"{live.url}{case.page}")
            box = f"{case.form} input[name={case.field}]"
            page.fill(box, case.bad)
            status = _submit(page, f"{case.form} button[type=submit]")
            assert status in (400, 404), (case, status)
            if page.locator("#retry-form").count():  # the error page's form
                form, error = "#retry-form", "#form-error"
            else:  # the page itself holds the form again
                form, error = case.form, "#unknown-place"
                if urlparse(page.url).path != case.page:
                    form = "#serving-form"
            kept = f"{form} input[name={case.field}]"
            _assert_refused(page, lang, case.field, case.bad, kept, error)
            _fits(page, viewport["width"], case.page)
            page.fill(kept, case.good)
            assert _submit(page, f"{form} button[type=submit]") == 200, case
            shown = case.form if urlparse(page.url).path == case.page else "#serving-form"
            assert page.locator(f"{shown} input[name={case.field}]").input_value() == case.good
            assert page.locator(error).count() == 0
        _clean(watch, len(TYPED))
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_number_field_is_checked_before_it_is_sent(live: LiveServer, browser, lang: str) -> None:
    """The age field is a number from 0 to 120: Chromium refuses 200 inline, nothing is sent,
    and the same value in an old link is refused by the server with the form kept."""
    context, page, watch = _open(browser, PHONE)
    try:
        page.goto(f"{live.url}/exchanges?lang={lang}")
        page.fill("#program-filters input[name=age]", "200")
        page.click("#program-filters button[type=submit]")
        age = page.locator("#program-filters input[name=age]")
        assert age.evaluate("el => el.validity.rangeOverflow")
        assert age.evaluate("el => el.validationMessage") != ""
        assert urlparse(page.url).query == f"lang={lang}"  # not sent
        answer = page.goto(f"{live.url}/exchanges?age=abc&q=youth")
        assert answer is not None
        assert answer.status == 400
        _assert_refused(page, lang, "age", "abc", "#retry-form input[name=age]", "#form-error")
        assert page.locator("#retry-form input[name=q]").input_value() == "youth"
        _fits(page, PHONE["width"], "/exchanges")
        page.fill("#retry-form input[name=age]", "30")
        assert _submit(page, "#retry-form button[type=submit]") == 200
        assert page.locator("#program-filters input[name=age]").input_value() == "30"
        assert page.locator("#program-filters input[name=q]").input_value() == "youth"
        _clean(watch, 1)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_wrong_key_is_refused_in_the_page_language(live: LiveServer, browser, lang: str) -> None:
    """A key is a secret: the refusal names the key field and the field is emptied, not kept."""
    words = {"en": "not valid", "es": "no es válida"}
    context, page, watch = _open(browser, PHONE)
    try:
        page.goto(f"{live.url}/signin?lang={lang}")
        page.fill("#signin-form input[name=key]", "pk_00000000_" + "x" * 43)
        assert _submit(page, "#signin-form button[type=submit]") == 401
        assert words[lang] in page.locator("#signin-error").inner_text()
        assert page.locator("#signin-form input[name=key]").input_value() == ""
        _fits(page, PHONE["width"], "/signin")
        _clean(watch, 1)
    finally:
        context.close()
