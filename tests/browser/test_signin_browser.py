"""Signing in with a key and screening, as a person does it in Chromium, under the Content
Security Policy (a blocked script would show as a console error)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from puente.auth.keys import keyring
from puente.config import Settings
from puente.state import state_for
from puente.store import open_store
from tests.browser.conftest import LiveServer, PageWatch
from tests.sanctions.conftest import load_sdn_fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    folder: Path = tmp_path_factory.mktemp("signin")
    store = open_store(folder / "live.duckdb")
    load_sdn_fixture(store)
    key = keyring(state_for(store).store).create("Ana (compliance)", "screener", "test").key
    server = LiveServer(store, Settings(db=folder / "live.duckdb", auth="required"))
    with server:
        yield server, key
    store.close()


def assert_clean(watch: PageWatch) -> None:
    assert watch.console_errors == []
    assert watch.page_errors == []
    assert watch.outside_requests == []


def test_sign_in_screen_and_sign_out(live: tuple[LiveServer, str], page_and_watch) -> None:
    server, key = live
    page, watch = page_and_watch
    page.goto(f"{server.url}/sanctions/screen")
    page.wait_for_url("**/signin?next=%2Fsanctions%2Fscreen")
    page.fill("#signin-form input[name=key]", "pk_00000000_" + "x" * 43)
    page.click("#signin-form button[type=submit]")
    assert "not valid" in page.locator("#signin-error").inner_text()
    watch.console_errors.clear()  # the 401 answer is logged by the browser
    page.fill("#signin-form input[name=key]", key)
    page.click("#signin-form button[type=submit]")
    page.wait_for_url("**/sanctions/screen")
    assert "Signed in as Ana (compliance)" in page.locator("#account").inner_text()
    page.fill("#screen-form input[name=name]", "Joaquin Guzman Loera")
    page.click("#screen-form button[type=submit]")
    assert "possible match" in page.locator("#verdict").inner_text()
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["puente_session"]["httpOnly"] is True
    assert cookies["puente_session"]["sameSite"] == "Strict"
    page.click("#account button[type=submit]")
    page.wait_for_url(f"{server.url}/")
    assert "Sign in" in page.locator("#account").inner_text()
    assert_clean(watch)


def test_the_api_docs_run_under_the_policy(live: tuple[LiveServer, str], page_and_watch) -> None:
    server, _ = live
    page, watch = page_and_watch
    page.goto(f"{server.url}/docs")
    page.wait_for_selector(".swagger-ui .info")
    assert "Puente" in page.locator(".swagger-ui .info").inner_text()
    assert_clean(watch)
