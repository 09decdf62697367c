"""Response models of /api/watch (puente.watch)."""

from __future__ import annotations

from pydantic import Field

from puente.api.models.common import Answer, Rows


class Portfolio(Answer):
    name: str
    title: str | None
    created_at: str
    created_by: str | None
    subjects: int
    open_alerts: int


class Portfolios(Answer):
    portfolios: list[Portfolio]


class Subjects(Answer):
    portfolio: str
    subjects: Rows


class Alert(Answer):
    alert_id: int
    portfolio: str
    subject_id: str
    dataset: str
    status: str = Field(description="open, confirmed, dismissed or closed")


class Alerts(Answer):
    portfolio: str
    alerts: list[Alert]


class Events(Answer):
    portfolio: str
    events: Rows


class Deliveries(Answer):
    portfolio: str
    deliveries: Rows


class Webhook(Answer):
    webhook_id: int | str
    url: str
    secret: str = Field(description="Shown once: receivers check X-Puente-Signature with it")


class Reports(Answer):
    """What a screening of subjects, or a rescreen, did."""


class RescreenReports(Answer):
    reports: Rows
