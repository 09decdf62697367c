"""A portfolio's Atom feed, /watch/{name}/feed.atom (signed in at /watch), in English and
Spanish: RFC 4287 essentials, xml:lang, the same entry ids in both languages, links between
them."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.store import Store
from tests.sanctions.conftest import load_sdn_fixture
from tests.web.forms import FormClient

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {"a": ATOM}
HEADERS = {"X-Puente-Token": "test-token"}


@pytest.fixture
def api(store: Store, settings: Settings) -> Iterator[TestClient]:
    load_sdn_fixture(store)
    app = create_app(settings, store=store, admin_token="test-token")
    with FormClient(app) as client:  # forms carry the page's CSRF token, as in a browser
        assert client.post("/api/watch", json={"name": "clients"}, headers=HEADERS).is_success
        body = {"subjects": [{"subject_id": "C-1", "name": "Joaquin Guzman Loera"}]}
        added = client.post("/api/watch/clients/subjects", json=body, headers=HEADERS)
        assert added.json()["opened"] == 1, added.text
        alert = client.get("/api/watch/clients/alerts", headers=HEADERS).json()["alerts"][0]
        decided = client.post(
            f"/api/watch/clients/alerts/{alert['alert_id']}",
            json={"decision": "confirmed"},
            headers=HEADERS,
        )
        assert decided.is_success
        signed = client.post("/watch/login", data={"token": "test-token"}, follow_redirects=False)
        assert signed.status_code == 303
        yield client


def _feed(api: TestClient, **params: str) -> ET.Element:
    response = api.get("/watch/clients/feed.atom", params=params)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    for node in [root, *root.findall("a:entry", NS)]:
        for tag in ("id", "title", "updated"):
            assert (node.findtext(f"a:{tag}", namespaces=NS) or "").strip(), tag
        assert node.find("a:link", NS) is not None
    return root


def _entries(root: ET.Element) -> dict[str, str]:
    return {
        e.findtext("a:id", namespaces=NS, default=""): e.findtext("a:title", namespaces=NS) or ""
        for e in root.findall("a:entry", NS)
    }


def test_spanish_feed_same_ids_spanish_words(api: TestClient) -> None:
    english, spanish = _feed(api), _feed(api, lang="es")
    assert english.get(XML_LANG) == "en"
    assert spanish.get(XML_LANG) == "es"
    assert spanish.findtext("a:title", namespaces=NS) == "Alertas de Puente: clients"
    en, es = _entries(english), _entries(spanish)
    assert list(en) == list(es)
    assert len(en) == 2
    assert sorted(t.split(":")[0] for t in en.values()) == ["confirmed", "opened"]
    assert sorted(t.split(":")[0] for t in es.values()) == ["abierta", "confirmado"]
    summaries = [
        e.findtext("a:summary", namespaces=NS) or "" for e in spanish.iter(f"{{{ATOM}}}entry")
    ]
    assert all(s.startswith("estado: ") and "puntuación: " in s for s in summaries), summaries


def test_feeds_link_to_each_other(api: TestClient) -> None:
    def links(root: ET.Element) -> dict[tuple[str, str, str], str]:
        return {
            (x.get("rel", ""), x.get("type", ""), x.get("hreflang", "")): x.get("href", "")
            for x in root.findall("a:link", NS)
        }

    en, es = links(_feed(api)), links(_feed(api, lang="es"))
    atom = "application/atom+xml"
    assert en[("alternate", atom, "es")] == "http://testserver/watch/clients/feed.atom?lang=es"
    assert es[("alternate", atom, "en")] == "http://testserver/watch/clients/feed.atom?lang=en"
    assert es[("self", atom, "es")] == "http://testserver/watch/clients/feed.atom?lang=es"
    assert es[("alternate", "text/html", "es")] == "http://testserver/watch/clients?lang=es"


def test_accept_language_picks_spanish(api: TestClient) -> None:
    response = api.get("/watch/clients/feed.atom", headers={"Accept-Language": "es-MX"})
    assert ET.fromstring(response.content).get(XML_LANG) == "es"
    assert response.headers["content-language"] == "es"


def test_feed_needs_the_session(api: TestClient) -> None:
    api.cookies.clear()
    assert api.get("/watch/clients/feed.atom", params={"lang": "es"}).status_code == 403


def _api_feed(api: TestClient, **headers: str) -> tuple[ET.Element, str]:
    response = api.get("/api/watch/clients/feed.atom", headers={**HEADERS, **headers})
    assert response.status_code == 200, response.text
    return ET.fromstring(response.content), response.headers["content-language"]


def test_api_feed_in_spanish_by_lang_or_accept_language(api: TestClient) -> None:
    """The API's feed (read with a key, no session) speaks Spanish as the page's feed does,
    with the same entry ids, and links to itself under /api."""
    english, _ = _api_feed(api)
    response = api.get("/api/watch/clients/feed.atom", params={"lang": "es"}, headers=HEADERS)
    spanish = ET.fromstring(response.content)
    assert response.headers["content-language"] == "es"
    assert spanish.get(XML_LANG) == "es"
    assert spanish.findtext("a:title", namespaces=NS) == "Alertas de Puente: clients"
    assert sorted(t.split(":")[0] for t in _entries(spanish).values()) == ["abierta", "confirmado"]
    assert list(_entries(spanish)) == list(_entries(english))
    assert english.get(XML_LANG) == "en"
    negotiated, language = _api_feed(api, **{"Accept-Language": "es-MX,en;q=0.5"})
    assert language == "es"
    assert _entries(negotiated) == _entries(spanish)
    french, language = _api_feed(api, **{"Accept-Language": "fr, en;q=0.1"})
    assert french.get(XML_LANG) == "en"
    assert language == "en"
    self_link = next(x for x in spanish.findall("a:link", NS) if x.get("rel") == "self")
    assert self_link.get("href") == "http://testserver/api/watch/clients/feed.atom?lang=es"
    assert (
        api.get("/api/watch/clients/feed.atom", params={"lang": "fr"}, headers=HEADERS).status_code
        == 400
    )
