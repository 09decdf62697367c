"""/highlights.atom in Spanish: ?lang=es or Accept-Language, titles and summaries through the
catalog, xml:lang on the feed, the same entry ids as the English feed, and links between the
two (RFC 4287: every feed and entry has its id, title, updated and link)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from puente.highlights.feed import ATOM, XML_LANG
from puente.store import Store
from tests.relations.support import relations_app

NS = {"a": ATOM}


@pytest.fixture
def client(store: Store, tmp_path: Path) -> Iterator[TestClient]:
    with relations_app(store, tmp_path) as c:
        yield c


def _feed(client: TestClient, **kwargs: object) -> ET.Element:
    response = client.get("/highlights.atom", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def _essentials(root: ET.Element) -> None:
    for node in [root, *root.findall("a:entry", NS)]:
        for tag in ("id", "title", "updated"):
            assert (node.findtext(f"a:{tag}", namespaces=NS) or "").strip(), (tag, node)
        assert node.find("a:link", NS) is not None


def _entries(root: ET.Element) -> dict[str, ET.Element]:
    return {e.findtext("a:id", namespaces=NS, default=""): e for e in root.findall("a:entry", NS)}


def test_spanish_feed_has_the_english_ids_and_spanish_text(client: TestClient) -> None:
    english = _feed(client)
    spanish = _feed(client, params={"lang": "es"})
    _essentials(english)
    _essentials(spanish)
    assert english.get(XML_LANG) == "en"
    assert spanish.get(XML_LANG) == "es"
    assert spanish.findtext("a:title", namespaces=NS) == (
        "Puente: destacados de la relación Estados Unidos–México"
    )
    en, es = _entries(english), _entries(spanish)
    assert list(en) == list(es)
    assert len(en) > 2
    sdn = [i for i in en if i.startswith("urn:puente:highlight:sdn/")]
    assert sdn
    for key in sdn:
        title_en = en[key].findtext("a:title", namespaces=NS) or ""
        title_es = es[key].findtext("a:title", namespaces=NS) or ""
        assert "Mexico-tied" in title_en
        assert title_es != title_en
        assert "Mexico-tied" not in title_es
        summary_es = es[key].findtext("a:summary", namespaces=NS) or ""
        assert "(Datos: ofac-sdn v1, ofac-sdn v2.)" in summary_es, summary_es
        assert es[key].find("a:updated", NS).text == en[key].find("a:updated", NS).text  # type: ignore[union-attr]
    news = [i for i in en if i.startswith("urn:puente:highlight:news/")]
    assert news
    # the publisher's words stay as published, and the Spanish feed says they are English
    for key in news:
        assert es[key].find("a:title", NS).get(XML_LANG) == "en"  # type: ignore[union-attr]
        assert es[key].findtext("a:title", namespaces=NS) == en[key].findtext(
            "a:title", namespaces=NS
        )


def _links(root: ET.Element) -> dict[tuple[str, str, str], str]:
    return {
        (link.get("rel", ""), link.get("type", ""), link.get("hreflang", "")): link.get("href", "")
        for link in root.findall("a:link", NS)
    }


def test_each_language_links_to_the_other(client: TestClient) -> None:
    en = _links(_feed(client))
    es = _links(_feed(client, params={"lang": "es"}))
    atom = "application/atom+xml"
    assert en[("alternate", atom, "es")] == "http://testserver/highlights.atom?lang=es"
    assert es[("alternate", atom, "en")] == "http://testserver/highlights.atom?lang=en"
    assert es[("self", atom, "es")] == "http://testserver/highlights.atom?lang=es"
    assert es[("alternate", "text/html", "es")] == "http://testserver/highlights?lang=es"
    # the English link really gives English, even to a reader whose browser prefers Spanish
    again = _feed(client, params={"lang": "en"}, headers={"Accept-Language": "es-MX"})
    assert again.get(XML_LANG) == "en"


def test_accept_language_picks_the_spanish_feed(client: TestClient) -> None:
    root = _feed(client, headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
    assert root.get(XML_LANG) == "es"
    english = _feed(client, headers={"Accept-Language": "en-US"})
    assert english.get(XML_LANG) == "en"
    response = client.get("/highlights.atom", headers={"Accept-Language": "es"})
    assert response.headers["content-language"] == "es"
