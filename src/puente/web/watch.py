"""Monitoring pages: /watch (the portfolios) and /watch/{name} (one portfolio: its alerts with
the decision forms, the subject upload, the Atom feed).

A portfolio is confidential: the pages take the admin token, once, through the form at /watch;
the browser then holds a session cookie derived from it (HttpOnly, SameSite=Strict, never the
token itself). JSON twins: /api/watch and /api/watch/{name}/alerts.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from puente.config import Settings
from puente.errors import Forbidden, InvalidInput
from puente.httpdeps import base_url, get_settings, get_store
from puente.store import Store
from puente.watch import WatchService, watch_service
from puente.watch.notify import atom_feed
from puente.watch.state import STATUSES
from puente.watch.subjects import parse_subjects_csv
from puente.web.rendering import render, request_locale, translations

router = APIRouter(include_in_schema=False)
COOKIE = "puente_watch"
ANALYST = "admin-session"
MAX_UPLOAD = 20 * 1024 * 1024


def _session_value(token: str) -> str:
    return hmac.new(token.encode(), b"puente-watch-session", hashlib.sha256).hexdigest()


def has_session(request: Request) -> bool:
    token = getattr(request.app.state, "admin_token", None)
    held = request.cookies.get(COOKIE)
    return bool(token and held and hmac.compare_digest(held, _session_value(token)))


def require_session(request: Request) -> None:
    if not has_session(request):
        raise Forbidden("portfolios are confidential: sign in at /watch with the admin token")


def service_of(
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> WatchService:
    return watch_service(store, settings)


Service = Annotated[WatchService, Depends(service_of)]


@router.get("/watch", response_class=HTMLResponse)
def watch_page(request: Request, service: Service) -> HTMLResponse:
    if not has_session(request):
        return render(request, "watch/login.html", {"failed": False})
    return render(request, "watch/index.html", {"portfolios": service.state.portfolios()})


@router.post("/watch/login")
def login(request: Request, token: Annotated[str, Form()] = "") -> Response:
    expected = getattr(request.app.state, "admin_token", None)
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        return render(request, "watch/login.html", {"failed": True}, status_code=403)
    response = RedirectResponse("/watch", status_code=303)
    response.set_cookie(
        COOKIE, _session_value(expected), httponly=True, samesite="strict", path="/"
    )
    return response


@router.post("/watch", dependencies=[Depends(require_session)])
def create(
    service: Service,
    name: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
) -> Response:
    created = service.create(name, title.strip() or None, ANALYST)
    return RedirectResponse(f"/watch/{created.name}", status_code=303)


@router.get("/watch/{name}", response_class=HTMLResponse, dependencies=[Depends(require_session)])
def portfolio_page(
    request: Request, name: str, service: Service, status: str | None = None
) -> HTMLResponse:
    portfolio = service.state.portfolio(name)
    chosen = status if status in STATUSES else None
    alerts = service.alerts(name, chosen)
    subjects = {s.subject_id: s for _, s in service.state.subjects(name)}
    context: dict[str, Any] = {
        "p": portfolio,
        "alerts": alerts,
        "subjects": subjects,
        "status": chosen,
        "statuses": STATUSES,
        "events": service.state.events(name, 20),
        "message": request.query_params.get("added"),
    }
    return render(request, "watch/portfolio.html", context)


@router.post("/watch/{name}/subjects", dependencies=[Depends(require_session)])
async def upload(name: str, service: Service, file: Annotated[UploadFile, File()]) -> Response:
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InvalidInput(f"the file is larger than {MAX_UPLOAD // (1024 * 1024)} MB")
    subjects = parse_subjects_csv(data, (file.filename or "the file")[:100])
    summary = await run_in_threadpool(service.add, name, subjects)
    count = summary["added"] + summary["replaced"]
    return RedirectResponse(f"/watch/{name}?added={count}", status_code=303)


@router.post("/watch/{name}/alerts/{alert_id}", dependencies=[Depends(require_session)])
def decide(
    name: str,
    alert_id: int,
    service: Service,
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    service.decide(name, alert_id, decision, ANALYST, reason, "web")
    return RedirectResponse(f"/watch/{name}#alert-{alert_id}", status_code=303)


@router.get("/watch/{name}/feed.atom", dependencies=[Depends(require_session)])
def feed(request: Request, name: str, service: Service) -> Response:
    service.state.portfolio(name)
    alerts = {a.alert_id: a for a in service.alerts(name)}
    locale = request_locale(request)
    events = service.state.events(name)
    text = atom_feed(name, events, alerts, base_url(request), locale, translations(locale).gettext)
    return Response(
        text,
        media_type="application/atom+xml; charset=utf-8",
        headers={"Content-Language": locale, "Vary": "Accept-Encoding, Accept-Language, Cookie"},
    )
