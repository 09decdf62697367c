"""Atom entry ids never change: not with the base URL, not with the local version numbers a
database gave the same list versions (a reader must never see an entry twice)."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from puente.highlights.feed import ATOM, atom_feed
from puente.highlights.items import list_highlights
from puente.store import Store, open_store
from tests.security.support import load_org_fixtures


def _entry_ids(store: Store, base: str) -> dict[str, str]:
    """Entry title -> entry id."""
    with store.read() as cur:
        root = ET.fromstring(atom_feed(list_highlights(cur), base))
    entries = root.findall(f"{{{ATOM}}}entry")
    return {e.findtext(f"{{{ATOM}}}title", ""): e.findtext(f"{{{ATOM}}}id", "") for e in entries}


def test_entry_ids_do_not_depend_on_base_url_or_local_versions(tmp_path: Path) -> None:
    first = open_store(tmp_path / "a.duckdb")
    second = open_store(tmp_path / "b.duckdb")
    try:
        load_org_fixtures(first, ("v1", "v2"))  # versions 1 and 2
        load_org_fixtures(second, ("v3", "v1", "v2"))  # the same two as versions 2 and 3
        a = _entry_ids(first, "http://127.0.0.1:8000")
        b = _entry_ids(second, "https://puente.example.org")
        sdn = [title for title in a if "Mexico-tied" in title]
        assert sdn, a  # the list diff made an entry
        assert {t: a[t] for t in sdn} == {t: b[t] for t in sdn}
        news = [title for title in a if title not in sdn]
        assert news
        assert all(a[t] == b[t] for t in news)
        assert all(i.startswith("urn:puente:highlight:") for i in a.values())
        assert not any("127.0.0.1" in i or "/v1" in i for i in a.values())
        assert len(set(a.values())) == len(a)  # one id per entry
    finally:
        first.close()
        second.close()
