"""The home page (a dashboard: a headline figure of each part, and the three things people
come for), the two pickers behind it, and the data page."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from puente.errors import InvalidInput
from puente.httpdeps import Cursor, get_store
from puente.ingest.registry import describe_datasets
from puente.store import Store
from puente.web.dashboard import build_dashboard
from puente.web.rendering import kept, render

router = APIRouter(include_in_schema=False)

_PORT = re.compile(r"^[0-9]{4}$")  # a CBP port code
_SLUG = re.compile(r"^[a-z][a-z-]{1,40}$")  # a state's page name, e.g. baja-california-sur


@router.get("/", response_class=HTMLResponse)
@kept
def home(request: Request, cur: Cursor) -> HTMLResponse:
    return render(request, "home.html", {"d": build_dashboard(cur)})


@router.get("/go/wait")
def pick_crossing(port: str = "") -> RedirectResponse:
    """The home page's port picker (a plain GET form, so it works without JavaScript)."""
    if not _PORT.match(port):
        raise InvalidInput(
            f"port {port!r} is not a port code of four digits; pick one from the list"
        )
    return RedirectResponse(f"/border/waits/{port}", status_code=303)


@router.get("/go/advisory")
def pick_state(state: str = "") -> RedirectResponse:
    """The home page's state picker."""
    if not _SLUG.match(state):
        raise InvalidInput(f"state {state!r} is not a state; pick one from the list")
    return RedirectResponse(f"/travel/states/{state}", status_code=303)


@router.get("/datasets", response_class=HTMLResponse)
@kept
def datasets_page(request: Request, store: Annotated[Store, Depends(get_store)]) -> HTMLResponse:
    return render(request, "datasets.html", describe_datasets(store))
