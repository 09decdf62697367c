"""CBP Border Wait Times live formats: JSON API, XML feed and RSS, with their quirks."""

from __future__ import annotations

import tarfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from puente.border.feeds import parse_delay, parse_feed, parse_update_time
from puente.border.live import parse_snapshot
from puente.errors import SourceError

LIVE = "wait_times/cbp_bwt_live"

DELAYS = [
    ("45", 45, "bwtnew: minutes as a string"),
    ("0", 0, "no delay"),
    ("15 min", 15, "2014 XML: text with unit"),
    ("1 hrs 30 min", 90, "2014 XML: hours and minutes"),
    ("1 hr", 60, "hours only"),
    ("", None, "empty string when the lane has no figure"),
]


@pytest.mark.parametrize(("text", "minutes", "why"), DELAYS)
def test_delay_text_as_published(text: str, minutes: int | None, why: str) -> None:
    assert parse_delay(text, "f") == minutes, why


def test_unreadable_delay_names_the_lane() -> None:
    with pytest.raises(SourceError, match="delay_minutes 'soon'"):
        parse_delay("soon", "bwt.xml: port 250401")


TIMES = [
    ("At 4:00 pm CDT", "2026-08-11", "250401", "2026-08-11T21:00:00+00:00", "Central summer"),
    # A "PST" label in June is wrong: Pacific daylight time is what the port keeps.
    ("At 10:00 am PST", "2022-06-29", "250401", "2022-06-29T17:00:00+00:00", "wrong label"),
    ("At Noon EDT", "2022-06-29", "070801", "2022-06-29T16:00:00+00:00", "Noon"),
    ("At Midnight PDT", "2022-06-29", "250401", "2022-06-29T07:00:00+00:00", "Midnight"),
    # Arizona keeps MST all year, whatever the calendar.
    ("At 3:00 pm MST", "2022-06-29", "260401", "2022-06-29T22:00:00+00:00", "Arizona"),
    ("", "2022-06-29", "250401", None, "no time for a closed lane"),
]


@pytest.mark.parametrize(("text", "day", "port", "expected", "why"), TIMES)
def test_update_time_in_utc(text: str, day: str, port: str, expected: str | None, why: str) -> None:
    moment = parse_update_time(text, datetime.fromisoformat(day).date(), port, None)
    assert (moment.isoformat() if moment else None) == expected, why


def test_overnight_figure_belongs_to_the_day_before() -> None:
    published = datetime(2026, 8, 12, 4, 14, tzinfo=UTC)  # 00:14 EDT on the 12th
    moment = parse_update_time("At 11:00 pm CDT", datetime(2026, 8, 12).date(), "535501", published)
    assert moment == datetime(2026, 8, 12, 4, 0, tzinfo=UTC)


_JSON_PORT = b"""[{"port_number":"250401","border":"Mexican Border","port_name":"San Ysidro",
"crossing_name":"","hours":"24 hrs/day","date":"6/29/2022","time":"13:25:16","port_status":"Open",
"commercial_vehicle_lanes":{"maximum_lanes":"N/A","standard_lanes":{"update_time":"",
"operational_status":"N/A","delay_minutes":"","lanes_open":""}},
"passenger_vehicle_lanes":{"maximum_lanes":"34","standard_lanes":{"update_time":"At 10:00 am PDT",
"operational_status":"delay","delay_minutes":"140","lanes_open":"5"},"NEXUS_SENTRI_lanes":{
"update_time":"At 10:00 am PDT","operational_status":"Update Pending","delay_minutes":"",
"lanes_open":""},"ready_lanes":{"update_time":"At 10:00 am PDT","operational_status":"delay",
"delay_minutes":"85","lanes_open":"12"}},
"pedestrian_lanes":{"maximum_lanes":"22","standard_lanes":{"update_time":"At 10:00 am PDT",
"operational_status":"Lanes Closed","delay_minutes":"","lanes_open":""}},
"construction_notice":""}]"""


def test_json_api_port_by_lane() -> None:
    snap = parse_feed(_JSON_PORT, "bwtnew")
    got = {(r.lane, r.lane_type): (r.status, r.delay_minutes, r.lanes_open) for r in snap.readings}
    assert got == {
        ("commercial", "general"): ("not_applicable", None, None),
        ("passenger", "general"): ("open", 140, 5),
        ("passenger", "sentri"): ("pending", None, None),
        ("passenger", "ready"): ("open", 85, 12),
        ("pedestrian", "general"): ("closed", None, None),
    }
    # No feed clock in the API: the port's date and time (US Eastern) stand in.
    assert snap.published_at == datetime(2022, 6, 29, 17, 25, 16, tzinfo=UTC)


def test_unknown_status_is_an_error_naming_the_lane() -> None:
    bad = _JSON_PORT.replace(b'"Lanes Closed"', b'"Maybe"')
    with pytest.raises(SourceError, match=r"port 250401, pedestrian_lanes.standard_lanes"):
        parse_feed(bad, "bwtnew")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"<html>oops</html>", "unknown format"),
        (b'[{"port_number": ', "not valid JSON"),
        (b"<?xml version='1.0'?><border_wait_time><port>", "not well-formed"),
        (b"<rss><channel><item><title>x", "not well-formed"),
    ],
)
def test_broken_feeds_fail_clearly(data: bytes, expected: str) -> None:
    with pytest.raises(SourceError, match=expected):
        parse_feed(data, "feed")


_RSS = (
    b"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>CBP</title>"
    b"<pubDate>Wed, 12 Aug 2026 00:14:34 EST</pubDate><item><title>Brownsville - Gateway</title>"
    b"<description>Hours: 24 hrs/day <br/> Date: 8/11/2026 <br/> <h4><b> Passenger Vehicles </b>"
    b"</h4>  Maximum Lanes: 5 <br/>General Lanes: At 4:00 pm CDT 60 min delay 4 lane(s) open  "
    b"<br/>Sentri Lanes:  N/A  <br/>Ready Lanes:  Lanes Closed  <br/> <h4><b> Pedestrian </b></h4>"
    b"  Maximum Lanes: 5 <br/>General Lanes: At 4:00 pm CDT no delay 2 lane(s) open  <br/>"
    b"Ready Lanes:  Update Pending  <br/><b>Border Notice: </b>Ready Lane is now operational at "
    b"Gateway Bridge - Lane 1.</description></item></channel></rss>"
)


def test_rss_description_and_notice() -> None:
    snap = parse_snapshot(_RSS, "bwtRss")
    got = [(r.lane, r.lane_type, r.status, r.delay_minutes, r.lanes_open) for r in snap.readings]
    assert got == [
        ("passenger", "general", "open", 60, 4),
        ("passenger", "sentri", "not_applicable", None, None),
        ("passenger", "ready", "closed", None, None),
        ("pedestrian", "general", "open", 0, 2),
        ("pedestrian", "ready", "pending", None, None),
    ]
    # Mapped to the ports registry by the crossing's name, to its CBP number.
    assert {r.port_number for r in snap.readings} == {"535504"}
    assert all("Ready Lane is now operational" in r.notice for r in snap.readings)
    # The channel says "EST" but is Eastern daylight time.
    assert snap.published_at == datetime(2026, 8, 12, 4, 14, 34, tzinfo=UTC)
    assert snap.readings[0].updated_at == datetime(2026, 8, 11, 21, 0, tzinfo=UTC)


def test_escaped_html_description_reads_the_same() -> None:
    escaped = _RSS.replace(b"<br/>", b"&lt;br/&gt;").replace(b"<h4><b>", b"&lt;h4&gt;&lt;b&gt;")
    escaped = escaped.replace(b"</b></h4>", b"&lt;/b&gt;&lt;/h4&gt;")
    escaped = escaped.replace(b"<b>Border", b"&lt;b&gt;Border").replace(b": </b>", b": &lt;/b&gt;")
    assert parse_snapshot(escaped, "x").readings == parse_snapshot(_RSS, "x").readings


SNAPSHOTS = [
    ("bwt_xml_2014-04-28.xml", "xml", 42, "2014-04-29T01:41:01+00:00"),
    ("bwt_xml_2017-03-17.xml", "xml", 44, "2017-03-17T04:31:39+00:00"),
    ("bwtnew_2022-06-29.json", "json", 46, "2022-06-29T17:25:16+00:00"),
    ("bwtpublicmod_2022-07-01.json", "json", 46, None),
    ("bwt_xml_2022-10-17.xml", "xml", 47, "2022-10-18T01:14:36+00:00"),
    ("bwt_json_via_php_2023-11-10.json", "json", 49, "2023-11-10T06:55:05+00:00"),
]


@pytest.mark.integration
@pytest.mark.parametrize(("name", "fmt", "mexican", "published"), SNAPSHOTS)
def test_real_full_feed_snapshots(
    shared_data: Path, name: str, fmt: str, mexican: int, published: str | None
) -> None:
    snap = parse_feed((shared_data / LIVE / name).read_bytes(), name)
    assert snap.format == fmt
    ports = {r.port_number for r in snap.readings if r.border == "Mexican Border"}
    assert len(ports) == mexican  # README section 9a
    if published:
        assert snap.published_at is not None
        assert snap.published_at.isoformat() == published
    sy = [r for r in snap.readings if r.port_number == "250401" and r.lane == "passenger"]
    assert {r.lane_type for r in sy} == {"general", "sentri", "ready"}
    general = next(r for r in sy if r.lane_type == "general")
    assert general.status == "open"
    assert general.delay_minutes is not None
    assert general.updated_at is not None
    assert snap.published_at is None or abs(general.updated_at - snap.published_at).days == 0


@pytest.mark.integration
def test_2014_text_delays_are_minutes(shared_data: Path) -> None:
    data = (shared_data / LIVE / "bwt_xml_2014-04-28.xml").read_bytes()
    assert b"<delay_minutes>1 hrs 30 min</delay_minutes>" in data
    snap = parse_feed(data, "2014")
    assert 90 in {r.delay_minutes for r in snap.readings}


@pytest.mark.integration
def test_brownsville_series_matches_its_index(shared_data: Path, tmp_path: Path) -> None:
    with tarfile.open(shared_data / LIVE / "brownsville_bwtrss_2026-08.tar.gz") as archive:
        archive.extractall(tmp_path, filter="data")
    files = sorted(tmp_path.rglob("*.xml"))
    assert len(files) == 424
    statuses: Counter[str] = Counter()
    ports: set[str] = set()
    for path in files:
        snap = parse_snapshot(path.read_bytes(), path.name)
        statuses.update(r.status for r in snap.readings)
        ports |= {r.port_number for r in snap.readings}
    # README 9c: delay 4,497, Lanes Closed 2,429, N/A 2,038, Update Pending 364.
    assert statuses == {"open": 4497, "closed": 2429, "not_applicable": 2038, "pending": 364}
    assert ports == {"535501", "535502", "535503", "535504"}


@pytest.mark.integration
def test_el_paso_series_crossings_are_in_the_registry(shared_data: Path) -> None:
    """The El Paso capture (derived CSV of rssbyportnum) names four crossings; each maps to a
    registry crossing with its CBP port number."""
    import csv

    from puente.border.live import registry_crossings

    with (shared_data / LIVE / "el_paso_bwtrss_parsed_2026-08.csv").open() as handle:
        names = {row["port_name"] for row in csv.DictReader(handle)}
    numbers = {
        c.port_number: c.crossing for c in registry_crossings() if c.port_number[:4] == "2402"
    }
    assert len(names) == 4
    assert set(numbers) == {"240201", "240202", "240203", "240204"}
    for name in names:
        assert any(name.split(" (")[0].lower() in c.lower() for c in numbers.values()), name
