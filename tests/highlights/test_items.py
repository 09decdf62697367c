"""Highlights: the seed page's news, items generated from data changes, and the Atom feed."""

from __future__ import annotations

from importlib import resources
from xml.etree import ElementTree as ET

from puente.highlights.feed import ATOM, atom_feed
from puente.highlights.items import list_highlights, seed_items
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from tests.conftest import load_border_fixture
from tests.sanctions.conftest import load_sdn_fixture

NS = {"a": ATOM}


def _items(store: Store) -> dict[str, dict]:
    with store.read() as cur:
        return {i["id"]: i for i in list_highlights(cur).items}


def test_seed_news_items_have_source_and_date() -> None:
    items = seed_items()
    titles = [i["title"] for i in items]
    assert (
        "Designation of Lucio Rodriguez Serrano under the Foreign Narcotics Kingpin "
        "Designation Act" in titles
    )
    assert any("Mérida" in t for t in titles)
    for item in items:
        assert item["date"] == "2021-01-20"
        assert "state.gov" in item["source"]
        assert item["kind"] == "news"


def test_new_mexico_tied_designation_between_sdn_versions(store: Store) -> None:
    load_sdn_fixture(store, "full")
    load_sdn_fixture(store, "later")
    items = _items(store)
    added = items["sdn-1-2-added"]
    assert added["title"] == "1 Mexico-tied entry designated"
    assert "LOS CHAPITOS" in added["summary"]
    assert "ILLICIT-DRUGS-EO14059" in added["summary"]
    assert added["link"] == "/sanctions/diff?old=1&new=2"
    assert [(d["dataset"], d["version"]) for d in added["datasets"]] == [
        ("ofac-sdn", 1),
        ("ofac-sdn", 2),
    ]
    # The entry removed in the later snapshot is not tied to Mexico: no removal item.
    assert "sdn-1-2-removed" not in items


def test_one_sdn_version_generates_nothing(store: Store) -> None:
    load_sdn_fixture(store, "full")
    assert not [k for k in _items(store) if k.startswith("sdn-")]


def test_advisory_level_changes(store: Store) -> None:
    ingest_source(store, get_source("mx-states"))
    ingest_source(store, get_source("mexico-travel-advisory"))
    advisory = next(i for k, i in _items(store).items() if k.startswith("advisory-"))
    assert "Coahuila (2→3)" in advisory["summary"]
    assert advisory["title"] == "Travel advisory: 1 state level changed"
    assert advisory["datasets"][0]["dataset"] == "mexico-travel-advisory"


def test_border_months_added_by_a_new_version(store: Store, fixtures, tmp_path) -> None:
    load_border_fixture(store)
    first = next(i for k, i in _items(store).items() if k.startswith("border-"))
    assert first["title"] == "Border crossings through 2025-02"
    newer = tmp_path / "crossings.csv"
    newer.write_text(
        (fixtures / "border-crossings" / "crossings.csv").read_text()
        + "San Ysidro,California,2504,US-Mexico Border,Mar 2025,Pedestrians,999,"
        "32.543,-117.029,POINT (-117.029 32.543)\n"
    )
    ingest_source(store, get_source("border-crossings"), str(newer))
    border = [i for k, i in _items(store).items() if k.startswith("border-")]
    assert [i["title"] for i in border] == ["Border crossings: 1 new month loaded"]
    assert "(new: 2025-03)" in border[0]["summary"]
    assert [d["version"] for d in border[0]["datasets"]] == [2, 1]


def test_items_are_newest_first(store: Store) -> None:
    load_sdn_fixture(store, "full")
    load_sdn_fixture(store, "later")
    with store.read() as cur:
        dates = [i["date"] for i in list_highlights(cur).items]
    assert dates == sorted(dates, reverse=True)


def test_atom_feed_is_valid_with_absolute_links(store: Store) -> None:
    load_sdn_fixture(store, "full")
    load_sdn_fixture(store, "later")
    with store.read() as cur:
        highlights = list_highlights(cur)
    root = ET.fromstring(atom_feed(highlights, "http://example.test:8000/"))
    assert root.tag == f"{{{ATOM}}}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"a:{tag}", NS) is not None
    self_link = root.find("a:link[@rel='self']", NS)
    assert self_link is not None
    assert self_link.get("href") == "http://example.test:8000/highlights.atom"
    entries = root.findall("a:entry", NS)
    assert len(entries) == len(highlights.items)
    for entry in entries:
        for tag in ("id", "title", "updated", "summary"):
            assert (entry.findtext(f"a:{tag}", namespaces=NS) or "").strip()
        href = entry.find("a:link", NS).get("href")  # type: ignore[union-attr]
        assert href.startswith("http://example.test:8000/")
    first = entries[0]
    assert "ofac-sdn v2" in (first.findtext("a:summary", namespaces=NS) or "")


def test_one_advisory_in_the_data_generates_no_advisory_item(store: Store, tmp_path) -> None:
    """With a single advisory loaded there is nothing to compare: the other highlights are
    still listed, and no advisory item is made (nor an error)."""
    packaged = resources.files("puente.travel") / "data" / "mexico_travel_advisory.csv"
    lines = packaged.read_text(encoding="utf-8").splitlines(keepends=True)
    newest = max(line.split(",")[2] for line in lines[1:])
    (tmp_path / "mexico_travel_advisory.csv").write_text(
        lines[0] + "".join(line for line in lines[1:] if line.split(",")[2] == newest),
        encoding="utf-8",
    )
    ingest_source(store, get_source("mx-states"))
    ingest_source(store, get_source("mexico-travel-advisory"), origin=str(tmp_path))
    items = _items(store)
    assert not [k for k in items if k.startswith("advisory-")]
    assert any(i["kind"] == "news" for i in items.values())
