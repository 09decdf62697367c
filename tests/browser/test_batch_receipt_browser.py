"""The batch page's error paths and the screening receipt, in Chromium: a refused file gives
the form again with the reason (English and Spanish) and what was typed; a Windows-1252 file
is screened; the receipt prints without the site's navigation."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import LiveServer, PageWatch, assert_clean, serving
from tests.sanctions.conftest import load_sdn_fixture

pytestmark = pytest.mark.browser
STATUS_400 = "the server responded with a status of 400"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serving(tmp_path_factory.mktemp("batch-live"), load_sdn_fixture) as server:
        yield server


def _send(page: object, url: str, data: bytes, lang: str = "en") -> None:
    page.goto(f"{url}/sanctions/screen/batch?lang={lang}")  # type: ignore[attr-defined]
    page.fill("input[name=threshold]", "0,8")  # type: ignore[attr-defined]
    page.check("input[name=lists][value=ofac-sdn]")  # type: ignore[attr-defined]
    page.set_input_files(  # type: ignore[attr-defined]
        "input[name=file]",
        files=[{"name": "clientes.csv", "mimeType": "text/csv", "buffer": data}],
    )
    page.click("#batch-form button[type=submit]")  # type: ignore[attr-defined]


def _drop_400s(watch: PageWatch, expected: int) -> None:
    assert sum(STATUS_400 in e for e in watch.console_errors) == expected
    watch.console_errors = [e for e in watch.console_errors if STATUS_400 not in e]


@pytest.mark.parametrize(
    ("data", "english", "spanish"),
    [
        (b"cliente;pais\r\nAna;MX\r\n", "line 1: no name column", "línea 1: no hay columna"),
        (b"", "clientes.csv is empty", "clientes.csv está vacío"),
        (b"nombre;pais\r\n", "no rows below it", "ninguna fila debajo"),
    ],
)
def test_a_refused_file_keeps_the_form_and_says_why(
    live: LiveServer, page_and_watch, data: bytes, english: str, spanish: str
) -> None:
    page, watch = page_and_watch
    _send(page, live.url, data)
    page.wait_for_selector("#form-error")
    assert english in page.locator("#form-error").inner_text()
    assert page.locator("input[name=threshold]").input_value() == "0,8"
    assert page.locator("input[name=lists][value=ofac-sdn]").is_checked()
    assert page.locator("input[name=file]").get_attribute("aria-invalid") == "true"
    assert "clientes.csv" in page.locator("#last-file").inner_text()
    _send(page, live.url, data, lang="es")
    page.wait_for_selector("#form-error")
    assert spanish in page.locator("#form-error").inner_text()
    assert "El archivo no se verificó" in page.locator("#form-error").inner_text()
    _drop_400s(watch, 2)
    assert_clean(watch)


def test_a_windows_1252_file_downloads_its_results(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    data = "nombre;país\r\nJoaquín Guzmán Loera;México\r\nAna Pérez;Hong Kong\r\n".encode("cp1252")
    page.goto(f"{live.url}/sanctions/screen/batch")
    page.set_input_files(
        "input[name=file]", files=[{"name": "c.csv", "mimeType": "text/csv", "buffer": data}]
    )
    with page.expect_download() as download:
        page.click("#batch-form button[type=submit]")
    saved = Path(download.value.path())
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert rows[0]["nombre"] == "Joaquín Guzmán Loera"
    assert rows[0]["match"] == "true"
    assert rows[-1]["warnings"] == ""  # Hong Kong is a country
    assert_clean(watch)


def test_the_receipt_prints_without_the_site_around_it(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/sanctions/screen")
    page.fill("input[name=name]", "Joaquin Guzman Loera")
    page.click("#screen-form button[type=submit]")
    page.wait_for_selector("#verdict")
    page.click("#receipt-link")
    page.wait_for_selector("#receipt")
    assert "GUZMAN LOERA, Joaquin" in page.locator("#receipt-results").inner_text()
    assert "OFAC SDN version 1" in page.locator("#receipt-lists").inner_text()
    digest = page.locator("#receipt-hash").inner_text()
    assert len(digest) == 64
    assert "keyed HMAC" in page.locator("#receipt-check").inner_text()
    assert page.locator("header.site").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible()
    assert not page.locator("footer.site").is_visible()
    assert page.locator("#receipt-hash").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert_clean(watch)
