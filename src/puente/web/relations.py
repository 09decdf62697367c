"""Pages /relations (twin: /api/relations), /highlights (twin: /api/highlights) and the
Atom feed /highlights.atom."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from puente.highlights.feed import atom_feed
from puente.highlights.items import list_highlights
from puente.httpdeps import Cursor, base_url
from puente.relations.page import relations_page
from puente.web.rendering import kept, render

router = APIRouter(include_in_schema=False)


@router.get("/relations", response_class=HTMLResponse)
@kept
def relations(request: Request, cur: Cursor) -> HTMLResponse:
    return render(request, "relations/index.html", {"r": relations_page(cur)})


@router.get("/highlights", response_class=HTMLResponse)
@kept
def highlights(request: Request, cur: Cursor) -> HTMLResponse:
    return render(request, "relations/highlights.html", {"h": list_highlights(cur)})


@router.get("/highlights.atom")
@kept
def highlights_feed(request: Request, cur: Cursor) -> Response:
    body = atom_feed(list_highlights(cur), base_url(request))
    return Response(body, media_type="application/atom+xml; charset=utf-8")
