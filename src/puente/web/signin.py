"""/signin and /signout: web pages sign in with an API key.

The key is checked once; the browser then holds a session cookie (HttpOnly, SameSite=Strict,
Secure over https) with a random token, and the state store keeps only its SHA-256. A revoked
key ends its sessions at once. JSON twin: none on purpose (the API takes the key itself).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from puente.auth.keys import KeyRing
from puente.auth.sessions import SESSION_COOKIE, close_session, open_session
from puente.config import Settings
from puente.httpauth import auth_mode, get_keys, get_state
from puente.httpdeps import get_settings
from puente.state import State
from puente.web.rendering import render

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never //host or a scheme (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _page(
    request: Request, settings: Settings, next_path: str, error: str | None, status: int = 200
) -> HTMLResponse:
    context = {
        "next": safe_next(next_path),
        "error": error,
        "mode": auth_mode(settings),
    }
    return render(request, "signin.html", context, status_code=status)


@router.get("/signin", response_class=HTMLResponse)
def signin_form(
    request: Request, settings: Annotated[Settings, Depends(get_settings)], next: str = "/"
) -> HTMLResponse:
    return _page(request, settings, next, None)


@router.post("/signin")
def signin(
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
    state: Annotated[State, Depends(get_state)],
    keys: Annotated[KeyRing, Depends(get_keys)],
    key: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    actor = keys.verify(key) if key else None
    if actor is None:
        return _page(request, settings, next, "That key is not valid (unknown or revoked).", 401)
    token = open_session(state, actor, settings.session_hours)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(settings.session_hours * 3600),
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/signout")
def signout(request: Request, state: Annotated[State, Depends(get_state)]) -> Response:
    close_session(state, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response
