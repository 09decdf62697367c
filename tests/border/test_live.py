"""Recording the live feed and answering "how long is the line now", with the age of each
figure; the API, the CLI and the forecast's error handling."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from puente.border import live
from puente.border.feeds import parse_feed
from puente.cli.main import app as cli_app
from puente.store import Store
from tests.border.test_feeds import _JSON_PORT

NOW = datetime(2022, 6, 29, 18, 30, tzinfo=UTC)


def _record(store: Store, data: bytes = _JSON_PORT) -> live.PollResult:
    return live.record_snapshot(
        store, parse_feed(data, "bwtnew"), "https://bwt.cbp.gov/api/bwtnew", data, NOW
    )


def test_now_per_lane_with_age(store: Store) -> None:
    result = _record(store)
    assert result.stored == 5
    with store.read() as cur:
        now = live.current_waits(cur, "2504", now=NOW)
    by_type = {(r["lane"], r["lane_type"]): r for r in now["rows"]}
    general = by_type[("passenger", "general")]
    assert general["delay_minutes"] == 140
    assert general["lanes_open"] == 5
    assert general["crossing"] == "San Ysidro"
    assert general["age_minutes"] == 90  # CBP's 10:00 am PDT figure, at 11:30 am PDT
    assert not general["stale"]
    assert by_type[("pedestrian", "general")]["status"] == "closed"
    assert general["source"] == "https://bwt.cbp.gov/api/bwtnew"


def test_unchanged_figures_are_stored_once(store: Store) -> None:
    _record(store)
    again = _record(store)
    assert again.stored == 0
    changed = _JSON_PORT.replace(b'"delay_minutes":"140"', b'"delay_minutes":"150"')
    assert _record(store, changed).stored == 1


def test_unknown_port_is_404(store: Store) -> None:
    from puente.errors import NotFound

    with store.read() as cur, pytest.raises(NotFound):
        live.current_waits(cur, "9999")


def test_api_now_and_bad_forecast_time(store: Store, tmp_path: Path) -> None:
    from puente.api import create_app
    from puente.config import Settings

    _record(store)
    app = create_app(Settings(db=tmp_path / "x.duckdb"), store=store)
    with TestClient(app) as client:
        response = client.get("/api/border/waits/2504/now")
        bad = client.get("/api/border/waits/2504/forecast", params={"at": "tomorrow"})
    assert response.status_code == 200
    rows = response.json()["rows"]
    assert {r["lane_type"] for r in rows if r["lane"] == "passenger"} == {
        "general",
        "sentri",
        "ready",
    }
    assert all("age_minutes" in r for r in rows)
    assert bad.status_code == 400
    assert "ISO 8601" in bad.json()["detail"]


def test_cli_poll_from_file_then_now(tmp_path: Path) -> None:
    feed = tmp_path / "bwtnew.json"
    feed.write_bytes(_JSON_PORT)
    db = str(tmp_path / "p.duckdb")
    runner = CliRunner()
    polled = runner.invoke(cli_app, ["--db", db, "waits", "poll", "--from", str(feed), "--json"])
    assert polled.exit_code == 0, polled.output
    assert '"stored": 5' in polled.output
    now = runner.invoke(
        cli_app, ["--db", db, "border", "waits", "now", "2504"], env={"COLUMNS": "200"}
    )
    assert now.exit_code == 0, now.output
    assert "140 min" in now.output
    assert "San Ysidro" in now.output
    assert re.search(r"\d{4} days ago \(stale\)", now.output)  # a 2022 capture, read now


def test_cli_poll_of_a_broken_feed_fails_and_stores_nothing(tmp_path: Path) -> None:
    feed = tmp_path / "bwtnew.json"
    feed.write_bytes(_JSON_PORT[:200])
    db = str(tmp_path / "p.duckdb")
    result = CliRunner().invoke(cli_app, ["--db", db, "waits", "poll", "--from", str(feed)])
    assert result.exit_code != 0
    assert "not valid JSON" in result.output


def test_a_saved_feed_is_named_by_its_mirror_path_never_a_server_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """The source of each live figure: the path under the mirror for a capture in it, the file
    name for one elsewhere; never the folder the server keeps it in."""
    import json

    from puente.config import get_settings

    mirror = tmp_path / "mirror"
    feed = mirror / "wait_times" / "cbp_bwt_live" / "bwtnew_2022-06-29.json"
    feed.parent.mkdir(parents=True)
    feed.write_bytes(_JSON_PORT)
    elsewhere = tmp_path / "downloads" / "bwtnew.json"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(_JSON_PORT.replace(b'"delay_minutes":"140"', b'"delay_minutes":"150"'))
    monkeypatch.setenv("PUENTE_MIRROR", str(mirror))
    get_settings.cache_clear()  # the CLI reads its settings once per process
    request.addfinalizer(get_settings.cache_clear)
    db = str(tmp_path / "p.duckdb")
    runner = CliRunner()
    sources = []
    for location in (feed, elsewhere):
        polled = runner.invoke(
            cli_app, ["--db", db, "waits", "poll", "--from", str(location), "--json"]
        )
        assert polled.exit_code == 0, polled.output
        sources.append(json.loads(polled.stdout)["source"])
        now = runner.invoke(cli_app, ["--db", db, "border", "waits", "now", "2504", "--json"])
        general = next(
            r
            for r in json.loads(now.stdout)["rows"]
            if (r["lane"], r["lane_type"]) == ("passenger", "general")
        )
        assert general["source"] == sources[-1]
    assert sources == ["wait_times/cbp_bwt_live/bwtnew_2022-06-29.json", "bwtnew.json"]


@pytest.mark.parametrize(("lang", "unit"), [("en", "{} days ago"), ("es", "hace {} días")])
def test_an_old_figure_shows_its_age_in_days(
    store: Store, tmp_path: Path, lang: str, unit: str
) -> None:
    """A figure recorded years ago reads as days old on the port page and in the CLI, not as
    two million minutes."""
    from puente.api import create_app
    from puente.config import Settings
    from tests.border.waits_support import load_waits_fixture
    from tests.conftest import load_border_fixture

    load_border_fixture(store)
    load_waits_fixture(store, tmp_path / "mirror")  # the port page needs its averages
    _record(store)
    app = create_app(Settings(db=tmp_path / "x.duckdb"), store=store)
    with TestClient(app) as client:
        rows = client.get("/api/border/waits/2504/now").json()["rows"]
        page = client.get("/border/waits/2504", params={"lang": lang}).text
    general = next(r for r in rows if (r["lane"], r["lane_type"]) == ("passenger", "general"))
    days = general["age_minutes"] // 1440
    assert days > 365
    row = re.search(r'<tr data-lane="passenger" data-type="general"[^>]*>(.*?)</tr>', page, re.S)
    assert row is not None
    assert unit.format(days) in row.group(1)
    assert "min" not in row.group(1).split("</td>")[-2]  # the age cell
    # When it was fetched, with its zone: a border crosser reads it against a local clock.
    fetched = re.search(r'<p class="provenance">[^<]*', page)
    assert fetched is not None
    assert re.search(r"\d{2}:\d{2} UTC", fetched.group(0)), fetched.group(0)
