"""The highlights as an Atom feed (RFC 4287): absolute links from the base URL the caller
gives (the request's), one entry per item with its id, title, date, summary and link."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
FEED_TITLE = "Puente: U.S.–Mexico highlights"
ENTRY_ID = "urn:puente:highlight:{uid}"
"""An entry's id: from the item's stable key (the news item's date, link and title; the
content hashes of the dataset versions compared), never a row number, a local version number
or the base URL, so a reader never sees an entry twice."""


def _stamp(day: str | None) -> str:
    """An Atom date (RFC 3339) for an item's day."""
    return f"{day or '1970-01-01'}T00:00:00Z"


def atom_feed(highlights: dict[str, Any], base_url: str) -> bytes:
    """The feed document, UTF-8 with its XML declaration."""
    base = base_url.rstrip("/")
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", f"{base}/highlights")
    sub(feed, "title", FEED_TITLE)
    sub(feed, "updated", _stamp(highlights["updated"]))
    sub(feed, "link", href=f"{base}/highlights.atom", rel="self", type="application/atom+xml")
    sub(feed, "link", href=f"{base}/highlights", rel="alternate", type="text/html")
    author = sub(feed, "author")
    sub(author, "name", "Puente")
    for item in highlights["items"]:
        entry = sub(feed, "entry")
        sub(entry, "id", ENTRY_ID.format(uid=item["uid"]))
        sub(entry, "title", item["title"])
        sub(entry, "updated", _stamp(item["date"]))
        link = item["link"] if "://" in item["link"] else f"{base}{item['link']}"
        sub(entry, "link", href=link, rel="alternate")
        summary = item["summary"]
        versions = ", ".join(f"{d['dataset']} v{d['version']}" for d in item["datasets"])
        sub(entry, "summary", f"{summary} (Data: {versions}.)" if versions else summary)
        sub(entry, "category", term=item["kind"])
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body
