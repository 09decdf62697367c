"""State's travel advisories feed (RSS) as published: levels and dates from the items, Mexico's
level per state from the description in both layouts State has used, and the feed loaded by the
updater from a fake travel.state.gov on 127.0.0.1 into the travel pages."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.errors import SourceError
from puente.ingest.base import FileSpec
from puente.ingest.updates import update_dataset
from puente.store import Store, catalog
from puente.travel.advisory import advisory_levels, state_advisory
from puente.travel.feed import TravelAdvisoryFeedSource, parse_feed, state_levels
from tests.travel.helpers import load_travel

FEED = Path(__file__).resolve().parents[1] / "fixtures" / "state-travel-advisories" / "TAsTWs.xml"

# The 2023-24 layout: summary lists, then one heading per state (from the published advisory).
LAYOUT_2023 = """
<p><b>Country Summary: </b>Violent crime is widespread and common in Mexico.</p>
<p><b>Do Not Travel To:</b></p>
<ul>
<li><a href="#colimastate">Colima state</a>&nbsp;due to&nbsp;<b>crime&nbsp;</b>and&nbsp;\
<b>kidnapping</b>.</li>
<li><a href="#zacatecasstate">Zacatecas</a>&nbsp;state due to&nbsp;<b>crime</b>.</li>
</ul>
<p><b>Reconsider Travel To:</b></p>
<ul><li><a href="#bajacalifornia">Baja California</a>&nbsp;state due to&nbsp;<b>crime</b>.</li></ul>
<p><b>Exercise Increased Caution When Traveling To:</b></p>
<ul><li><a href="#mexicocity">Mexico City</a>&nbsp;due to&nbsp;<b>crime</b>.</li>
<li><a href="#mexicostate">Mexico State</a>&nbsp;due to&nbsp;<b>crime</b>.</li>
<li><a href="#queretarostate">Queretaro state&nbsp;</a>due to&nbsp;<b>crime</b>.</li></ul>
<p><b>Exercise Normal Precautions When Traveling To:</b></p>
<ul><li><a href="#campechestate">Campeche state</a></li></ul>
<p>If you decide to travel to Mexico:</p>
<ul><li>Keep traveling companions and family back home informed of your travel plans.</li>
<li>Use toll roads when possible and avoid driving alone or at night.</li></ul>
<p><b><u><a id="aguascalientes"></a>Aguascalientes state &#8211; \
Exercise Increased Caution</u></b></p>
<p>Exercise increased caution due to crime.</p>
<p><b><u><a id="bajacalifornia"></a>Baja California state &#8211; Reconsider Travel</u></b></p>
<p>Reconsider travel due to crime and kidnapping.</p>
"""


def test_items_give_country_levels_and_dates() -> None:
    feed = parse_feed(FEED.read_bytes(), "TAsTWs.xml")
    got = {i.country: (i.level, i.label, i.date, i.country_tag) for i in feed.items}
    assert got == {
        "Canada": (1, "Exercise Normal Precautions", "2026-02-11", "CA"),
        # "Mexico Travel Advisory&nbsp;- Level 2": the HTML entity and the wording both read.
        "Mexico": (2, "Exercise Increased Caution", "2026-11-09", "MX"),
        "Colombia": (3, "Reconsider Travel", "2026-10-13", "CO"),
    }
    assert feed.skipped == ["Worldwide Caution"]  # no level: not an advisory


def test_mexico_by_state_in_the_2025_layout() -> None:
    feed = parse_feed(FEED.read_bytes(), "TAsTWs.xml")
    mexico = next(i for i in feed.items if i.country == "Mexico")
    levels = state_levels(mexico.description, "x")
    assert len(levels) == 32
    assert all(level.explicit for level in levels.values())
    # Spellings as published: "State of Guerro", "State of Muchoacan", "Sate of Tamaulipas".
    assert {levels[c].level for c in ("MX-GRO", "MX-MIC", "MX-TAM", "MX-SON")} == {4}
    assert levels["MX-GRO"].reasons == ("terrorism", "crime")
    assert levels["MX-CMX"].level == 2
    assert levels["MX-MEX"].level == 2
    assert levels["MX-YUC"].level == 1
    assert levels["MX-YUC"].reasons == ()


def test_mexico_by_state_in_the_2023_layout() -> None:
    levels = state_levels(LAYOUT_2023, "x")
    assert {code: s.level for code, s in levels.items()} == {
        "MX-COL": 4, "MX-ZAC": 4, "MX-BCN": 3, "MX-CMX": 2, "MX-MEX": 2, "MX-QUE": 2,
        "MX-CAM": 1, "MX-AGU": 2,
    }  # fmt: skip
    assert levels["MX-COL"].reasons == ("crime", "kidnapping")
    assert levels["MX-BCN"].explicit  # the state's own heading, not only the summary list
    assert levels["MX-BCN"].reasons == ("crime", "kidnapping")


def test_two_headings_that_disagree_are_an_error() -> None:
    html = (
        "<p><b>Sonora state &#8211; Reconsider Travel</b></p>"
        "<p><b>Sonora state &#8211; Do Not Travel</b></p>"
    )
    with pytest.raises(SourceError, match="Sonora is given level 3 and level 4"):
        state_levels(html, "x")


BAD = [
    (b"<rss><channel><item><title>Mexico", "not well-formed XML", "truncated body"),
    (b"<feed/>", "expected <rss><channel>", "an Atom feed"),
    (b"<rss><channel></channel></rss>", "no advisory items", "empty"),
    (
        b"<rss><channel><item><title>Mexico - Level 2: Do Not Travel</title>"
        b"<pubDate>Tue, 12 Aug 2025</pubDate></item></channel></rss>",
        "level 2 is labelled 'Do Not Travel'; expected 'Exercise Increased Caution'",
        "label that is not State's wording",
    ),
    (
        b"<rss><channel><item><title>Mexico - Level 2: Exercise Increased Caution</title>"
        b"<pubDate>soon</pubDate></item></channel></rss>",
        "pubDate 'soon' is not a date",
        "bad date",
    ),
]


@pytest.mark.parametrize(("data", "message", "why"), BAD)
def test_bad_feeds_are_refused_naming_what_was_expected(
    data: bytes, message: str, why: str
) -> None:
    with pytest.raises(SourceError) as caught:
        parse_feed(data, "TAsTWs.xml")
    assert message in caught.value.detail, why
    assert caught.value.detail.startswith("TAsTWs.xml"), why


class Publisher:
    def __init__(self) -> None:
        self.body = FEED.read_bytes()
        self.mode = "ok"  # ok | error | truncated


@pytest.fixture
def state_dept(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Publisher, str]]:
    monkeypatch.setenv("PUENTE_FETCH_ALLOW_PRIVATE", "true")
    state = Publisher()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return None

        def do_GET(self) -> None:
            if state.mode == "error":
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            if state.mode == "truncated":
                self.wfile.write(state.body[: len(state.body) // 2])
                self.close_connection = True
                return
            self.wfile.write(state.body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}/_res/rss/TAsTWs.xml"
    server.shutdown()
    server.server_close()


def _source(url: str) -> TravelAdvisoryFeedSource:
    class FakePublished(TravelAdvisoryFeedSource):
        files: ClassVar[tuple[FileSpec, ...]] = (
            FileSpec(name="TAsTWs.xml", mirror="travel/TAsTWs.xml", url=url),
        )

    return FakePublished()


def test_the_feed_becomes_the_newest_advisory_on_the_travel_pages(
    store: Store, state_dept: tuple[Publisher, str], tmp_path: Path
) -> None:
    _state, url = state_dept
    load_travel(store)
    report = update_dataset(store, _source(url), timeout=5)
    assert report.outcome == "updated", report.detail
    with store.read() as cur:
        levels = advisory_levels(cur)
        sonora = state_advisory(cur, "Sonora")
    assert levels.advisory_date == "2026-11-09"
    assert levels.previous_date == "2025-08-12"  # the project table's latest
    assert levels.country_level == 2
    assert levels.country_reasons == ["terrorism", "crime", "kidnapping"]
    by_code = {s["code"]: s for s in levels.states}
    assert (by_code["MX-SON"]["level"], by_code["MX-SON"]["previous_level"]) == (4, 3)
    assert url in by_code["MX-SON"]["source"]
    assert [h["advisory_date"] for h in sonora.history][:2] == ["2026-11-09", "2025-08-12"]
    datasets = {d.dataset for d in levels.datasets}
    assert {"mexico-travel-advisory", "state-travel-advisories"} <= datasets
    # What a traveller sees: the page leads with the feed's advisory, Sonora raised to 4.
    app = create_app(Settings(db=tmp_path / "puente.duckdb"), store=store)
    with TestClient(app) as client:
        page = client.get("/travel")
    assert page.status_code == 200
    assert 'href="/api/travel/advisory?date=2026-11-09"' in page.text
    row = page.text.split('data-state="MX-SON"')[1].split("</tr>")[0]
    assert "Level 4" in row
    changes = page.text.split('id="advisory-changes"')[1].split("</ul>")[0]
    assert "Sonora" in changes


@pytest.mark.parametrize("mode", ["error", "truncated"])
def test_a_failing_feed_keeps_the_advisory_served(
    store: Store, state_dept: tuple[Publisher, str], mode: str
) -> None:
    state, url = state_dept
    load_travel(store)
    assert update_dataset(store, _source(url), timeout=5).outcome == "updated"
    state.mode = mode
    state.body = state.body.replace(b"Mon, 09 Nov 2026", b"Tue, 01 Dec 2026")
    report = update_dataset(store, _source(url), timeout=5)
    assert report.outcome == "failed"
    with store.read() as cur:
        assert catalog.current_version(cur, "state-travel-advisories").version == 1  # type: ignore[union-attr]
        assert advisory_levels(cur).advisory_date == "2026-11-09"
