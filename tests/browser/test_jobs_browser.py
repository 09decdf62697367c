"""A batch file on the web form, in Chromium: the job's page moves its progress bar while the
job runs and offers the download when it is done; without JavaScript it refreshes itself."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from puente.config import Settings
from puente.store import open_store
from tests.browser.conftest import LiveServer, PageWatch
from tests.jobs.conftest import customers_csv
from tests.sanctions.conftest import load_sdn_fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp: Path = tmp_path_factory.mktemp("jobs-live")
    store = open_store(tmp / "live.duckdb")
    load_sdn_fixture(store)
    server = LiveServer(store, Settings(db=tmp / "live.duckdb", batch_sync_rows=10))
    with server:
        yield server
    app_jobs = getattr(server.server.config.app.state, "jobs", None)
    if app_jobs is not None:
        app_jobs.close()
    store.close()


def _clean(watch: PageWatch) -> None:
    assert watch.console_errors == []
    assert watch.page_errors == []
    assert watch.outside_requests == []


def _upload(page: object, url: str, rows: int) -> None:
    page.goto(f"{url}/sanctions/screen/batch")  # type: ignore[attr-defined]
    page.set_input_files(  # type: ignore[attr-defined]
        "input[name=file]",
        files=[{"name": "customers.csv", "mimeType": "text/csv", "buffer": customers_csv(rows)}],
    )
    page.click("#batch-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url("**/sanctions/screen/jobs/**")  # type: ignore[attr-defined]


def test_the_progress_bar_moves_and_the_download_appears(live: LiveServer, page_and_watch) -> None:
    page, watch = page_and_watch
    _upload(page, live.url, 20_000)
    bar = page.locator("#job-progress")
    assert bar.get_attribute("max") == "20000"
    start = int(bar.evaluate("el => el.value"))
    # jobs.js moves the bar without reloading the page (or the job ends and the page reloads)
    page.wait_for_function(
        f"() => {{ const b = document.getElementById('job-progress');"
        f" const j = document.getElementById('job');"
        f" return (b && b.value > {start}) || (j && j.dataset.state === 'done'); }}",
        timeout=300_000,
    )
    link = page.locator("a", has_text="Download the results (CSV)")
    link.wait_for(timeout=300_000)
    assert page.locator("#job").get_attribute("data-state") == "done"
    assert "20,000 / 20,000" in page.locator("#job-count").inner_text()
    with page.expect_download() as download:
        link.click()
    saved = Path(download.value.path())
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert len(rows) == 20_000
    assert rows[0]["match"] == "true"
    _clean(watch)


def test_without_javascript_the_page_refreshes_itself(live: LiveServer, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        _upload(page, live.url, 3000)
        page.locator("a", has_text="Download the results (CSV)").wait_for(timeout=300_000)
        assert page.locator("#job").get_attribute("data-state") == "done"
    finally:
        context.close()
