"""What an analyst sees on /watch in Chromium: sign in, create a portfolio, upload subjects,
dismiss an alert with a reason."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from puente.api import create_app
from puente.config import Settings
from puente.store import open_store
from tests.browser.conftest import LiveServer
from tests.sanctions.conftest import load_sdn_fixture

pytestmark = pytest.mark.browser
TOKEN = "browser-admin-token"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("watch")
    store = open_store(folder / "live.duckdb")
    load_sdn_fixture(store)
    settings = Settings(db=folder / "live.duckdb")
    server = LiveServer(store, settings)
    app = create_app(settings, store=store, admin_token=TOKEN)
    server.server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=server.port, log_level="warning")
    )
    server.thread = threading.Thread(target=server.server.run, daemon=True)
    with server:
        yield server
    store.close()


def test_analyst_dismisses_an_alert(live: LiveServer, page_and_watch, tmp_path: Path) -> None:
    page, watch = page_and_watch
    page.goto(f"{live.url}/watch")
    page.fill("input[name=token]", "wrong")
    page.click("#login-form button")
    assert page.locator("#login-error").is_visible()
    page.fill("input[name=token]", TOKEN)
    page.click("#login-form button")
    page.wait_for_url(f"{live.url}/watch")
    page.fill("#create-form input[name=name]", "clients")
    page.click("#create-form button")
    page.wait_for_url("**/watch/clients")
    subjects = tmp_path / "subjects.csv"
    subjects.write_text("subject_id,name,type\nC-1,Joaquin Guzman Loera,individual\n")
    page.set_input_files("#upload-form input[type=file]", str(subjects))
    page.click("#upload-form button")
    page.wait_for_url("**/watch/clients?added=1")
    row = page.locator("#alerts tbody tr[data-status=open]")
    assert row.count() == 1
    assert "GUZMAN LOERA, Joaquin" in row.inner_text()
    row.locator("select[name=decision]").select_option("dismissed")
    row.locator("input[name=reason]").fill("born 1990, not the listed person")
    row.locator("button").click()
    page.wait_for_selector("#alerts tbody tr[data-status=dismissed]")
    text = page.locator("#alerts tbody tr").first.inner_text()
    assert "born 1990, not the listed person" in text
    assert "admin-session" in text
    # The one error is the refused sign-in with the wrong token (HTTP 403).
    assert len(watch.console_errors) == 1
    assert "403" in watch.console_errors[0]
    assert watch.page_errors == []
    assert watch.outside_requests == []
