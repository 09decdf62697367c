"""The State Department's travel advisories feed (RSS 2.0, travel.state.gov/_res/rss/TAsTWs.xml),
read as published.

Each `<item>` is one country's advisory: the level is in the title ("Mexico - Level 2: Exercise
Increased Caution", also "Mexico Travel Advisory - Level 2: ...", and for Mexico in some years
"Mexico - See State Summaries - Level 3: ..."), again in a `Threat-Level` category, the date in
`pubDate` (RFC 822, with or without a time), and the advisory itself as HTML in `description`.
For Mexico the description gives a level per state, in one of two layouts State has used:

* 2023-24: summary lists under "Do Not Travel To:" ... "Exercise Normal Precautions When
  Traveling To:", and a heading per state ("Aguascalientes state – Exercise Increased Caution").
* 2025-: headings "Level: 4 - Do not travel", then one paragraph per state ("State of Colima:
  Do not travel due to terrorism, crime, and kidnapping."), with the spellings as published
  ("State of Guerro", "Sate of Tamaulipas") and city sections ("Nuevo Laredo:") in between.

An explicit per-state heading wins over a summary list; two explicit headings that disagree are
an error. State names are matched through puente.geo.states, with at most two letters wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_tz
from html import unescape
from html.entities import name2codepoint
from html.parser import HTMLParser
from typing import ClassVar
from xml.etree import ElementTree

import duckdb

from puente.errors import SourceError
from puente.geo import states as entities
from puente.ingest.base import FileSpec, LoadContext, LoadResult, Source
from puente.text import fold
from puente.travel.sources import LEVELS

FEED_URL = "https://travel.state.gov/_res/rss/TAsTWs.xml"

_LABELS = "|".join(label for label in LEVELS.values())
_LABEL_LEVEL = {fold(label): level for level, label in LEVELS.items()}
_TITLE = re.compile(
    r"^(?P<name>.+?)(?:\s+Travel Advisory)?\s+-\s+(?:See (?:State|Individual) Summaries\s+-\s+)?"
    r"Level\s+(?P<level>[1-4])\s*:\s*(?P<label>.+?)\s*$",
    re.IGNORECASE,
)
_HEADING = re.compile(
    rf"^(?:level\s*:?\s*(?P<level>[1-4])\s*[-:]\s*)?(?P<label>{_LABELS})"
    r"(?:\s+(?:to|in|when traveling to))?\s*:?$",
    re.IGNORECASE,
)
_STATE_HEADING = re.compile(
    rf"^(?P<name>[^:]+?)\s*[-:]\s*(?:level\s*:?\s*[1-4]\s*[-:]\s*)?(?P<label>{_LABELS})\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^(?P<name>.+?)(?:\s+due to\s+(?P<reasons>.+?))?\.?$", re.IGNORECASE)
_DUE_TO = re.compile(r"\bdue to\s+(?P<reasons>[^.]+)", re.IGNORECASE)
_COUNTRY = re.compile(
    rf"\b(?:{_LABELS})\s+(?:in|to)\s+Mexico\s+due to\s+(?P<reasons>[^.]+)", re.IGNORECASE
)
_STATE_WORDS = re.compile(r"^(?:the\s+)?s?t?ate\s+of\s+|\s+state$", re.IGNORECASE)
_BLOCKS = {"p", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "br", "ul", "ol", "tr", "td"}


@dataclass(frozen=True, slots=True)
class CountryAdvisory:
    country: str
    level: int
    label: str
    date: str  # ISO date of pubDate
    link: str
    country_tag: str | None
    description: str


@dataclass(frozen=True, slots=True)
class StateLevel:
    code: str
    name: str
    level: int
    reasons: tuple[str, ...]
    explicit: bool  # from a per-state heading, not a summary list


@dataclass(slots=True)
class Feed:
    items: list[CountryAdvisory] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # items with no level (Worldwide Caution)


def _text(node: ElementTree.Element, tag: str) -> str:
    found = node.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _date(text: str, where: str) -> str:
    parts = parsedate_tz(text)
    if parts is not None:
        return f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}"
    for layout in ("%a, %d %b %Y", "%d %b %Y", "%a, %d %B %Y"):
        try:
            return datetime.strptime(" ".join(text.split()), layout).date().isoformat()
        except ValueError:
            continue
    raise SourceError(
        f"pubDate {text!r} is not a date; expected RFC 822 such as 'Tue, 12 Aug 2025'",
        file=where,
    )


_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}


def _declare_html_entities(data: bytes) -> bytes:
    """State's feed uses HTML entities (&nbsp;, &rsquo;) that XML does not declare: written as
    character references they parse; an unknown name is left for the parser to report."""

    def replace(found: re.Match[bytes]) -> bytes:
        name = found.group(1)
        if name in _XML_ENTITIES:
            return found.group(0)
        point = name2codepoint.get(name.decode("ascii"))
        return f"&#{point};".encode() if point is not None else found.group(0)

    return _ENTITY.sub(replace, data)


def parse_feed(data: bytes, label: str) -> Feed:
    """Every country advisory of the feed. Bad XML, an item without a date or a level label
    that is not State's wording for its number is a SourceError naming the item."""
    try:
        root = ElementTree.fromstring(_declare_html_entities(data))
    except ElementTree.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise SourceError(
            f"not well-formed XML ({exc}); expected RSS 2.0", file=label, line=line
        ) from exc
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise SourceError(f"the root element is <{root.tag}>; expected <rss><channel>", file=label)
    feed = Feed()
    for number, item in enumerate(channel.findall("item"), start=1):
        title = " ".join(unescape(_text(item, "title")).split())
        where = f"{label}, item {number} ({title or 'no title'})"
        found = _TITLE.match(title)
        if found is None:
            feed.skipped.append(title)
            continue
        level = int(found.group("level"))
        if fold(found.group("label")) != fold(LEVELS[level]):
            raise SourceError(
                f"level {level} is labelled {found.group('label')!r}; expected {LEVELS[level]!r}",
                file=where,
            )
        tags = [
            (c.text or "").strip()
            for c in item.findall("category")
            if c.get("domain") == "Country-Tag"
        ]
        feed.items.append(
            CountryAdvisory(
                country=found.group("name").strip(),
                level=level,
                label=LEVELS[level],
                date=_date(_text(item, "pubDate"), where),
                link=_text(item, "link"),
                country_tag=tags[0] if tags and tags[0] else None,
                description=_text(item, "description"),
            )
        )
    if not feed.items:
        raise SourceError(
            "the feed has no advisory items; expected one <item> per country", file=label
        )
    return feed


class _Blocks(HTMLParser):
    """The description's text, one entry per block element, with whether it is a list item."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []
        self._parts: list[str] = []
        self._in_li = False

    def _flush(self) -> None:
        text = " ".join("".join(self._parts).replace("\u202f", " ").split())
        text = text.replace("\u2013", "-").replace("\u2014", "-")
        if text:
            self.blocks.append((text, self._in_li))
        self._parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._flush()
            if tag == "li":
                self._in_li = True
            elif tag in {"ul", "ol", "p", "h1", "h2", "h3", "h4", "h5", "h6"}:
                self._in_li = False

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._flush()
            if tag in {"li", "ul", "ol"}:
                self._in_li = False

    def handle_data(self, data: str) -> None:
        self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def find_state(name: str) -> entities.FederalEntity | None:
    """The state a heading names: as written, without "State of"/"state", or (for names of six
    letters or more) the one spelling at most two letters away."""
    tries = [name.strip(" :.,"), _STATE_WORDS.sub("", name.strip(" :.,")).strip()]
    for text in tries:
        if text and (entity := entities.find_state(text)) is not None:
            return entity
    wanted = fold(tries[-1])
    if len(wanted) < 6:
        return None
    close = {
        e.iso: e
        for e in entities.ENTITIES
        for spelling in e.spellings()
        if len(spelling) >= 6 and _distance(wanted, spelling) <= 2
    }
    return next(iter(close.values())) if len(close) == 1 else None


def _reasons(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", text.strip(" .;"))
    return tuple(p.strip(" .;").lower() for p in parts if p.strip(" .;"))


def state_levels(description: str, label: str) -> dict[str, StateLevel]:
    """Each state's level in Mexico's advisory, by ISO code."""
    parser = _Blocks()
    parser.feed(description)
    parser.close()
    blocks = parser.blocks
    found: dict[str, StateLevel] = {}
    section: int | None = None
    sticky = False  # "Level: 4 - Do not travel" holds until the next level heading
    for index, (text, in_list) in enumerate(blocks):
        heading = _HEADING.match(text)
        if heading is not None:
            section = _LABEL_LEVEL[fold(heading.group("label"))]
            sticky = heading.group("level") is not None
            continue
        per_state = _STATE_HEADING.match(text)
        if per_state is not None and (entity := find_state(per_state.group("name"))):
            level = _LABEL_LEVEL[fold(per_state.group("label"))]
            due = _DUE_TO.search(per_state.group("rest"))
            if due is None and index + 1 < len(blocks):
                due = _DUE_TO.search(blocks[index + 1][0])
            reasons = _reasons(due.group("reasons") if due else None)
            prior = found.get(entity.iso)
            if prior is not None and prior.explicit and prior.level != level:
                raise SourceError(
                    f"{entity.name} is given level {prior.level} and level {level}; expected one "
                    "level per state",
                    file=label,
                )
            if not reasons and prior is not None:
                reasons = prior.reasons
            found[entity.iso] = StateLevel(entity.iso, entity.name, level, reasons, True)
            continue
        if not in_list and not sticky:
            section = None  # prose after a summary list ends it
            continue
        item = _LIST_ITEM.match(text)
        if section is None or item is None:
            continue
        entity = find_state(item.group("name"))
        if entity is None or entity.iso in found:
            continue
        found[entity.iso] = StateLevel(
            entity.iso, entity.name, section, _reasons(item.group("reasons")), False
        )
    return found


def country_reasons(description: str) -> tuple[str, ...]:
    """The country-wide "due to" clause ("Exercise increased caution in Mexico due to ...")."""
    parser = _Blocks()
    parser.feed(description)
    parser.close()
    for text, _ in parser.blocks:
        found = _COUNTRY.search(text)
        if found is not None:
            return _reasons(found.group("reasons"))
    return ()


def _mexico(feed: Feed, label: str) -> CountryAdvisory:
    for item in feed.items:
        if (item.country_tag or "").upper() == "MX" or fold(item.country) == "mexico":
            return item
    raise SourceError(
        f"the feed has no Mexico item ({len(feed.items)} countries); expected an item titled "
        "'Mexico - Level N: ...'",
        file=label,
    )


class TravelAdvisoryFeedSource(Source):
    """Every country's advisory level from State's RSS feed, and Mexico's level per state; the
    travel pages take the feed's Mexico advisory when it is newer than the project table."""

    name: ClassVar[str] = "state-travel-advisories"
    title: ClassVar[str] = "State Department travel advisories (RSS feed), Mexico by state"
    publisher: ClassVar[str] = "U.S. Department of State, Bureau of Consular Affairs"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            name="TAsTWs.xml", mirror="travel/state_travel_advisories/TAsTWs.xml", url=FEED_URL
        ),
    )
    tables: ClassVar[tuple[str, ...]] = ("travel_advisory_feed", "travel_advisory_feed_states")

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        raw = ctx.files[0]
        ctx.progress("reading")
        feed = parse_feed(raw.path.read_bytes(), raw.label)
        mexico = _mexico(feed, raw.label)
        levels = state_levels(mexico.description, f"{raw.label}, item Mexico")
        if not levels:
            raise SourceError(
                "the Mexico item gives no level for any state; expected state headings such as "
                "'State of Colima: Do not travel' or 'Aguascalientes state - Exercise Increased "
                "Caution'",
                file=raw.label,
            )
        country = "; ".join(country_reasons(mexico.description)) or None
        ctx.progress("writing")
        countries = ctx.table("travel_advisory_feed")
        cur.execute(
            f"CREATE TABLE {countries} (country VARCHAR, country_tag VARCHAR, level INTEGER, "
            "level_label VARCHAR, advisory_date VARCHAR, link VARCHAR)"
        )
        cur.executemany(
            f"INSERT INTO {countries} VALUES (?, ?, ?, ?, ?, ?)",
            [[i.country, i.country_tag, i.level, i.label, i.date, i.link] for i in feed.items],
        )
        states = ctx.table("travel_advisory_feed_states")
        cur.execute(
            f"CREATE TABLE {states} (state VARCHAR, state_code VARCHAR, advisory_date VARCHAR, "
            "level INTEGER, level_label VARCHAR, reasons VARCHAR, country_level INTEGER, "
            "country_reasons VARCHAR, notes VARCHAR, source VARCHAR, as_of VARCHAR)"
        )
        where = mexico.link or FEED_URL
        # Provenance: the feed's URL as fetched, or its mirror-relative path, never a server path.
        fetched = raw.origin if raw.origin.startswith(("http://", "https://")) else raw.spec.mirror
        cur.executemany(
            f"INSERT INTO {states} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    s.name,
                    s.code,
                    mexico.date,
                    s.level,
                    LEVELS[s.level],
                    "; ".join(s.reasons) or None,
                    mexico.level,
                    country,
                    "per-state heading of the advisory"
                    if s.explicit
                    else "summary list of the advisory",
                    f"U.S. Department of State travel advisory, {where} (RSS feed {fetched})",
                    mexico.date,
                ]
                for s in sorted(levels.values(), key=lambda s: s.code)
            ],
        )
        return LoadResult(
            rows=len(feed.items) + len(levels),
            coverage_start=min(i.date for i in feed.items),
            coverage_end=max(i.date for i in feed.items),
            stats={
                "countries": len(feed.items),
                "items_without_level": len(feed.skipped),
                "mexico_level": mexico.level,
                "mexico_date": mexico.date,
                "mexico_states": len(levels),
                "mexico_states_missing": sorted(
                    e.name for e in entities.ENTITIES if e.iso not in levels
                ),
            },
        )
