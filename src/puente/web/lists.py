"""Pages of every list: /lists (the lists and their versions), /lists/{dataset} (search),
/lists/{dataset}/entities/{id} (one entry) and /lists/{dataset}/diff (what changed).

JSON twins: /api/lists, /api/lists/{dataset}/search, /api/lists/{dataset}/entities/{id} and
/api/lists/{dataset}/diff, from the same service calls. The SDN list keeps its own richer
pages under /sanctions.
"""

from __future__ import annotations

import math
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from puente.httpdeps import Cursor
from puente.sanctions import listviews
from puente.sanctions.lists import list_info
from puente.store import catalog
from puente.web.rendering import render

router = APIRouter(include_in_schema=False)
PAGE = 50
DIFF_ROWS = 200


@router.get("/lists", response_class=HTMLResponse)
def lists_page(request: Request, cur: Cursor) -> HTMLResponse:
    return render(request, "lists/index.html", {"d": listviews.describe_lists(cur)})


@router.get("/lists/{dataset}", response_class=HTMLResponse)
def list_page(
    request: Request,
    cur: Cursor,
    dataset: str,
    q: str | None = None,
    program: str | None = None,
    country: str | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    info = list_info(dataset)
    result = listviews.search_list(
        cur, dataset, q, program or None, country or None, PAGE, (page - 1) * PAGE
    )
    query = {k: v for k, v in {"q": q, "program": program, "country": country}.items() if v}
    pages = max(1, math.ceil(result.total / PAGE))
    base = f"/lists/{dataset}?"
    context = {
        "info": info,
        "r": result,
        "form": query,
        "page": page,
        "pages": pages,
        "prev_href": base + urlencode({**query, "page": page - 1}) if page > 1 else None,
        "next_href": base + urlencode({**query, "page": page + 1}) if page < pages else None,
        "versions": len(catalog.list_versions(cur, dataset)),
        "twin": f"/api/lists/{dataset}/search?"
        + urlencode({**query, "limit": PAGE, "offset": (page - 1) * PAGE}),
    }
    return render(request, "lists/list.html", context)


@router.get("/lists/{dataset}/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, cur: Cursor, dataset: str, entity_id: str) -> HTMLResponse:
    found = listviews.get_list_entity(cur, dataset, entity_id)
    return render(
        request,
        "lists/entity.html",
        {"info": list_info(dataset), "r": found, "e": found.entity},
    )


@router.get("/lists/{dataset}/diff", response_class=HTMLResponse)
def diff_page(
    request: Request,
    cur: Cursor,
    dataset: str,
    old: int | None = None,
    new: int | None = None,
) -> HTMLResponse:
    info = list_info(dataset)
    diff = listviews.diff_list(cur, dataset, old, new)
    current = catalog.current_version(cur, dataset)
    return render(
        request,
        "lists/diff.html",
        {
            "info": info,
            "d": diff,
            "shown": DIFF_ROWS,
            "versions": catalog.list_versions(cur, dataset),
            "linkable": current is not None and diff.new.version == current.version,
        },
    )
