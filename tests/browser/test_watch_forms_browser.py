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


DECISION_WORDS = {
    "en": {
        "label": "Reason",
        "needed": "Reason: a dismissal needs one (why this is not the listed party)",
        "long": "Reason: 1,001 characters; the limit is 1,000, shorten it",
    },
    "es": {
        "label": "Motivo",
        "needed": "Motivo: descartar una alerta lo requiere (por qué no es la parte listada)",
        "long": "Motivo: 1,001 caracteres; el límite es 1,000, acórtelo",
    },
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_alert_decision_keeps_what_was_typed(live, browser, lang: str, tmp_path: Path) -> None:
    """A dismissal without a reason, then with one too long (a client without the box's
    maxlength), is refused on the portfolio's page: a 400, the line beside that alert's form
    in the page's language, the decision and the reason as typed, the reason box marked and
    focused; the corrected reason is then recorded."""
    context, page, watch = _open(browser, PHONE)
    words = DECISION_WORDS[lang]
    name = f"decisions-{lang}"
    try:
        page.goto(f"{live.url}/watch?lang={lang}")
        page.fill("#login-form input[name=token]", TOKEN)
        assert _submit(page, "#login-form button[type=submit]") == 200
        page.fill("#create-form input[name=name]", name)
        assert _submit(page, "#create-form button[type=submit]") == 200
        subjects = tmp_path / "subjects.csv"
        subjects.write_text("subject_id,name,type\nC-1,Joaquin Guzman Loera,individual\n")
        page.set_input_files("#upload-form input[type=file]", str(subjects))
        assert _submit(page, "#upload-form button[type=submit]") == 200
        row = page.locator("#alerts tbody tr[data-status=open]")
        assert row.count() == 1
        alert = row.get_attribute("id")
        assert alert is not None
        form = f"#{alert} form.decision"

        # Dismissed with no reason: refused, "dismissed" still chosen, the reason box marked.
        page.select_option(f"{form} select[name=decision]", "dismissed")
        assert _submit(page, f"{form} button[type=submit]") == 400
        error = page.locator(f"#{alert} [role=alert]")
        assert words["needed"] in error.inner_text()
        assert "a dismissal needs a reason" in error.inner_text()  # the service's own words
        assert page.locator(f"{form} select[name=decision]").input_value() == "dismissed"
        reason = page.locator(f"{form} input[name=reason]")
        assert reason.get_attribute("aria-label") == words["label"]
        assert reason.get_attribute("aria-invalid") == "true"
        assert reason.get_attribute("aria-describedby") == error.get_attribute("id")
        assert reason.evaluate("el => el === document.activeElement")
        assert page.locator("#alerts [aria-invalid=true]").count() == 1  # only this field
        assert page.locator("#alerts tbody tr[data-status=open]").count() == 1  # not recorded
        _fits(page, PHONE["width"], f"/watch/{name} (decision)")

        # A reason over 1,000 characters: the same, and every character typed is kept.
        long_reason = "born 1990 in Culiacán, not the listed person; " * 21 + "x" * 35
        assert len(long_reason) == 1001
        reason.evaluate("el => el.removeAttribute('maxlength')")
        reason.fill(long_reason)
        assert _submit(page, f"{form} button[type=submit]") == 400
        assert words["long"] in page.locator(f"#{alert} [role=alert]").inner_text()
        assert page.locator(f"{form} input[name=reason]").input_value() == long_reason
        assert page.locator(f"{form} select[name=decision]").input_value() == "dismissed"

        # Corrected: recorded, and the page shows the alert dismissed with its reason.
        page.fill(f"{form} input[name=reason]", "born 1990, not the listed person")
        assert _submit(page, f"{form} button[type=submit]") == 200
        dismissed = page.locator(f"#{alert}")
        assert dismissed.get_attribute("data-status") == "dismissed"
        assert "born 1990, not the listed person" in dismissed.inner_text()
        assert page.locator("[role=alert]").count() == 0
        # The two refusals are the browser's only console errors (their 400 answers).
        assert len(watch.console_errors) == 2
        assert all("400" in e for e in watch.console_errors)
        assert watch.page_errors == []
        assert watch.outside_requests == []
    finally:
        context.close()
