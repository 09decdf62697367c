"""A live server in a thread and a real Chromium (Debian's, driven by Playwright) that records
console errors and every request that would leave 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import uvicorn

from puente.api import create_app
from puente.config import Settings
from puente.store import Store, open_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(settings, store=store), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("live server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_live_server(tmp_path: Path, loader) -> tuple[LiveServer, Store]:
    store = open_store(tmp_path / "live.duckdb")
    loader(store)
    return LiveServer(store, Settings(db=tmp_path / "live.duckdb")), store


@contextmanager
def serving(folder: Path, loader) -> Iterator[LiveServer]:
    """A live server over a fresh store that `loader(store)` filled, for a module's tests."""
    server, store = start_live_server(folder, loader)
    try:
        with server:
            yield server
    finally:
        store.close()


@dataclass
class PageWatch:
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def assert_clean(watch: PageWatch) -> None:
    """No console error, no uncaught exception, nothing loaded from outside 127.0.0.1."""
    assert watch.console_errors == []
    assert watch.page_errors == []
    assert watch.outside_requests == []


def assert_focused(box: Any, where: object) -> None:
    """The field has the keyboard focus, so a person types the fix at once. The browser
    applies `autofocus` at its next rendering update, which may come just after the load
    event: wait for it (5 s at most) rather than read the focus once."""
    from playwright.sync_api import expect

    try:
        expect(box).to_be_focused(timeout=5000)
    except AssertionError as exc:
        raise AssertionError(f"{where}: the refused field is not focused") from exc


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        # Never a skip: a suite that passes without its browser tests proves nothing a person
        # sees (make test installs chromium when it can: scripts/need_chromium.sh).
        pytest.fail(
            "the browser tests need Debian chromium at /usr/bin/chromium (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page_and_watch(browser) -> Iterator[tuple[object, PageWatch]]:
    context = browser.new_context()
    page = context.new_page()
    watch = PageWatch()

    def on_console(message) -> None:
        if message.type == "error":
            watch.console_errors.append(message.text)

    def on_request(request) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
            watch.outside_requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.on("request", on_request)
    yield page, watch
    context.close()
