"""Finding a publisher's current files from its listing page.

CBP publishes each monthly statistics release as a new file whose name carries its coverage
and release month (`nationwide-drugs-fy23-fy26-apr.csv` becomes `...-may.csv` next month, in a
new upload folder, sometimes with Drupal's `_0` suffix when a name is reused). The file names
are therefore never hard-coded: the dataset's document page is read with an HTML parser, every
link to a CSV is collected (relative or absolute, in any order), the names are read as
`<stem>-fyAA-fyBB[-mon][-suffix][_N].csv`, and each wanted file is the newest release of its
family: latest fiscal year covered, then latest month, then latest upload folder, then first
on the page. See docs/decisions/0013-updater.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar, Literal
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from puente.errors import SourceError
from puente.ingest import guard
from puente.ingest.base import FileSpec, Source

MAX_LISTING_BYTES = 5 << 20
"""A listing page larger than this is refused (CBP's pages are ~100 KB)."""

FISCAL_MONTHS: tuple[str, ...] = (
    "oct", "nov", "dec", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
)  # fmt: skip
_CALENDAR_MONTHS: tuple[str, ...] = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
_RELEASE = re.compile(
    r"^(?P<stem>[a-z][a-z0-9]*(?:[-_][a-z][a-z0-9]*)*?)[-_]fy(?P<first>\d{2})[-_]fy(?P<last>\d{2})"
    rf"(?:[-_](?P<month>{'|'.join(FISCAL_MONTHS)}))?"
    r"(?P<suffix>(?:[-_][a-z]+)*?)(?:_\d+)?\.csv$",
    re.IGNORECASE,
)
# Upload folders: /sites/default/files/2026-05/ (current) or .../assets/documents/2026-May/.
_FOLDER = re.compile(r"/(?P<year>20\d{2})-(?P<month>\d{2}|[A-Za-z]{3})/")


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str
    position: int


class _Links(HTMLParser):
    """Every <a href> of a page with its text; script and style content is never markup."""

    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.links: list[Link] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "base":
            href = dict(attrs).get("href")
            if href:
                self.base = urljoin(self.base, href.strip())
        if tag != "a":
            return
        href = dict(attrs).get("href")
        if href and href.strip():
            self._open.append((urljoin(self.base, href.strip()), []))

    def handle_data(self, data: str) -> None:
        for _, text in self._open:
            text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            url, text = self._open.pop()
            words = " ".join("".join(text).split())
            self.links.append(Link(url, words, len(self.links)))

    def close(self) -> None:
        super().close()
        while self._open:  # an <a> never closed still counts
            url, text = self._open.pop()
            self.links.append(Link(url, " ".join("".join(text).split()), len(self.links)))


def parse_links(html: str, base: str) -> list[Link]:
    parser = _Links(base)
    parser.feed(html)
    parser.close()
    return parser.links


@dataclass(frozen=True, slots=True)
class Release:
    """One linked file read as a CBP release: its family, coverage and upload folder."""

    link: Link
    file_name: str
    stem: str
    suffix: str
    first_fy: int
    last_fy: int
    month: int | None  # position in the fiscal year (OCT = 1); None: whole fiscal years
    folder: tuple[int, int]  # (year, month) of the upload folder; (0, 0) when not given

    @property
    def key(self) -> tuple[int, int, tuple[int, int], int]:
        """Newer sorts higher: coverage end, month (whole years last), folder, page order."""
        return (self.last_fy, self.month or 13, self.folder, -self.link.position)


def _folder(path: str) -> tuple[int, int]:
    folders = list(_FOLDER.finditer(path))
    if not folders:
        return (0, 0)
    found = folders[-1]
    month = found.group("month").lower()
    if month.isdigit():
        return (int(found.group("year")), int(month))
    if month in _CALENDAR_MONTHS:
        return (int(found.group("year")), _CALENDAR_MONTHS.index(month) + 1)
    return (0, 0)


def read_release(link: Link) -> Release | None:
    """The release a link points to, or None when it is not a CSV named like one."""
    path = unquote(urlsplit(link.url).path)
    name = path.rsplit("/", 1)[-1]
    found = _RELEASE.match(name)
    if found is None:
        return None
    month = found.group("month")
    return Release(
        link=link,
        file_name=name,
        stem=found.group("stem").lower().replace("_", "-"),
        suffix=found.group("suffix").lower().replace("_", "-"),
        first_fy=2000 + int(found.group("first")),
        last_fy=2000 + int(found.group("last")),
        month=FISCAL_MONTHS.index(month.lower()) + 1 if month else None,
        folder=_folder(path),
    )


@dataclass(frozen=True, slots=True)
class Want:
    """Which release of a family one file spec takes.

    `newest`: the latest release (the running fiscal year). `archive`: the whole-year file that
    reaches furthest back (CBP keeps the closed years in one file, e.g. FY19–FY22)."""

    spec: str
    stem: str
    suffix: str = ""
    pick: Literal["newest", "archive"] = "newest"

    @property
    def pattern(self) -> str:
        tail = f"{self.suffix}" if self.suffix else ""
        if self.pick == "archive":
            return f"{self.stem}-fyAA-fyBB{tail}.csv"
        return f"{self.stem}-fyAA-fyBB[-mon]{tail}.csv"


@dataclass(frozen=True, slots=True)
class Listing:
    """A publisher's page that links the current files of a dataset."""

    page: str
    wants: tuple[Want, ...]


def choose(listing: Listing, links: list[Link]) -> dict[str, Release]:
    """For each wanted spec, its release among the page's links; SourceError naming the page
    and the expected file name when the page links none."""
    releases = [r for r in (read_release(link) for link in links) if r is not None]
    chosen: dict[str, Release] = {}
    for want in listing.wants:
        family = [r for r in releases if r.stem == want.stem and r.suffix == want.suffix]
        if want.pick == "archive":
            family = [r for r in family if r.month is None]
            # Furthest back first; of two files starting the same year, the newer upload.
            pick = min(family, key=_archive_order, default=None)
        else:
            taken = {c.link.url for c in chosen.values()}
            rest = [r for r in family if r.link.url not in taken]
            pick = max(rest, key=lambda r: r.key, default=None)
        if pick is None:
            raise SourceError(
                f"the listing page links no file named like {want.pattern}; expected the "
                f"current CBP release ({len(links)} links, {len(releases)} release files read)",
                file=listing.page,
            )
        chosen[want.spec] = pick
    return chosen


def _archive_order(release: Release) -> tuple[int, int, int, int, int]:
    last, _, folder, position = release.key
    return (release.first_fy, -last, -folder[0], -folder[1], -position)


def fetch_listing(url: str, timeout: float, allow_private: bool) -> str:
    """The listing page's HTML (only 200 answers, at most MAX_LISTING_BYTES)."""
    try:
        with guard.client(timeout, allow_private) as http, http.stream("GET", url) as response:
            if response.status_code != 200:
                raise SourceError(
                    f"the listing page answered HTTP {response.status_code}; expected 200",
                    file=url,
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_LISTING_BYTES:
                    raise SourceError(
                        f"the listing page is larger than {MAX_LISTING_BYTES} bytes", file=url
                    )
            return bytes(body).decode(response.encoding or "utf-8", errors="replace")
    except httpx.HTTPError as exc:
        raise SourceError(f"the listing page could not be read: {exc}", file=url) from exc


class ListedSource(Source):
    """A Source whose current files are found from the publisher's listing page, both by the
    updater and by `puente ingest` without --from or a mirror."""

    listing: ClassVar[Listing | None] = None
    """None: no listing page is known; the file specs' URLs are used."""

    def resolve(self, origin: str | None, mirror: Path | None) -> list[tuple[FileSpec, str]]:
        if origin is None and mirror is None and self.listing is not None:
            return self.discover_urls()
        return super().resolve(origin, mirror)

    def discover_urls(self, timeout: float = 60.0) -> list[tuple[FileSpec, str]]:
        """Each file spec with the URL of its current release (the spec renamed after the
        file the publisher links, so provenance and `source_file` name the real file)."""
        from puente.config import Settings

        if self.listing is None:
            return [(s, s.url) for s in self.files if s.url.startswith(("http://", "https://"))]
        # Read now, not cached: the updater runs for hours and the setting may be changed.
        allow_private = Settings().fetch_allow_private
        html = fetch_listing(self.listing.page, timeout, allow_private)
        chosen = choose(self.listing, parse_links(html, self.listing.page))
        found: list[tuple[FileSpec, str]] = []
        for spec in self.files:
            release = chosen.get(spec.name)
            if release is None:
                continue
            renamed = replace(spec, name=release.file_name, url=release.link.url)
            found.append((renamed, release.link.url))
        return found
