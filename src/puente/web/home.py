"""The home page (a dashboard: a headline figure of each part, and the three things people
come for), the three pickers behind it, and the data page.

The pickers are plain GET forms (they work without JavaScript) that lead to the page asked
for. A value they cannot lead anywhere (an empty name, a port without wait times, a state that
is not one, as an edited address or an old bookmark sends) answers with the home page again, a
4xx: the line naming the field in the page's language beside it, the field marked invalid and
focused, the name as typed (a list cannot hold a value it does not offer, so the port or state
sent is quoted in the line instead).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from puente.errors import InvalidInput
from puente.httpdeps import Cursor, get_store
from puente.ingest.registry import describe_datasets
from puente.sanctions.screening import Query, validate_query
from puente.store import Store
from puente.web.dashboard import Choice, build_dashboard, port_choices, state_choices
from puente.web.formerrors import form_error
from puente.web.locale.vocabulary import N_
from puente.web.rendering import gettext_for, kept, render

router = APIRouter(include_in_schema=False)

# The pickers' fields: query parameter -> the label its form shows (the same msgids).
LABELS = {
    "name": N_("Person or company"),
    "port": N_("Port of entry"),
    "state": N_("Mexican state"),
}
CHOOSE = N_("%(label)s: choose one from the list")
NOT_LISTED = N_("%(label)s: “%(value)s” is not in the list; choose one from it")


@router.get("/", response_class=HTMLResponse)
@kept
def home(request: Request, cur: Cursor) -> HTMLResponse:
    return render(request, "home.html", {"d": build_dashboard(cur)})


def _folded(text: str) -> str:
    """Case and accents folded, spaces trimmed: "Nuevo León" and "nuevo leon" are one."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _chosen(value: str, choices: Sequence[Choice]) -> str | None:
    """The choice a picker's value means: its value (a port code, a state's page name) or
    its name as the list shows it; None when it is none of them."""
    wanted = _folded(value)
    if not wanted:
        return None
    return next((c.value for c in choices if wanted in (_folded(c.value), _folded(c.name))), None)


def _home_again(
    request: Request, cur: Cursor, field: str, value: str, message: str, status: int
) -> HTMLResponse:
    refused: dict[str, Any] = {"field": field, "value": value, "message": message}
    context = {"d": build_dashboard(cur), "refused": refused}
    return render(request, "home.html", context, status_code=status)


def _picked(
    request: Request, cur: Cursor, field: str, value: str, choices: Sequence[Choice], path: str
) -> Response:
    chosen = _chosen(value, choices)
    if chosen is not None:
        return RedirectResponse(f"{path}/{quote(chosen)}", status_code=303)
    gettext = gettext_for(request)
    label = gettext(LABELS[field])
    if not value.strip():
        return _home_again(request, cur, field, value, gettext(CHOOSE) % {"label": label}, 400)
    message = gettext(NOT_LISTED) % {"label": label, "value": value[:100]}
    return _home_again(request, cur, field, value, message, 404)


@router.get("/go/wait")
def pick_crossing(request: Request, cur: Cursor, port: str = "") -> Response:
    """The home page's port picker: a port with wait times, by code or name."""
    return _picked(request, cur, "port", port, port_choices(cur), "/border/waits")


@router.get("/go/advisory")
def pick_state(request: Request, cur: Cursor, state: str = "") -> Response:
    """The home page's state picker: a state by its page name or its name."""
    return _picked(request, cur, "state", state, state_choices(cur), "/travel/states")


@router.get("/go/screen")
def pick_name(request: Request, cur: Cursor, name: str = "") -> Response:
    """The home page's "Screen a name": the screening form, filled in (the screening itself,
    which is audited, is that form's POST). A name it could not screen is refused here."""
    try:
        validate_query(Query(name=name))
    except InvalidInput as exc:
        labels = {"name": LABELS["name"]}
        _field, message = form_error(exc.detail, gettext_for(request), labels)
        return _home_again(request, cur, "name", name, message, exc.status_code)
    return RedirectResponse(f"/sanctions/screen?name={quote(name, safe='')}", status_code=303)


@router.get("/datasets", response_class=HTMLResponse)
@kept
def datasets_page(request: Request, store: Annotated[Store, Depends(get_store)]) -> HTMLResponse:
    return render(request, "datasets.html", describe_datasets(store))
