"""CBP's monthly releases found from the publisher's listing page, never from hard-coded file
names: the page parsed as HTML, links in any order and naming, and the updater against a fake
CBP on 127.0.0.1 whose page moves to a new release."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from puente.errors import SourceError
from puente.ingest.listing import (
    Link,
    ListedSource,
    Listing,
    Want,
    choose,
    parse_links,
    read_release,
)
from puente.ingest.updates import load_states, update_dataset
from puente.security.sources import DrugSeizuresSource, EncountersByStateSource
from puente.store import Store, catalog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGE = (FIXTURES / "cbp-listing" / "nationwide-drug-seizures.html").read_text()
DRUGS = FIXTURES / "cbp-drug-seizures"
BASE = "https://www.cbp.gov/document/stats/nationwide-drug-seizures"

# (file name, stem, suffix, first FY, last FY, fiscal month or None, why)
NAMES = [
    ("nationwide-drugs-fy23-fy26-apr.csv", "nationwide-drugs", "", 2023, 2026, 7, "current"),
    ("nationwide-drugs-fy19-fy22.csv", "nationwide-drugs", "", 2019, 2022, None, "archive"),
    ("nationwide-drugs-fy23-fy26-apr_0.csv", "nationwide-drugs", "", 2023, 2026, 7, "Drupal _0"),
    ("Nationwide-Drugs-FY23-FY26-OCT.CSV", "nationwide-drugs", "", 2023, 2026, 1, "any case"),
    ("nationwide-encounters-fy23-fy26-sep-state.csv", "nationwide-encounters", "-state", 2023,
     2026, 12, "suffix after the month"),
    ("nationwide-encounters-fy20-fy23-aor.csv", "nationwide-encounters", "-aor", 2020, 2023,
     None, "'aor' is not a month"),
    ("sbo_encounters_fy22_fy25_aug.csv", "sbo-encounters", "", 2022, 2025, 11, "underscores"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "stem", "suffix", "first", "last", "month", "why"), NAMES)
def test_release_names(
    name: str, stem: str, suffix: str, first: int, last: int, month: int | None, why: str
) -> None:
    release = read_release(Link(f"https://x.test/sites/default/files/2026-05/{name}", "", 0))
    assert release is not None, why
    assert (release.stem, release.suffix) == (stem, suffix), why
    assert (release.first_fy, release.last_fy, release.month) == (first, last, month), why


@pytest.mark.parametrize(
    "name", ["nationwide-drugs-data-dictionary.pdf", "nationwide-drugs.csv", "fy23-fy26.csv"]
)
def test_files_that_are_not_releases(name: str) -> None:
    assert read_release(Link(f"https://x.test/{name}", "", 0)) is None


def test_the_page_yields_its_links_resolved_and_never_script_text() -> None:
    links = parse_links(PAGE, BASE)
    urls = [link.url for link in links]
    current = "https://www.cbp.gov/sites/default/files/2026-05/nationwide-drugs-fy23-fy26-apr_0.csv"
    assert current in urls
    assert not any("fy98" in u for u in urls)  # a path inside a <script> is not a link
    texts = {link.url.rsplit("/", 1)[-1]: link.text for link in links}
    assert texts["nationwide-drugs-fy19-fy22.csv"] == "Nationwide Drug Seizures FY19-FY22"


def test_the_newest_release_and_the_archive_are_chosen() -> None:
    chosen = choose(DrugSeizuresSource.listing, parse_links(PAGE, BASE))  # type: ignore[arg-type]
    assert chosen["nationwide-drugs-fy19-fy22.csv"].file_name == "nationwide-drugs-fy19-fy22.csv"
    current = chosen["nationwide-drugs-fy23-fy26-apr.csv"]
    # April's file wins over March's and the "-aor" file of another family.
    assert current.file_name == "nationwide-drugs-fy23-fy26-apr_0.csv"


def _links(*paths: str) -> list[Link]:
    return [Link("https://www.cbp.gov" + p, "", i) for i, p in enumerate(paths)]


def test_order_on_the_page_does_not_matter() -> None:
    listing = Listing(BASE, (Want("current", "nationwide-drugs"),))
    paths = [
        "/sites/default/files/2026-06/nationwide-drugs-fy23-fy26-may.csv",
        "/sites/default/files/assets/documents/2026-May/nationwide-drugs-fy23-fy26-apr.csv",
        "/sites/default/files/2025-11/nationwide-drugs-fy22-fy25.csv",
    ]
    for order in (paths, paths[::-1], [paths[1], paths[0], paths[2]]):
        assert choose(listing, _links(*order))["current"].file_name.endswith("-may.csv")


def test_a_new_fiscal_year_beats_the_last_month_of_the_old_one() -> None:
    listing = Listing(BASE, (Want("current", "nationwide-drugs"),))
    got = choose(
        listing,
        _links(
            "/sites/default/files/2026-10/nationwide-drugs-fy23-fy26-sep.csv",
            "/sites/default/files/2026-11/nationwide-drugs-fy24-fy27-oct.csv",
        ),
    )
    assert got["current"].file_name == "nationwide-drugs-fy24-fy27-oct.csv"


def test_a_page_without_the_release_names_the_page_and_the_file_expected() -> None:
    listing = Listing(BASE, (Want("current", "nationwide-drugs"),))
    with pytest.raises(SourceError) as caught:
        choose(listing, parse_links("<html><a href='/x.pdf'>x</a></html>", BASE))
    assert BASE in caught.value.detail
    assert "nationwide-drugs-fyAA-fyBB[-mon].csv" in caught.value.detail


def test_the_state_encounters_take_only_their_own_family() -> None:
    listing = EncountersByStateSource.listing
    assert listing is not None
    got = choose(
        listing,
        _links(
            "/sites/default/files/2026-09/nationwide-encounters-fy23-fy26-aug-aor.csv",
            "/sites/default/files/2026-09/nationwide-encounters-fy23-fy26-aug-state.csv",
            "/sites/default/files/2026-08/nationwide-encounters-fy23-fy26-jul-state.csv",
        ),
    )
    assert got["nationwide-encounters-fy20-fy23-state.csv"].file_name.endswith("aug-state.csv")


class FakeCbp:
    def __init__(self) -> None:
        self.page = PAGE
        self.files: dict[str, bytes] = {
            "/sites/default/files/assets/documents/2022-Oct/nationwide-drugs-fy19-fy22.csv": (
                DRUGS / "nationwide-drugs-fy19-fy22.csv"
            ).read_bytes(),
            "/sites/default/files/2026-05/nationwide-drugs-fy23-fy26-apr_0.csv": (
                DRUGS / "nationwide-drugs-fy23-fy26-apr.csv"
            ).read_bytes(),
        }
        self.page_mode = "ok"  # ok | error | slow
        self.requested: list[str] = []


@pytest.fixture
def cbp(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeCbp, str]]:
    monkeypatch.setenv("PUENTE_FETCH_ALLOW_PRIVATE", "true")
    state = FakeCbp()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return None

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            state.requested.append(self.path)
            if self.path == "/document/stats/nationwide-drug-seizures":
                if state.page_mode == "error":
                    self._send(500, b"", "text/html")
                    return
                if state.page_mode == "slow":
                    threading.Event().wait(2.0)
                self._send(200, state.page.encode(), "text/html; charset=utf-8")
                return
            body = state.files.get(self.path)
            if body is None:
                self._send(404, b"not found", "text/plain")
                return
            self._send(200, body, "text/csv")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _source(root: str) -> DrugSeizuresSource:
    real = DrugSeizuresSource.listing
    assert real is not None
    fake = Listing(f"{root}/document/stats/nationwide-drug-seizures", real.wants)

    class FakePublished(DrugSeizuresSource):
        listing: ClassVar[Listing | None] = fake

    return FakePublished()


def _files(store: Store) -> tuple[int | None, list[str]]:
    with store.read() as cur:
        current = catalog.current_version(cur, "cbp-drug-seizures")
        rows = cur.execute("SELECT DISTINCT source_file FROM cbp_drug_seizures").fetchall()
    return (current.version if current else None), sorted(r[0] for r in rows)


def test_the_updater_follows_the_listing_to_the_next_release(
    store: Store, cbp: tuple[FakeCbp, str]
) -> None:
    state, root = cbp
    first = update_dataset(store, _source(root), timeout=5)
    assert first.outcome == "updated", first.detail
    assert _files(store) == (
        1,
        ["nationwide-drugs-fy19-fy22.csv", "nationwide-drugs-fy23-fy26-apr_0.csv"],
    )
    with store.read() as cur:
        version = catalog.current_version(cur, "cbp-drug-seizures")
    assert version is not None
    assert f"{root}/sites/default/files/2026-05/nationwide-drugs-fy23-fy26-apr_0.csv" in (
        version.source
    )
    # Next month CBP uploads May's file to a new folder and lists it first.
    may = "/sites/default/files/2026-06/nationwide-drugs-fy23-fy26-may.csv"
    april = state.files["/sites/default/files/2026-05/nationwide-drugs-fy23-fy26-apr_0.csv"]
    state.files[may] = april.rstrip() + (
        b"\r\n2024 (FYTD),DEC,U.S. Border Patrol,Southwest Border,Land Only,TUCSON SECTOR,"
        b"Fentanyl,3,9\r\n"  # CBP files end lines with CRLF
    )
    state.page = state.page.replace(
        '<ul class="usa-list usa-list--unstyled">',
        '<ul class="usa-list usa-list--unstyled"><li><span class="file file--mime-text-csv">'
        f'<a href="{may}" type="text/csv">Nationwide Drug Seizures FY23-FY26</a></span></li>',
    )
    second = update_dataset(store, _source(root), timeout=5)
    assert second.outcome == "updated", second.detail
    assert _files(store) == (
        2,
        ["nationwide-drugs-fy19-fy22.csv", "nationwide-drugs-fy23-fy26-may.csv"],
    )


@pytest.mark.parametrize("mode", ["error", "slow"])
def test_a_listing_that_fails_keeps_the_old_version_and_shows_why(
    store: Store, cbp: tuple[FakeCbp, str], mode: str
) -> None:
    state, root = cbp
    assert update_dataset(store, _source(root), timeout=5).outcome == "updated"
    state.page_mode = mode
    report = update_dataset(store, _source(root), timeout=0.5)
    assert report.outcome == "failed"
    assert "listing page" in report.detail
    assert _files(store)[0] == 1
    with store.read() as cur:
        check = load_states(cur)["cbp-drug-seizures"]
    assert check.last_error is not None
    assert "listing page" in check.last_error


def test_a_listing_without_the_release_fails_whole(store: Store, cbp: tuple[FakeCbp, str]) -> None:
    state, root = cbp
    state.page = "<html><body><p>This page has moved.</p></body></html>"
    report = update_dataset(store, _source(root), timeout=5)
    assert report.outcome == "failed"
    assert "links no file named like nationwide-drugs-fyAA-fyBB.csv" in report.detail
    assert _files_loaded(store) is None


def _files_loaded(store: Store) -> int | None:
    with store.read() as cur:
        current = catalog.current_version(cur, "cbp-drug-seizures")
    return current.version if current else None


AMO = FIXTURES / "cbp-amo-drug-seizures"
CURRENCY = FIXTURES / "cbp-currency-seizures"
LISTED = {
    # dataset: (its document page, the files the page links that the fake CBP serves)
    "cbp-amo-drug-seizures": (
        "amo-drug-seizures",
        {
            "/sites/default/files/assets/documents/2022-Oct/amo-drug-seizures-fy19-fy22.csv": (
                AMO / "amo-drug-seizures-fy19-fy22.csv"
            ),
            "/sites/default/files/2026-01/amo-drug-seizures-fy23-fy26-dec.csv": (
                AMO / "amo-drug-seizures-fy23-fy26-dec.csv"
            ),
        },
    ),
    "cbp-currency-seizures": (
        "currency-and-other-monetary-instrument-seizures",
        {
            "/sites/default/files/2026-08/currency-seizures-fy23-fy26-jul_0.csv": (
                CURRENCY / "currency-seizures-fy25-fy26-jul_sample.csv"
            ),
        },
    ),
}


class FakeDocumentPage:
    """One dataset's CBP document page and the files it links, on 127.0.0.1."""

    def __init__(self, slug: str, files: dict[str, bytes]) -> None:
        self.path = f"/document/stats/{slug}"
        self.page = (FIXTURES / "cbp-listing" / f"{slug}.html").read_text()
        self.files = files
        self.root = ""

    def add_release(self, path: str, body: bytes, text: str) -> None:
        """CBP uploads next month's file to a new folder and lists it first."""
        self.files[path] = body
        marker = '<ul class="usa-list usa-list--unstyled">'
        self.page = self.page.replace(
            marker,
            f'{marker}<li><span class="file file--mime-text-csv">'
            f'<a href="{path}" type="text/csv">{text}</a></span></li>',
        )


@pytest.fixture(params=sorted(LISTED))
def listed(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[ListedSource, FakeDocumentPage]]:
    from puente.ingest.registry import get_source

    monkeypatch.setenv("PUENTE_FETCH_ALLOW_PRIVATE", "true")
    name: str = request.param
    slug, served = LISTED[name]
    state = FakeDocumentPage(slug, {path: f.read_bytes() for path, f in served.items()})

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return None

        def do_GET(self) -> None:
            status, kind = 200, "text/csv"
            if self.path == state.path:
                body, kind = state.page.encode(), "text/html; charset=utf-8"
            elif self.path in state.files:
                body = state.files[self.path]
            else:
                status, body, kind = 404, b"not found", "text/plain"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.root = f"http://127.0.0.1:{server.server_address[1]}"
    real = get_source(name)
    assert isinstance(real, ListedSource)
    assert real.listing is not None
    assert real.listing.page == f"https://www.cbp.gov{state.path}"  # CBP's page, not a file
    fake = Listing(state.root + state.path, real.listing.wants)
    source = type("FakePublished", (type(real),), {"listing": fake})()
    yield source, state
    server.shutdown()
    server.server_close()


def test_amo_and_currency_seizures_follow_their_listing_pages(
    store: Store, listed: tuple[ListedSource, FakeDocumentPage]
) -> None:
    """Like drug seizures and encounters, found from CBP's document page rather than a fixed
    URL: loaded from the releases it links (those URLs are the provenance), unchanged while
    the page is, then the next month's release when CBP lists it."""
    source, cbp = listed
    first = update_dataset(store, source, timeout=5)
    assert first.outcome == "updated", first.detail
    assert cbp.root + cbp.path not in first.publisher_url  # the files fetched, not the page
    with store.read() as cur:
        version = catalog.current_version(cur, source.name)
    assert version is not None
    assert all(cbp.root + path in version.source for path in cbp.files)
    assert update_dataset(store, source, timeout=5).outcome == "unchanged"
    current = max(cbp.files, key=lambda p: p.rsplit("/", 2)[-2])  # the newest upload folder
    stem = current.rsplit("/", 1)[1].split("-fy", 1)[0]
    body = cbp.files[current]
    end = b"\r\n" if b"\r\n" in body else b"\n"  # CBP's files end lines with CRLF
    later = body.rstrip(b"\r\n") + end + body.splitlines()[-1] + end  # one more row
    cbp.add_release(f"/sites/default/files/2026-09/{stem}-fy23-fy26-aug.csv", later, "FYTD")
    second = update_dataset(store, source, timeout=5)
    assert second.outcome == "updated", second.detail
    with store.read() as cur:
        newer = catalog.current_version(cur, source.name)
    assert newer is not None
    assert newer.version == version.version + 1
    assert f"{stem}-fy23-fy26-aug.csv" in newer.source
    assert current.rsplit("/", 1)[1] not in newer.source
