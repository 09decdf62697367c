"""Monitoring pages: /watch (the portfolios) and /watch/{name} (one portfolio: its alerts with
the decision forms, the subject upload, the Atom feed).

A portfolio is confidential: the pages take the admin token, once, through the form at /watch;
the browser then holds a session cookie derived from it (HttpOnly, SameSite=Strict, never the
token itself). JSON twins: /api/watch and /api/watch/{name}/alerts.

A refused form (a wrong token, a portfolio name the service refuses, a subjects file it cannot
read, an alert decision it refuses: a dismissal without a reason, a reason too long) answers
4xx with its own page again: the values typed kept (never the token: that box is emptied on
purpose; a browser cannot refill a file box, so the file's name is quoted instead), the refused
field marked invalid and focused, and a line naming it in the page's language above the
service's own words (which name the file, line and column).
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
from puente.web.locale.vocabulary import N_
from puente.web.rendering import (
    Formatters,
    gettext_for,
    render,
    request_locale,
    translations,
)
from puente.web.retry import MESSAGE

router = APIRouter(include_in_schema=False)
COOKIE = "puente_watch"
ANALYST = "admin-session"
MAX_UPLOAD = 20 * 1024 * 1024
TOKEN_REFUSED = N_("%(label)s: that is not the admin token; type it again")
SUBJECTS_FILE = N_("Subjects file")
REASON_NEEDED = N_("%(label)s: a dismissal needs one (why this is not the listed party)")
REASON_LONG = N_("%(label)s: %(length)s characters; the limit is 1,000, shorten it")


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
        gettext = gettext_for(request)
        failed = gettext(TOKEN_REFUSED) % {"label": gettext("Admin token")}
        return render(request, "watch/login.html", {"failed": failed}, status_code=403)
    response = RedirectResponse("/watch", status_code=303)
    response.set_cookie(
        COOKIE, _session_value(expected), httponly=True, samesite="strict", path="/"
    )
    return response


def _refusal(request: Request, label: str, value: str, exc: InvalidInput) -> dict[str, str]:
    gettext = gettext_for(request)
    message = gettext(MESSAGE) % {"label": gettext(label), "value": value}
    return {"message": message, "detail": exc.detail}


@router.post("/watch", dependencies=[Depends(require_session)])
def create(
    request: Request,
    service: Service,
    name: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
) -> Response:
    try:
        created = service.create(name, title.strip() or None, ANALYST)
    except InvalidInput as exc:
        context = {
            "portfolios": service.state.portfolios(),
            "typed": {"name": name, "title": title},
            "refused": _refusal(request, "Name", name, exc),
        }
        return render(request, "watch/index.html", context, status_code=exc.status_code)
    return RedirectResponse(f"/watch/{created.name}", status_code=303)


@router.get("/watch/{name}", response_class=HTMLResponse, dependencies=[Depends(require_session)])
def portfolio_page(
    request: Request, name: str, service: Service, status: str | None = None
) -> HTMLResponse:
    chosen = status if status in STATUSES else None
    context = _portfolio_context(service, name, chosen)
    context["message"] = request.query_params.get("added")
    return render(request, "watch/portfolio.html", context)


def _portfolio_context(service: WatchService, name: str, status: str | None) -> dict[str, Any]:
    portfolio = service.state.portfolio(name)
    return {
        "p": portfolio,
        "alerts": service.alerts(name, status),
        "subjects": {s.subject_id: s for _, s in service.state.subjects(name)},
        "status": status,
        "statuses": STATUSES,
        "events": service.state.events(name, 20),
        "message": None,
    }


@router.post("/watch/{name}/subjects", dependencies=[Depends(require_session)])
async def upload(
    request: Request, name: str, service: Service, file: Annotated[UploadFile, File()]
) -> Response:
    label = (file.filename or "the file")[:100]
    try:
        data = await file.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise InvalidInput(f"{label} is larger than {MAX_UPLOAD // (1024 * 1024)} MB")
        subjects = await run_in_threadpool(parse_subjects_csv, data, label)
        summary = await run_in_threadpool(service.add, name, subjects)
    except InvalidInput as exc:
        context = await run_in_threadpool(_portfolio_context, service, name, None)
        context["refused"] = _refusal(request, SUBJECTS_FILE, label, exc)
        return render(request, "watch/portfolio.html", context, status_code=exc.status_code)
    count = summary.added + summary.replaced
    return RedirectResponse(f"/watch/{name}?added={count}", status_code=303)


def _decision_refusal(
    request: Request, alert_id: int, decision: str, reason: str, exc: InvalidInput
) -> dict[str, Any] | None:
    """What the alert's row shows after a refused decision: the field the service's line is
    about, the line in the page's language and the service's own, the values as typed. None
    when the line is about no field of the form (an alert of another portfolio)."""
    gettext = gettext_for(request)
    detail = exc.detail
    if detail.startswith("decision "):
        field, label = "decision", gettext("Decision")
        message = gettext(MESSAGE) % {"label": label, "value": decision}
    elif detail.startswith("a dismissal needs a reason"):
        field, label = "reason", gettext("Reason")
        message = gettext(REASON_NEEDED) % {"label": label}
    elif detail.startswith("the reason is longer"):
        field, label = "reason", gettext("Reason")
        length = Formatters(request_locale(request)).number(len(" ".join(reason.split())))
        message = gettext(REASON_LONG) % {"label": label, "length": length}
    else:
        return None
    return {
        "alert_id": alert_id,
        "field": field,
        "decision": decision,
        "reason": reason,
        "message": message,
        "detail": detail,
    }


@router.post("/watch/{name}/alerts/{alert_id}", dependencies=[Depends(require_session)])
def decide(
    request: Request,
    name: str,
    alert_id: int,
    service: Service,
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    try:
        service.decide(name, alert_id, decision, ANALYST, reason, "web")
    except InvalidInput as exc:
        refused = _decision_refusal(request, alert_id, decision, reason, exc)
        if refused is None:
            raise
        # The portfolio again, the refused row's form as typed, the field marked (a 400).
        context = _portfolio_context(service, name, None)
        context["decision_refused"] = refused
        return render(request, "watch/portfolio.html", context, status_code=exc.status_code)
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
