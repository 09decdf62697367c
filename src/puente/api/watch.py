"""/api/watch: portfolios, their subjects and alerts, decisions, the Atom feed and webhooks.

A portfolio is a firm's customer or supplier list: every endpoint takes the admin token (the
`X-Puente-Token` header `puente serve` wrote beside the database). The decision of an alert is
recorded under the verified caller, never a name the request claims.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from puente.api.deps import get_settings, get_store, require_admin
from puente.api.lists import ListName
from puente.api.models.watch import (
    Alert,
    Alerts,
    Deliveries,
    Event,
    Events,
    Portfolio,
    Portfolios,
    Reports,
    RescreenReport,
    RescreenReports,
    Subject,
    Subjects,
    Webhook,
)
from puente.api.openapi import text_answer
from puente.api.queryparams import KNOWN_PARAMETERS
from puente.catalogs import choose_locale, translations
from puente.config import Settings
from puente.errors import InvalidInput
from puente.httpdeps import base_url
from puente.sanctions.lists import LISTS
from puente.store import Store
from puente.watch import WatchService, watch_service
from puente.watch.notify import atom_feed, check_url
from puente.watch.subjects import MAX_SUBJECTS, parse_subjects_csv, parse_subjects_json

router = APIRouter(tags=["watch"], dependencies=[Depends(require_admin), KNOWN_PARAMETERS])
MAX_UPLOAD = 20 * 1024 * 1024
ADMIN = "admin-token"
"""Who the admin token is in the audit log and on decisions."""


def service_of(
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> WatchService:
    return watch_service(store, settings)


Service = Annotated[WatchService, Depends(service_of)]


class PortfolioRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$",
        description="Letters, digits, '.', '_' or '-' (up to 64)",
    )
    title: str | None = Field(None, max_length=200)


class SubjectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject_id: str = Field(description="The firm's own id")
    name: str
    type: str | None = Field(None, description="individual or entity")
    birth_date: str | None = None
    country: str | None = Field(None, description="ISO code or name")
    id_number: str | None = None


class SubjectsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subjects: list[SubjectIn] = Field(
        description=f"1 to {MAX_SUBJECTS:,} subjects",
        max_length=MAX_SUBJECTS,
        json_schema_extra={"minItems": 1},  # none: the service's "no subjects to add"
    )


# Text with something besides whitespace (Python's str.split whitespace, spelt out so that
# every regex engine reads the class alike): what a dismissal's reason must be.
NOT_BLANK = "[^\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


class DecisionRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [  # a dismissal needs a reason (the service's rule, stated)
                {"properties": {"decision": {"enum": ["confirmed", "open"]}}},
                {
                    "properties": {"reason": {"type": "string", "pattern": NOT_BLANK}},
                    "required": ["reason"],
                },
            ]
        },
    )
    decision: Literal["confirmed", "dismissed", "open"] = Field(
        description="confirmed, dismissed or open"
    )
    reason: str | None = Field(None, description="Required for a dismissal")


class WebhookRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str
    secret: str | None = Field(None, min_length=16, description="Default: a new random one")


class RescreenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dataset: ListName | None = None
    full: bool = False


def _portfolio(service: WatchService, name: str) -> Portfolio:
    return Portfolio.of(service.state.portfolio(name))


@router.get("/api/watch", summary="Portfolios", response_model=Portfolios)
def portfolios(service: Service) -> Portfolios:
    return Portfolios(portfolios=[_portfolio(service, p.name) for p in service.state.portfolios()])


@router.post("/api/watch", summary="Create a portfolio", status_code=201, response_model=Portfolio)
def create(body: PortfolioRequest, service: Service) -> Portfolio:
    created = service.create(body.name, body.title, ADMIN)
    return _portfolio(service, created.name)


@router.get("/api/watch/{name}", summary="One portfolio", response_model=Portfolio)
def portfolio(name: str, service: Service) -> Portfolio:
    return _portfolio(service, name)


@router.get(
    "/api/watch/{name}/subjects", summary="The subjects of a portfolio", response_model=Subjects
)
def subjects(name: str, service: Service) -> Subjects:
    service.state.portfolio(name)
    return Subjects(
        portfolio=name, subjects=[Subject.of(s) for _, s in service.state.subjects(name)]
    )


@router.post(
    "/api/watch/{name}/subjects",
    summary="Add subjects (JSON); screens them",
    response_model=Reports,
)
def add_subjects(name: str, body: SubjectsRequest, service: Service) -> Reports:
    items = [s.model_dump() for s in body.subjects]
    return Reports.of(service.add(name, parse_subjects_json(items)))


@router.post(
    "/api/watch/{name}/subjects.csv",
    summary="Add subjects from a CSV upload",
    response_model=Reports,
)
async def add_subjects_csv(
    name: str, service: Service, file: Annotated[UploadFile, File()]
) -> Reports:
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InvalidInput(f"the file is larger than {MAX_UPLOAD // (1024 * 1024)} MB")
    label = (file.filename or "the file")[:100]
    parsed = parse_subjects_csv(data, label)
    from starlette.concurrency import run_in_threadpool

    # Screening thousands of subjects takes seconds: off the event loop.
    return Reports.of(await run_in_threadpool(service.add, name, parsed))


@router.get(
    "/api/watch/{name}/alerts", summary="Alerts, optionally by status", response_model=Alerts
)
def alerts(
    name: str,
    service: Service,
    status: Annotated[str | None, Query(description="open, confirmed, dismissed, closed")] = None,
) -> Alerts:
    return Alerts(portfolio=name, alerts=[Alert.of(a) for a in service.alerts(name, status)])


@router.post(
    "/api/watch/{name}/alerts/{alert_id}",
    summary="Confirm, dismiss or reopen",
    response_model=Alert,
)
def decide(name: str, alert_id: int, body: DecisionRequest, service: Service) -> Alert:
    alert = service.decide(name, alert_id, body.decision, ADMIN, body.reason, "api")
    return Alert.of(alert)


@router.get("/api/watch/{name}/events", summary="Alert events, newest first", response_model=Events)
def events(
    name: str, service: Service, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> Events:
    service.state.portfolio(name)
    return Events(portfolio=name, events=[Event.of(e) for e in service.state.events(name, limit)])


@router.get(
    "/api/watch/{name}/feed.atom",
    summary="Alert events as an Atom feed",
    response_class=Response,
    responses=text_answer("application/atom+xml"),
)
def feed(
    name: str,
    request: Request,
    service: Service,
    settings: Annotated[Settings, Depends(get_settings)],
    lang: Annotated[
        Literal["en", "es"] | None,
        Query(description="the feed's language; without it, Accept-Language, then PUENTE_LOCALE"),
    ] = None,
) -> Response:
    service.state.portfolio(name)
    alerts = {a.alert_id: a for a in service.alerts(name)}
    locale = choose_locale(lang, None, request.headers.get("accept-language"), settings.locale)
    text = atom_feed(
        name,
        service.state.events(name),
        alerts,
        base_url(request),
        locale,
        translations(locale).gettext,
        feed_path=f"/api/watch/{name}/feed.atom",
    )
    return Response(
        text,
        media_type="application/atom+xml; charset=utf-8",
        headers={"Content-Language": locale, "Vary": "Accept-Encoding, Accept-Language"},
    )


@router.post(
    "/api/watch/{name}/webhooks", summary="Add a webhook", status_code=201, response_model=Webhook
)
def add_webhook(
    name: str,
    body: WebhookRequest,
    service: Service,
    settings: Annotated[Settings, Depends(get_settings)],
) -> Webhook:
    service.state.portfolio(name)
    url = check_url(body.url, settings.webhook_allow_private)
    secret = body.secret or secrets.token_hex(24)
    hook = service.state.add_webhook(name, url, secret)
    # The secret is shown once, here; receivers check X-Puente-Signature with it.
    return Webhook(webhook_id=hook.webhook_id, url=hook.url, secret=secret)


@router.get(
    "/api/watch/{name}/deliveries", summary="The webhook delivery log", response_model=Deliveries
)
def deliveries(name: str, service: Service) -> Deliveries:
    service.state.portfolio(name)
    return Deliveries(portfolio=name, deliveries=service.state.deliveries(name))


@router.post(
    "/api/watch-rescreen",
    summary="Bring portfolios up to the lists in force",
    response_model=RescreenReports,
)
def rescreen(body: RescreenRequest, service: Service) -> RescreenReports:
    if body.dataset is not None and body.dataset not in LISTS:
        raise InvalidInput(f"unknown list {body.dataset!r}; expected one of {', '.join(LISTS)}")
    datasets = [body.dataset] if body.dataset else service.loaded()
    return RescreenReports(
        reports=[RescreenReport.of(service.sync(d, full=body.full)) for d in datasets]
    )
