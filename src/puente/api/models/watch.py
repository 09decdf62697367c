"""Response models of /api/watch (puente.watch): built by the routes from the service's
dataclasses (Portfolio, Subject, Alert, Event, AddReport, SyncReport)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from puente.api.models.common import Answer, Rows
from puente.watch.service import AddReport, SyncReport
from puente.watch.state import Alert as AlertRecord
from puente.watch.state import Event as EventRecord
from puente.watch.state import Portfolio as PortfolioRecord
from puente.watch.state import Subject as SubjectRecord

Status = Literal["open", "confirmed", "dismissed", "closed"]


class Portfolio(Answer):
    name: str
    title: str | None
    created_at: str
    created_by: str | None
    subjects: int
    open_alerts: int

    @classmethod
    def of(cls, p: PortfolioRecord) -> Portfolio:
        return cls(
            name=p.name,
            title=p.title,
            created_at=p.created_at.isoformat(),
            created_by=p.created_by,
            subjects=p.subjects,
            open_alerts=p.open_alerts,
        )


class Portfolios(Answer):
    portfolios: list[Portfolio]


class Subject(Answer):
    subject_id: str = Field(description="The firm's own id")
    name: str
    type: str | None = Field(description="individual or entity; none: unknown")
    birth_date: str | None
    country: str | None
    id_number: str | None

    @classmethod
    def of(cls, s: SubjectRecord) -> Subject:
        return cls(
            subject_id=s.subject_id,
            name=s.name,
            type=s.subject_type,
            birth_date=s.birth_date,
            country=s.country,
            id_number=s.id_number,
        )


class Subjects(Answer):
    portfolio: str
    subjects: list[Subject]


class Alert(Answer):
    alert_id: int
    portfolio: str
    subject_id: str
    dataset: str
    status: Status = Field(description="open, confirmed, dismissed or closed")
    entity_id: str
    list_version: int
    matched_name: str
    primary_name: str
    programs: list[str]
    score: float
    explanation: str
    created_at: str
    updated_at: str
    decided_by: str | None
    decided_at: str | None
    reason: str | None

    @classmethod
    def of(cls, alert: AlertRecord) -> Alert:
        return cls.model_validate(alert.as_dict())


class Alerts(Answer):
    portfolio: str
    alerts: list[Alert]


class Event(Answer):
    event_id: int
    alert_id: int
    portfolio: str
    at: str
    event: str = Field(
        description="opened, reopened, updated, closed, or the decision: confirmed, dismissed, open"
    )
    status: Status
    actor: str
    reason: str | None
    list_version: int | None

    @classmethod
    def of(cls, event: EventRecord) -> Event:
        return cls.model_validate(event.as_dict())


class Events(Answer):
    portfolio: str
    events: list[Event]


class Deliveries(Answer):
    portfolio: str
    deliveries: Rows


class Webhook(Answer):
    webhook_id: int | str
    url: str
    secret: str = Field(description="Shown once: receivers check X-Puente-Signature with it")


class Reports(Answer):
    """What adding subjects did: subjects added and replaced, alerts opened, reopened and
    closed (puente.watch.service.AddReport)."""

    portfolio: str
    added: int
    replaced: int
    opened: int
    reopened: int
    closed: int

    @classmethod
    def of(cls, report: AddReport) -> Reports:
        return cls.model_validate(report.as_dict())


class RescreenReport(Answer):
    """What bringing the portfolios up to one list's version did (SyncReport)."""

    dataset: str
    version: int
    mode: Literal["initial", "incremental", "full", "unchanged"]
    added: int = Field(description="Entries added to the list since the version screened")
    changed: int
    removed: int
    subjects_screened: int
    opened: int
    reopened: int
    closed: int

    @classmethod
    def of(cls, report: SyncReport) -> RescreenReport:
        return cls.model_validate(report.as_dict())


class RescreenReports(Answer):
    reports: list[RescreenReport]
