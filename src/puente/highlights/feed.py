"""The highlights as an Atom feed (RFC 4287): absolute links from the base URL the caller
gives (the request's), one entry per item with its id, title, date, summary and link.

The feed exists in each language the site speaks (`?lang=es`, or the language the request
prefers): titles and summaries of the items generated from the data go through the catalog
(their message and values, `said`); the seed's news items keep the publisher's English words
and say so (`xml:lang="en"`). Entry ids are the same in every language, and each feed links to
the other (`rel="alternate"` with `hreflang`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET

from puente.highlights.results import Highlights
from puente.languages import LOCALES

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_TITLE = "Puente: U.S.–Mexico highlights"
DATA_NOTE = "%(summary)s (Data: %(versions)s.)"
ENTRY_ID = "urn:puente:highlight:{uid}"
"""An entry's id: from the item's stable key (the news item's date, link and title; the
content hashes of the dataset versions compared), never a row number, a local version number
or the base URL, so a reader never sees an entry twice."""


def _stamp(day: str | None) -> str:
    """An Atom date (RFC 3339) for an item's day."""
    return f"{day or '1970-01-01'}T00:00:00Z"


def _english(message: str) -> str:
    return message


def _query(locale: str) -> str:
    return "" if locale == "en" else f"?lang={locale}"


def atom_feed(
    highlights: Highlights,
    base_url: str,
    locale: str = "en",
    gettext: Callable[[str], str] = _english,
) -> bytes:
    """The feed document in `locale` (its catalog's `gettext`), UTF-8 with its XML
    declaration."""
    base = base_url.rstrip("/")
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    def say(item: dict[str, Any], part: str) -> str:
        said = (item.get("said") or {}).get(part)
        if said is None:
            return str(item[part])
        return gettext(str(said["message"])) % dict(said["values"])

    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: locale})
    sub(feed, "id", f"{base}/highlights{_query(locale)}")
    sub(feed, "title", gettext(FEED_TITLE))
    sub(feed, "updated", _stamp(highlights.updated))
    sub(
        feed,
        "link",
        href=f"{base}/highlights.atom{_query(locale)}",
        rel="self",
        type="application/atom+xml",
        hreflang=locale,
    )
    sub(
        feed,
        "link",
        href=f"{base}/highlights{_query(locale)}",
        rel="alternate",
        type="text/html",
        hreflang=locale,
    )
    for other in LOCALES:
        if other != locale:
            sub(
                feed,
                "link",
                href=f"{base}/highlights.atom?lang={other}",
                rel="alternate",
                type="application/atom+xml",
                hreflang=other,
            )
    author = sub(feed, "author")
    sub(author, "name", "Puente")
    for item in highlights.items:
        entry = sub(feed, "entry")
        sub(entry, "id", ENTRY_ID.format(uid=item["uid"]))
        title = sub(entry, "title", say(item, "title"))
        sub(entry, "updated", _stamp(item["date"]))
        link = item["link"] if "://" in item["link"] else f"{base}{item['link']}"
        sub(entry, "link", href=link, rel="alternate")
        summary = say(item, "summary")
        versions = ", ".join(f"{d['dataset']} v{d['version']}" for d in item["datasets"])
        text = gettext(DATA_NOTE) % {"summary": summary, "versions": versions}
        note = sub(entry, "summary", text if versions else summary)
        if not item.get("said") and locale != "en":
            title.set(XML_LANG, "en")  # the publisher's own words, not translated
            note.set(XML_LANG, "en")
        sub(entry, "category", term=item["kind"])
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body
