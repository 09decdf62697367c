"""Pages /relations (twin: /api/relations), /highlights (twin: /api/highlights) and the
Atom feed /highlights.atom."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from puente.highlights.feed import atom_feed
from puente.highlights.items import list_highlights
from puente.httpdeps import Cursor, base_url
from puente.ingest.registry import all_sources
from puente.relations.page import relations_page
from puente.web.claimwords import said_value
from puente.web.rendering import gettext_for, kept, render, request_locale, translations

router = APIRouter(include_in_schema=False)


@router.get("/relations", response_class=HTMLResponse)
@kept
def relations(request: Request, cur: Cursor) -> HTMLResponse:
    page = relations_page(cur)
    translate = gettext_for(request)

    def gettext(message: str, **values: Any) -> str:
        text = translate(message)
        return text % values if values else text

    def said(value: Any) -> Any:
        return said_value(value, gettext)

    context = {"r": page, "sources": _sources(page), "said": said}
    return render(request, "relations/index.html", context)


def _sources(page: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """For each dataset behind a claim, what a reader can look up: its title, its publisher,
    and where it came from (the publisher's URL, else the version's mirror-relative source)."""
    known = all_sources()
    out: dict[str, dict[str, Any]] = {}
    for d in page["datasets"]:
        cls = known.get(d["dataset"])
        if cls is None:
            continue
        urls = [f.url for f in cls.files if f.url.startswith(("http://", "https://"))]
        out[d["dataset"]] = {
            "title": cls.title,
            "publisher": cls.publisher,
            "where": urls[0] if urls else d.get("source") or "",
        }
    return out


@router.get("/highlights", response_class=HTMLResponse)
@kept
def highlights(request: Request, cur: Cursor) -> HTMLResponse:
    return render(request, "relations/highlights.html", {"h": list_highlights(cur)})


@router.get("/highlights.atom")
@kept
def highlights_feed(request: Request, cur: Cursor) -> Response:
    locale = request_locale(request)
    body = atom_feed(list_highlights(cur), base_url(request), locale, translations(locale).gettext)
    return Response(
        body,
        media_type="application/atom+xml; charset=utf-8",
        headers={"Content-Language": locale},
    )
