"""The monitoring forms' error paths as an analyst meets them in Chromium on a 390 px phone, in
English and Spanish: a wrong admin token, a portfolio name already taken and a subjects file
without a subject_id column are each refused with a 4xx and the same form again, a line in the
page's language naming the field by its label, what was typed still there (never the token:
that box is emptied on purpose; a file box cannot be refilled, so the file's name is quoted),
the field marked invalid and focused, and the page no wider than the screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import assert_focused
from tests.browser.test_form_errors_browser import PHONE, REFUSED_WORDS, _fits, _open, _submit
from tests.browser.test_watch_browser import TOKEN
from tests.browser.test_watch_browser import live as live  # the same signed-in server

pytestmark = pytest.mark.browser

LABELS = {
    "en": {"token": "Admin token", "name": "Name", "file": "Subjects file"},
    "es": {"token": "Token de administración", "name": "Nombre", "file": "Archivo de sujetos"},
}
TOKEN_WORDS = {"en": "that is not the admin token", "es": "ese no es el token de administración"}


def _invalid_and_focused(page, box: str) -> None:
    field = page.locator(box)
    assert field.get_attribute("aria-invalid") == "true", box
    assert_focused(field, box)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_watch_forms_keep_what_was_typed(live, browser, lang: str, tmp_path: Path) -> None:
    context, page, _watch = _open(browser, PHONE)
    labels = LABELS[lang]
    try:
        page.goto(f"{live.url}/watch?lang={lang}")
        # A wrong token: 403, the box named and emptied, focused to type it again.
        page.fill("#login-form input[name=token]", "not-the-token")
        assert _submit(page, "#login-form button[type=submit]") == 403
        assert page.locator("html").get_attribute("lang") == lang
        text = page.locator("#login-error").inner_text()
        assert f"{labels['token']}: {TOKEN_WORDS[lang]}" in text, text
        assert page.locator("#login-form input[name=token]").input_value() == ""
        _invalid_and_focused(page, "#login-form input[name=token]")
        _fits(page, PHONE["width"], "/watch/login")
        page.fill("#login-form input[name=token]", TOKEN)
        assert _submit(page, "#login-form button[type=submit]") == 200

        # A portfolio name already taken: 400, both values kept, the name marked.
        name = f"customers-{lang}"
        page.fill("#create-form input[name=name]", name)
        assert _submit(page, "#create-form button[type=submit]") == 200
        page.goto(f"{live.url}/watch")
        page.fill("#create-form input[name=name]", name)
        page.fill("#create-form input[name=title]", "Clientes del norte")
        assert _submit(page, "#create-form button[type=submit]") == 400
        text = page.locator("#create-error").inner_text()
        assert f"{labels['name']}: “{name}” {REFUSED_WORDS[lang]}" in text, text
        assert "exists already" in text  # the service's own words, under the translated line
        assert page.locator("#create-form input[name=name]").input_value() == name
        assert page.locator("#create-form input[name=title]").input_value() == "Clientes del norte"
        _invalid_and_focused(page, "#create-form input[name=name]")
        _fits(page, PHONE["width"], "/watch (create)")

        # A subjects file without a subject_id column: 400 on the portfolio page, file named.
        page.goto(f"{live.url}/watch/{name}")
        bad = tmp_path / "clientes.csv"
        bad.write_text("id,nombre\nC-1,Joaquin Guzman Loera\n")
        page.set_input_files("#upload-form input[type=file]", str(bad))
        assert _submit(page, "#upload-form button[type=submit]") == 400
        text = page.locator("#upload-error").inner_text()
        assert f"{labels['file']}: “clientes.csv” {REFUSED_WORDS[lang]}" in text, text
        assert "clientes.csv, line 1: no subject_id column" in text, text
        _invalid_and_focused(page, "#upload-form input[type=file]")
        assert page.locator("h1").inner_text().endswith(name)  # still the portfolio's page
        _fits(page, PHONE["width"], f"/watch/{name} (upload)")
    finally:
        context.close()
