"""Parsers for CBP Border Wait Times (bwt.cbp.gov) live feeds, as published.

Three formats carry the same facts (a wait per crossing, lane and lane type):

- the JSON API (`/api/bwtnew`, `/api/bwtpublicmod`): an array of port objects, every value a
  string, `""` when empty; also the XML converted to JSON by PHP (`{}` for empty elements, a
  root object holding `port: [...]`), which some republishers serve;
- the XML feed (`/xml/bwt.xml`): the same tree under `border_wait_time/port`, declared
  ISO-8859-1; in old files `delay_minutes` is text ("15 min", "1 hrs 30 min");
- the RSS 2.0 feeds (`/api/bwtRss/...`, `/api/bwtrss/rssbyportnum/HTML/ALL/<port>`): one item per
  crossing whose description is HTML text ("General Lanes: At 4:00 pm CDT 60 min delay
  2 lane(s) open"), with "N/A", "Lanes Closed" or "Update Pending" instead of a time.

Times are local to each port and carry a zone label that is sometimes wrong (a "PST" label in
June). The label's zone family (Pacific, Mountain, Central, Eastern) is kept and daylight saving
is taken from the calendar; ports of the Arizona district (port numbers 26xxxx) keep MST all
year. A lane's time that would lie after the feed was published belongs to the day before (an
overnight figure carried forward). See docs/decisions/0014-live-waits-and-forecast.md.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from xml.etree import ElementTree

from puente.errors import SourceError

# The lane groups and lane types of the JSON and XML feeds, in Puente's vocabulary.
GROUPS: dict[str, tuple[str, dict[str, str]]] = {
    "commercial_vehicle_lanes": (
        "commercial",
        {"standard_lanes": "general", "FAST_lanes": "fast"},
    ),
    "passenger_vehicle_lanes": (
        "passenger",
        {"standard_lanes": "general", "NEXUS_SENTRI_lanes": "sentri", "ready_lanes": "ready"},
    ),
    "pedestrian_lanes": ("pedestrian", {"standard_lanes": "general", "ready_lanes": "ready"}),
}
# The section headings and lane names of the RSS descriptions.
RSS_SECTIONS: dict[str, str] = {
    "commercial vehicles": "commercial",
    "passenger vehicles": "passenger",
    "pedestrian": "pedestrian",
}
RSS_LANES: dict[str, str] = {
    "general": "general",
    "sentri": "sentri",
    "nexus/sentri": "sentri",
    "ready": "ready",
    "fast": "fast",
}
# operational_status as published -> Puente's status.
STATUSES: dict[str, str] = {
    "delay": "open",
    "no delay": "open",
    "lanes closed": "closed",
    "update pending": "pending",
    "n/a": "not_applicable",
    "": "not_applicable",
}
# The zone family of each label; daylight saving comes from the calendar (labels lie).
_ZONES: dict[str, str] = {
    "P": "America/Los_Angeles",
    "M": "America/Denver",
    "C": "America/Chicago",
    "E": "America/New_York",
}
_ARIZONA_DISTRICT = "26"
_TIME = re.compile(
    r"^\s*(?:At\s+)?(?:(?P<h>\d{1,2}):(?P<m>\d{2})\s*(?P<ampm>am|pm)|(?P<word>Noon|Midnight))"
    r"\s+(?P<zone>[A-Z]{2,4})\s*$",
    re.IGNORECASE,
)
_DELAY = re.compile(
    r"^\s*(?:(?P<h>\d+)\s*hrs?)?\s*(?:(?P<m>\d+)\s*(?:min|mins|minutes)?)?\s*$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Reading:
    """One lane's figure in one feed snapshot."""

    port_number: str
    port_name: str
    crossing_name: str
    border: str
    lane: str
    lane_type: str
    status: str
    delay_minutes: int | None
    lanes_open: int | None
    maximum_lanes: int | None
    update_label: str
    updated_at: datetime | None
    notice: str

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["updated_at"] = self.updated_at.isoformat() if self.updated_at else None
        return data


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What one fetch of a feed said, and when the publisher says it was made."""

    format: str
    published_at: datetime | None
    readings: tuple[Reading, ...]


def parse_delay(text: str, label: str) -> int | None:
    """'45', '15 min', '1 hrs 30 min', '1 hr' -> minutes; '' -> None."""
    value = text.strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    found = _DELAY.match(value)
    if found is None or not (found.group("h") or found.group("m")):
        raise SourceError(
            f"delay_minutes {value!r} is not a wait; expected minutes such as 15, "
            "'15 min' or '1 hrs 30 min'",
            file=label,
        )
    return int(found.group("h") or 0) * 60 + int(found.group("m") or 0)


def _int(text: str) -> int | None:
    value = text.strip()
    return int(value) if value.isdigit() else None


def _zone_for(label: str, port_number: str) -> str | None:
    if port_number.startswith(_ARIZONA_DISTRICT):
        return "America/Phoenix"
    return _ZONES.get(label[:1].upper())


def parse_update_time(
    text: str, day: date | None, port_number: str, published_at: datetime | None
) -> datetime | None:
    """'At 4:00 pm CDT' on the port's date -> an aware UTC time (None if no time given)."""
    from zoneinfo import ZoneInfo

    found = _TIME.match(text)
    if found is None or day is None:
        return None
    zone = _zone_for(found.group("zone"), port_number)
    if zone is None:
        return None
    word = (found.group("word") or "").lower()
    if word:
        hour, minute = (12 if word == "noon" else 0), 0
    else:
        hour, minute = int(found.group("h")) % 12, int(found.group("m"))
        if found.group("ampm").lower() == "pm":
            hour += 12
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))
    moment = local.astimezone(UTC)
    if published_at is not None and moment > published_at + timedelta(hours=1):
        moment = (local - timedelta(days=1)).astimezone(UTC)
    return moment


def _port_date(text: str) -> date | None:
    value = text.strip()
    for fmt in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _status(text: str, label: str) -> str:
    key = text.strip().lower()
    if key not in STATUSES:
        raise SourceError(
            f"operational_status {text!r} is unknown; expected delay, no delay, "
            "Lanes Closed, Update Pending or N/A",
            file=label,
        )
    return STATUSES[key]


def _text(node: Any) -> str:
    """A JSON value as text: PHP's `{}` for an empty element and None become ''."""
    if node is None or isinstance(node, dict | list):
        return ""
    return str(node).strip()


def _readings_of_port(
    port: dict[str, Any], label: str, published_at: datetime | None
) -> list[Reading]:
    number = _text(port.get("port_number"))
    if not number:
        raise SourceError("a port has no port_number; expected a 6-digit CBP number", file=label)
    day = _port_date(_text(port.get("date")))
    out: list[Reading] = []
    for group_key, (lane, types) in GROUPS.items():
        group = port.get(group_key)
        if not isinstance(group, dict):
            continue
        maximum = _int(_text(group.get("maximum_lanes")))
        for type_key, lane_type in types.items():
            cell = group.get(type_key)
            if not isinstance(cell, dict) or not cell:
                continue
            where = f"{label}: port {number}, {group_key}.{type_key}"
            status = _status(_text(cell.get("operational_status")), where)
            update_label = _text(cell.get("update_time"))
            delay = parse_delay(_text(cell.get("delay_minutes")), where)
            out.append(
                Reading(
                    port_number=number,
                    port_name=_text(port.get("port_name")),
                    crossing_name=_text(port.get("crossing_name")),
                    border=_text(port.get("border")),
                    lane=lane,
                    lane_type=lane_type,
                    status=status,
                    delay_minutes=delay if status == "open" else None,
                    lanes_open=_int(_text(cell.get("lanes_open"))) if status == "open" else None,
                    maximum_lanes=maximum,
                    update_label=update_label,
                    updated_at=parse_update_time(update_label, day, number, published_at),
                    notice=_text(port.get("construction_notice")),
                )
            )
    return out


def parse_json(data: bytes, label: str, published_at: datetime | None = None) -> Snapshot:
    """The JSON API (`bwtnew`, `bwtpublicmod`), or the XML as converted by PHP."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SourceError(
            f"not valid JSON ({exc}); expected the BWT JSON array of ports", file=label
        ) from exc
    if isinstance(doc, dict) and "port" in doc:
        published_at = published_at or _feed_clock(
            _text(doc.get("last_updated_date")), _text(doc.get("last_updated_time"))
        )
        doc = doc["port"]
    if not isinstance(doc, list) or not all(isinstance(p, dict) for p in doc):
        raise SourceError("expected a JSON array of port objects", file=label)
    if published_at is None and doc:
        # No feed clock in the API: each port's date and time are US Eastern (CBP's own).
        published_at = _feed_clock(_iso_day(_text(doc[0].get("date"))), _text(doc[0].get("time")))
    readings = [r for port in doc for r in _readings_of_port(port, label, published_at)]
    return Snapshot("json", published_at, tuple(readings))


def _element_dict(node: ElementTree.Element) -> dict[str, Any] | str:
    children = list(node)
    if not children:
        return (node.text or "").strip()
    return {child.tag: _element_dict(child) for child in children}


def _iso_day(text: str) -> str:
    day = _port_date(text)
    return f"{day.year}-{day.month}-{day.day}" if day else ""


def _feed_clock(day: str, clock: str) -> datetime | None:
    """The XML's last_updated_date/time ('2014-4-28', '21:41:1'), US Eastern."""
    from zoneinfo import ZoneInfo

    try:
        y, mo, d = (int(x) for x in day.split("-"))
        h, mi, s = (int(x) for x in clock.split(":"))
        local = datetime(y, mo, d, h, mi, s, tzinfo=ZoneInfo("America/New_York"))
    except ValueError:
        return None
    return local.astimezone(UTC)


def parse_xml(data: bytes, label: str, published_at: datetime | None = None) -> Snapshot:
    """The XML feed (`/xml/bwt.xml`)."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise SourceError(
            f"not well-formed XML ({exc}); expected the BWT border_wait_time document",
            file=label,
        ) from exc
    if root.tag != "border_wait_time":
        raise SourceError(
            f"the root element is <{root.tag}>; expected <border_wait_time>", file=label
        )
    published_at = published_at or _feed_clock(
        root.findtext("last_updated_date", ""), root.findtext("last_updated_time", "")
    )
    readings: list[Reading] = []
    for port in root.iter("port"):
        fields = _element_dict(port)
        if isinstance(fields, dict):
            readings += _readings_of_port(fields, label, published_at)
    return Snapshot("xml", published_at, tuple(readings))


_RSS_LANE = re.compile(r"^(?P<lane>[A-Za-z/ ]+?) Lanes:\s*(?P<rest>.*)$")
_RSS_FIGURE = re.compile(
    r"^(?P<time>At .+?[A-Z]{2,4})\s+(?:(?P<delay>no delay)|(?P<minutes>\d+) min delay)"
    r"(?:\s+(?P<open>\d+) lane\(s\) open)?\s*$",
    re.IGNORECASE,
)
_RSS_FIELD = re.compile(r"^(Hours|Date|Maximum Lanes):\s*(.*)$")


def _rss_parts(description: str) -> list[str]:
    text = re.sub(r"<\s*br\s*/?\s*>", "\n", description, flags=re.IGNORECASE)
    text = re.sub(r"<\s*h4\s*>", "\n", text, flags=re.IGNORECASE)
    text = re.sub(r"</\s*h4\s*>", "\n", text, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]+>", "", text)
    return [re.sub(r"\s+", " ", html.unescape(p)).strip() for p in text.split("\n")]


def _rss_item(
    title: str, description: str, port_number: str, label: str, published_at: datetime | None
) -> list[Reading]:
    port_name, _, crossing = title.partition(" - ")
    day: date | None = None
    lane: str | None = None
    maximum: int | None = None
    notice = ""
    out: list[Reading] = []
    for part in _rss_parts(description):
        if not part:
            continue
        if part.lower().startswith("border notice:"):
            notice = part.split(":", 1)[1].strip()
            continue
        if notice:
            notice = f"{notice} {part}"
            continue
        if part.lower() in RSS_SECTIONS:
            lane = RSS_SECTIONS[part.lower()]
            continue
        field = _RSS_FIELD.match(part)
        if field is not None:
            if field.group(1) == "Date":
                day = _port_date(field.group(2))
            elif field.group(1) == "Maximum Lanes":
                maximum = _int(field.group(2))
            continue
        found = _RSS_LANE.match(part)
        where = f"{label}: {title}"
        if found is None or lane is None:
            raise SourceError(
                f"unexpected text {part!r}; expected 'General Lanes: At 4:00 pm CDT 10 min "
                "delay 1 lane(s) open' under a section heading",
                file=where,
            )
        lane_type = RSS_LANES.get(found.group("lane").strip().lower())
        if lane_type is None:
            raise SourceError(
                f"unknown lane {found.group('lane')!r}; expected General, Sentri, Ready or Fast",
                file=where,
            )
        rest = found.group("rest").strip()
        figure = _RSS_FIGURE.match(rest)
        if figure is not None:
            status = "open"
            minutes = 0 if figure.group("delay") else int(figure.group("minutes"))
            lanes_open = _int(figure.group("open") or "")
            update_label = figure.group("time")
        else:
            status = _status(rest, where)
            minutes, lanes_open, update_label = None, None, ""
        out.append(
            Reading(
                port_number=port_number,
                port_name=port_name.strip(),
                crossing_name=crossing.strip(),
                border="Mexican Border" if port_number[:1] in {"2", "5"} else "",
                lane=lane,
                lane_type=lane_type,
                status=status,
                delay_minutes=minutes,
                lanes_open=lanes_open,
                maximum_lanes=maximum,
                update_label=update_label,
                updated_at=parse_update_time(update_label, day, port_number, published_at),
                notice=notice,
            )
        )
    # The notice may follow the lanes it concerns: give it to every lane of the crossing.
    return [
        r if r.notice or not notice else Reading(**{**asdict(r), "notice": notice}) for r in out
    ]


def _markup(node: ElementTree.Element | None) -> str:
    """A description's content as HTML text: CBP sends the HTML unescaped (`<br/>` elements
    inside <description>), other copies escape it; both come out the same."""
    if node is None:
        return ""
    inner = "".join(ElementTree.tostring(child, encoding="unicode") for child in node)
    return (node.text or "") + inner


def _rss_pubdate(text: str) -> datetime | None:
    """The channel's pubDate. It says 'EST' but is Eastern local time, daylight saving
    included; read it as America/New_York."""
    from zoneinfo import ZoneInfo

    value = text.strip()
    if not value:
        return None
    stamp = re.sub(r"\s+(EST|EDT)$", "", value)
    try:
        naive = parsedate_to_datetime(stamp).replace(tzinfo=None)
    except (TypeError, ValueError):
        return None
    return naive.replace(tzinfo=ZoneInfo("America/New_York")).astimezone(UTC)


def parse_rss(
    data: bytes,
    label: str,
    port_numbers: dict[str, str] | None = None,
    published_at: datetime | None = None,
) -> Snapshot:
    """An RSS 2.0 feed. Items name crossings, not port numbers: `port_numbers` maps an item
    title ("Brownsville - B&M") to its CBP number (from the ports registry)."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise SourceError(
            f"not well-formed XML ({exc}); expected an RSS 2.0 feed", file=label
        ) from exc
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise SourceError(f"the root element is <{root.tag}>; expected <rss><channel>", file=label)
    published_at = published_at or _rss_pubdate(channel.findtext("pubDate", ""))
    numbers = {k.lower(): v for k, v in (port_numbers or {}).items()}
    readings: list[Reading] = []
    for item in channel.iter("item"):
        title = (item.findtext("title") or "").strip()
        number = numbers.get(title.lower(), "")
        readings += _rss_item(title, _markup(item.find("description")), number, label, published_at)
    return Snapshot("rss", published_at, tuple(readings))


def parse_feed(
    data: bytes,
    label: str,
    port_numbers: dict[str, str] | None = None,
    published_at: datetime | None = None,
) -> Snapshot:
    """Any of the three formats, told apart by their first bytes."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:400]
    if not head:
        raise SourceError("the feed is empty; expected BWT JSON, XML or RSS", file=label)
    if head[:1] in {b"[", b"{"}:
        return parse_json(data, label, published_at)
    if b"<rss" in head:
        return parse_rss(data, label, port_numbers, published_at)
    if b"<border_wait_time" in head or head.startswith(b"<?xml"):
        return parse_xml(data, label, published_at)
    raise SourceError("unknown format; expected BWT JSON, XML or RSS", file=label)
