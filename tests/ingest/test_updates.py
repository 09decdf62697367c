"""The updater against a fake publisher on 127.0.0.1: 200, 304, 500, timeouts, truncated
bodies and a changed file. Nothing half-loaded, the old version still served, the error shown."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient

from puente.border.averages import CbpWaitAveragesSource
from puente.ingest.base import FileSpec
from puente.ingest.hooks import register, unregister
from puente.ingest.updates import (
    BACKOFF_FIRST,
    JITTER_FRACTION,
    load_states,
    parse_interval,
    update_dataset,
)
from puente.store import Store, catalog

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "cbp-wait-averages" / "syR-hist.csv"


class Publisher:
    """What the fake publisher serves next: a body, an ETag, a mode."""

    def __init__(self) -> None:
        self.body = FIXTURE.read_bytes()
        self.mode = "ok"  # ok | error | slow | truncated
        self.requests: list[dict[str, str]] = []

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@pytest.fixture
def publisher(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Publisher, str]]:
    # Fetches to loopback are refused unless this setting allows them.
    monkeypatch.setenv("PUENTE_FETCH_ALLOW_PRIVATE", "true")
    state = Publisher()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return None

        def do_GET(self) -> None:
            state.requests.append(dict(self.headers.items()))
            if state.mode == "error":
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if state.mode == "slow":
                threading.Event().wait(2.0)
            if self.headers.get("If-None-Match") == state.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", state.etag)
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            if state.mode == "truncated":
                self.wfile.write(state.body[: len(state.body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(state.body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}/syR-hist.csv"
    server.shutdown()
    server.server_close()


def _source(url: str) -> CbpWaitAveragesSource:
    class FakePublished(CbpWaitAveragesSource):
        files: ClassVar[tuple[FileSpec, ...]] = (
            FileSpec(name="syR-hist.csv", mirror="wait_times/syR-hist.csv", url=url),
        )

    return FakePublished()


def _served(store: Store) -> tuple[int | None, int]:
    with store.read() as cur:
        current = catalog.current_version(cur, "cbp-wait-averages")
        if current is None:
            return None, 0
        row = cur.execute("SELECT count(*) FROM wait_averages").fetchone()
    return (current.version if current else None), (row[0] if row else 0)


def test_first_check_loads_then_304_changes_nothing(
    store: Store, publisher: tuple[Publisher, str]
) -> None:
    state, url = publisher
    first = update_dataset(store, _source(url))
    assert first.outcome == "updated", first.detail
    version, rows = _served(store)
    assert version == 1
    assert rows > 0
    with store.read() as cur:
        recorded = catalog.current_version(cur, "cbp-wait-averages")
    assert recorded is not None
    assert recorded.source == url  # provenance: the publisher's URL, never a server path
    second = update_dataset(store, _source(url))
    assert second.outcome == "unchanged"
    assert state.requests[-1].get("If-None-Match") == state.etag
    assert _served(store) == (1, rows)


def test_changed_file_is_a_new_version(store: Store, publisher: tuple[Publisher, str]) -> None:
    state, url = publisher
    update_dataset(store, _source(url))
    state.body = state.body.replace(b"\n1,0,0,0,0,70,", b"\n1,0,0,0,0,71,", 1)
    report = update_dataset(store, _source(url))
    assert report.outcome == "updated"
    assert report.version == 2
    with store.read() as cur:
        states = load_states(cur)
    assert states["cbp-wait-averages"].last_change is not None
    assert states["cbp-wait-averages"].last_error is None


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("error", "HTTP 500"),
        ("truncated", "download failed"),
        ("slow", "download failed"),
    ],
)
def test_failures_keep_the_old_version_and_show_the_error(
    store: Store, publisher: tuple[Publisher, str], mode: str, expected: str
) -> None:
    state, url = publisher
    update_dataset(store, _source(url))
    before = _served(store)
    state.body = state.body + b"1,0,23,0,0,70,5,35,10,0\n"  # a change the publisher would send
    state.mode = mode
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    report = update_dataset(store, _source(url), timeout=0.5, now=now)
    assert report.outcome == "failed"
    assert expected in report.detail
    assert _served(store) == before  # nothing half-loaded; the old version still served
    with store.read() as cur:
        check = load_states(cur)["cbp-wait-averages"]
    assert check.last_error is not None
    assert expected in check.last_error
    assert check.next_check == now + BACKOFF_FIRST  # backed off, not the regular 6 h


def test_bad_content_is_rejected_whole(store: Store, publisher: tuple[Publisher, str]) -> None:
    state, url = publisher
    update_dataset(store, _source(url))
    before = _served(store)
    state.body = state.body.replace(b"\n1,0,1,0,0,68,", b"\n1,0,1,0,0,sixty,", 1)
    report = update_dataset(store, _source(url))
    assert report.outcome == "failed"
    assert "line 3" in report.detail or "sixty" in report.detail
    assert _served(store) == before


def test_one_failing_publisher_never_stops_the_others(
    store: Store, publisher: tuple[Publisher, str]
) -> None:
    from puente.ingest.updates import update_all

    _, url = publisher
    dead = _source("http://127.0.0.1:9/nothing.csv")
    dead_cls = type(dead)
    dead_cls.name = "dead-publisher"  # type: ignore[misc]
    reports = update_all(store, [dead, _source(url)], timeout=1.0)
    assert [r.outcome for r in reports] == ["failed", "updated"]


def test_dry_run_asks_but_loads_nothing(store: Store, publisher: tuple[Publisher, str]) -> None:
    _, url = publisher
    report = update_dataset(store, _source(url), dry_run=True)
    assert report.outcome == "would-update"
    assert _served(store) == (None, 0)


def test_post_load_hooks_run_after_a_new_version(
    store: Store, publisher: tuple[Publisher, str]
) -> None:
    _, url = publisher
    seen: list[tuple[str, int]] = []

    def recorder(_store: Store, dataset: str, version: int) -> None:
        seen.append((dataset, version))

    def broken(_store: Store, _dataset: str, _version: int) -> None:
        raise RuntimeError("hook failed")

    register(recorder)
    register(broken)
    try:
        report = update_dataset(store, _source(url))
    finally:
        unregister(recorder)
        unregister(broken)
    assert report.outcome == "updated"  # a failing hook never undoes the load
    assert seen == [("cbp-wait-averages", 1)]


@pytest.mark.parametrize(
    ("text", "seconds"), [("6h", 21600), ("30m", 1800), ("1d", 86400), ("90s", 90)]
)
def test_intervals(text: str, seconds: int) -> None:
    assert parse_interval(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "6", "10s", "soon", "-1h"])
def test_bad_intervals(text: str) -> None:
    from puente.errors import InvalidInput

    with pytest.raises(InvalidInput):
        parse_interval(text)


def test_datasets_page_and_json_show_the_check(
    store: Store, publisher: tuple[Publisher, str], tmp_path: Path
) -> None:
    from puente.api import create_app
    from puente.config import Settings

    state, url = publisher
    update_dataset(store, _source(url), now=datetime(2026, 12, 1, 6, 0, tzinfo=UTC))
    state.mode = "error"
    failed_at = datetime(2026, 12, 1, 12, 7, tzinfo=UTC)
    update_dataset(store, _source(url), now=failed_at)
    app = create_app(Settings(db=tmp_path / "unused.duckdb"), store=store)
    with TestClient(app) as client:
        data = client.get("/api/datasets").json()
        page = client.get("/datasets").text
    entry = next(d for d in data["datasets"] if d["dataset"] == "cbp-wait-averages")
    assert entry["check"]["publisher_url"] == url
    assert "HTTP 500" in entry["check"]["last_error"]
    assert entry["check"]["next_check"]
    assert "HTTP 500" in page
    assert "/tmp/" not in page  # no server path in provenance
    # The retry 15 minutes after the failure: its time, not only its day.
    assert "Dec 1, 2026 12:07 UTC" in page  # the last check
    assert "Dec 1, 2026 12:22 UTC" in page  # the next check, backed off
    assert "Dec 1, 2026 06:00 UTC" in page  # the last change


def test_updater_downloads_refuse_loopback_without_the_allowance(
    store: Store, publisher: tuple[Publisher, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The updater's own downloads go through the same public-address check as `--from`: with
    PUENTE_FETCH_ALLOW_PRIVATE off, the fake publisher on 127.0.0.1 is never even asked."""
    state, url = publisher
    monkeypatch.setenv("PUENTE_FETCH_ALLOW_PRIVATE", "false")
    report = update_dataset(store, _source(url))
    assert report.outcome == "failed"
    assert "a loopback address; only public addresses are fetched" in report.detail
    assert state.requests == []
    assert _served(store) == (None, 0)
    named = _source(url.replace("127.0.0.1", "localhost"))
    assert "loopback address" in update_dataset(store, named).detail


def test_updater_refuses_a_redirect_into_loopback(
    store: Store, publisher: tuple[Publisher, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A front server stands for a public publisher (its address is let through) and
    redirects to the loopback one: the redirect's connection is checked and refused."""
    from puente.ingest import guard

    state, url = publisher
    monkeypatch.setenv("PUENTE_FETCH_ALLOW_PRIVATE", "false")

    class Redirect(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return None

        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", url)
            self.send_header("Content-Length", "0")
            self.end_headers()

    front = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=front.serve_forever, daemon=True).start()
    front_port = front.server_address[1]
    real = guard.public_address

    def pretend_public(host: str, port: int) -> str:
        return "127.0.0.1" if port == front_port else real(host, port)

    monkeypatch.setattr(guard, "public_address", pretend_public)
    try:
        report = update_dataset(store, _source(f"http://127.0.0.1:{front_port}/syR-hist.csv"))
    finally:
        front.shutdown()
        front.server_close()
    assert report.outcome == "failed"
    assert "loopback address" in report.detail
    assert state.requests == []
    assert _served(store) == (None, 0)


def test_live_waits_poll_refuses_loopback_and_files_outside_the_mirror(
    store: Store, publisher: tuple[Publisher, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from puente.api import create_app
    from puente.border.live import poll_feed
    from puente.config import Settings
    from puente.errors import SourceError

    state, url = publisher
    monkeypatch.setenv("PUENTE_FETCH_ALLOW_PRIVATE", "false")
    with pytest.raises(SourceError, match="loopback address"):
        poll_feed(store, url)
    assert state.requests == []
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    outside = tmp_path / "feed.json"
    outside.write_text("{}")
    app = create_app(
        Settings(db=tmp_path / "p.duckdb", mirror=mirror), store=store, admin_token="t"
    )
    with TestClient(app) as client:
        for location in (str(outside), "/etc/passwd", url):
            refused = client.post(
                "/api/admin/waits/poll",
                json={"location": location},
                headers={"X-Puente-Token": "t"},
            )
            assert refused.status_code == 422, (location, refused.text)
    assert state.requests == []


def _only_the_fake(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """The registry holds one dataset, served by the fake publisher: `puente update` and
    `puente datasets` then work on it as on any published dataset."""
    from puente.ingest import registry

    fake = type(_source(url))
    monkeypatch.setattr(registry, "all_sources", lambda: {fake.name: fake})


def _publishers_table(output: str) -> dict[str, str]:
    """The second table of `puente datasets --csv` (the publishers), as header -> cell."""
    import csv

    tables = output.strip().split("\n\n")
    assert len(tables) == 2, output
    rows = list(csv.reader(tables[1].splitlines()))
    assert len(rows) == 2, rows  # the header and the one dataset
    return dict(zip(rows[0], rows[1], strict=True))


def test_puente_datasets_shows_each_check_after_a_success_and_a_failure(
    tmp_path: Path, publisher: tuple[Publisher, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from typer.testing import CliRunner

    from puente.cli.main import app as cli

    state, url = publisher
    _only_the_fake(monkeypatch, url)
    db = ["--db", str(tmp_path / "p.duckdb")]
    runner = CliRunner()

    def minute(text: str) -> datetime:
        return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)

    before = datetime.now(UTC).replace(second=0, microsecond=0)
    assert runner.invoke(cli, [*db, "update"]).exit_code == 0
    ok = _publishers_table(runner.invoke(cli, [*db, "datasets", "--csv"]).stdout)
    assert list(ok) == [
        "dataset",
        "publisher URL",
        "last check (UTC)",
        "last change (UTC)",
        "next check (UTC)",
        "last error",
    ]
    assert ok["dataset"] == "cbp-wait-averages"
    assert ok["publisher URL"] == url
    checked = minute(ok["last check (UTC)"])
    assert before <= checked <= datetime.now(UTC)
    assert ok["last change (UTC)"] == ok["last check (UTC)"]  # the first check loaded it
    assert timedelta(hours=5, minutes=20) <= minute(ok["next check (UTC)"]) - checked
    assert minute(ok["next check (UTC)"]) - checked <= timedelta(hours=6, minutes=37)
    assert ok["last error"] == ""

    state.mode = "error"
    failed_run = runner.invoke(cli, [*db, "update"])
    assert failed_run.exit_code == 1
    assert "HTTP 500" in failed_run.stdout
    failed = _publishers_table(runner.invoke(cli, [*db, "datasets", "--csv"]).stdout)
    assert failed["last change (UTC)"] == ok["last change (UTC)"]  # nothing new was loaded
    assert "HTTP 500" in failed["last error"]
    retry = minute(failed["next check (UTC)"]) - minute(failed["last check (UTC)"])
    assert retry <= BACKOFF_FIRST + timedelta(minutes=1)  # backed off, not 6 h away

    listed = json.loads(runner.invoke(cli, [*db, "datasets", "--json"]).stdout)
    (entry,) = listed["datasets"]
    check = entry["check"]
    assert entry["publisher_url"] == check["publisher_url"] == url
    assert {"last_check", "last_change", "next_check", "last_error"} <= set(check)
    for key in ("last_check", "last_change", "next_check"):
        shown = minute(failed[key.replace("_", " ") + " (UTC)"])
        assert (
            datetime.fromisoformat(check[key]).astimezone(UTC).replace(second=0, microsecond=0)
            == shown
        ), key
    assert "HTTP 500" in check["last_error"]
    assert check["failures"] == 1
    plain = runner.invoke(cli, [*db, "datasets"]).stdout  # the table a person reads
    assert "HTTP 500" in plain
    assert url in plain


def test_the_next_check_is_spread_within_the_jitter_window(
    store: Store, publisher: tuple[Publisher, str]
) -> None:
    import random

    _, url = publisher
    interval = timedelta(hours=6)
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    waits = []
    for seed in range(12):
        update_dataset(store, _source(url), interval=interval, now=now, rng=random.Random(seed))
        with store.read() as cur:
            next_check = load_states(cur)["cbp-wait-averages"].next_check
        assert next_check is not None
        waits.append(next_check - now)
    low, high = interval * (1 - JITTER_FRACTION), interval * (1 + JITTER_FRACTION)
    assert all(low <= wait <= high for wait in waits), waits
    # Spread over the window, so that many instances do not ask at the same moment.
    assert max(waits) - min(waits) >= interval * JITTER_FRACTION


def test_back_off_grows_with_each_failure_and_resets_after_a_success(
    store: Store, publisher: tuple[Publisher, str]
) -> None:
    state, url = publisher
    interval = timedelta(hours=6)
    moment = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

    def check() -> tuple[timedelta, int]:
        nonlocal moment
        update_dataset(store, _source(url), interval=interval, now=moment, timeout=1.0)
        with store.read() as cur:
            found = load_states(cur)["cbp-wait-averages"]
        assert found.next_check is not None
        wait = found.next_check - moment
        moment = found.next_check  # the scheduler checks again when it is due
        return wait, found.failures

    check()
    state.mode = "error"
    failing = [check() for _ in range(7)]
    minutes = [wait / timedelta(minutes=1) for wait, _ in failing]
    assert minutes == [15, 30, 60, 120, 240, 360, 360]  # doubling, never past the interval
    assert [count for _, count in failing] == [1, 2, 3, 4, 5, 6, 7]
    state.mode = "ok"
    wait, count = check()
    assert count == 0
    assert interval * (1 - JITTER_FRACTION) <= wait <= interval * (1 + JITTER_FRACTION)
    state.mode = "error"
    assert check() == (BACKOFF_FIRST, 1)  # the back-off starts again from the first step


def test_a_publisher_that_trips_an_unexpected_error_never_stops_the_others(
    store: Store, publisher: tuple[Publisher, str]
) -> None:
    """Not only the errors Puente names: a file that trips a bug in its parser (any
    exception) fails that dataset alone, is recorded and backed off, and the round goes on."""
    from puente.ingest.base import LoadContext, LoadResult
    from puente.ingest.updates import update_all

    _, url = publisher
    broken_base = type(_source(url))

    class Broken(broken_base):  # type: ignore[misc,valid-type]
        name = "broken-parser"

        def load(self, cur: Any, ctx: LoadContext) -> LoadResult:
            raise KeyError(str(ctx.workdir))  # a bug, with a server path in its message

    reports = update_all(store, [Broken(), _source(url)], timeout=1.0)
    assert [r.outcome for r in reports] == ["failed", "updated"]
    assert "KeyError" in reports[0].detail
    with store.read() as cur:
        states = load_states(cur)
    assert states["broken-parser"].failures == 1
    assert states["broken-parser"].last_error is not None
    assert "/tmp" not in states["broken-parser"].last_error  # never a server path
    assert _served(store)[0] == 1
