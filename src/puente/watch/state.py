"""Where monitoring keeps its state: portfolios, subjects, alerts and their history, the list
entries last screened, webhooks and their delivery log.

`WatchState` is the interface the service uses; `DuckDbWatchState` keeps it in the store's
DuckDB file (tables of migration `watch.1`). A PostgreSQL implementation for state shared
across processes implements the same methods. Every method that writes does so in one
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import duckdb

from puente.errors import InvalidInput, NotFound
from puente.store import Store

STATUSES = ("open", "confirmed", "dismissed", "closed")


@dataclass(frozen=True, slots=True)
class Subject:
    subject_id: str
    """The firm's own id for the customer or supplier."""
    name: str
    subject_type: str | None = None
    """individual or entity (None: unknown)."""
    birth_date: str | None = None
    country: str | None = None
    id_number: str | None = None

    def query(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.subject_type,
            "birth_date": self.birth_date,
            "country": self.country,
            "id_number": self.id_number,
        }


@dataclass(frozen=True, slots=True)
class Portfolio:
    name: str
    title: str | None
    created_at: datetime
    created_by: str
    subjects: int = 0
    open_alerts: int = 0


@dataclass(frozen=True, slots=True)
class Alert:
    alert_id: int
    portfolio: str
    subject_id: str
    dataset: str
    entity_id: str
    entry_digest: str
    list_version: int
    matched_name: str
    primary_name: str
    programs: tuple[str, ...]
    score: float
    explanation: str
    status: str
    created_at: datetime
    updated_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    dismissed_digest: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "alert_id": self.alert_id,
            "portfolio": self.portfolio,
            "subject_id": self.subject_id,
            "dataset": self.dataset,
            "entity_id": self.entity_id,
            "list_version": self.list_version,
            "matched_name": self.matched_name,
            "primary_name": self.primary_name,
            "programs": list(self.programs),
            "score": self.score,
            "explanation": self.explanation,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Event:
    event_id: int
    alert_id: int
    portfolio: str
    at: datetime
    event: str
    """opened, reopened, updated, confirmed, dismissed, closed."""
    status: str
    actor: str
    reason: str | None
    list_version: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "alert_id": self.alert_id,
            "portfolio": self.portfolio,
            "at": self.at.isoformat(),
            "event": self.event,
            "status": self.status,
            "actor": self.actor,
            "reason": self.reason,
            "list_version": self.list_version,
        }


@dataclass(slots=True)
class AlertWrite:
    """An alert to insert (alert_id None) or update, and the event that says why."""

    alert: Alert
    event: str
    actor: str
    reason: str | None = None
    new: bool = False


@dataclass(frozen=True, slots=True)
class ListState:
    dataset: str
    version: int
    sha256: str
    engine: str


@dataclass(frozen=True, slots=True)
class EntryState:
    """What a list entry said when it was last screened: its digest, the digest of its facts
    other than names, and its names."""

    digest: str
    facts: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Webhook:
    webhook_id: int
    portfolio: str
    url: str
    secret: str


@dataclass(slots=True)
class Delivery:
    webhook_id: int
    portfolio: str
    attempt: int
    events: list[int]
    status_code: int | None
    error: str | None
    delivered: bool
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


class WatchState(Protocol):
    def create_portfolio(self, name: str, title: str | None, actor: str) -> Portfolio: ...
    def portfolio(self, name: str) -> Portfolio: ...
    def portfolios(self) -> list[Portfolio]: ...
    def add_subjects(self, portfolio: str, subjects: list[Subject]) -> tuple[int, int]: ...
    def subjects(self, portfolio: str | None = None) -> list[tuple[str, Subject]]: ...
    def alerts(self, portfolio: str | None = None, status: str | None = None) -> list[Alert]: ...
    def alert(self, alert_id: int) -> Alert: ...
    def write_alerts(self, writes: list[AlertWrite], version: int | None) -> list[Event]: ...
    def events(self, portfolio: str, limit: int = 100) -> list[Event]: ...
    def list_state(self, dataset: str) -> ListState | None: ...
    def entries(self, dataset: str) -> dict[str, EntryState]: ...
    def save_list_state(self, state: ListState, entries: dict[str, EntryState]) -> None: ...
    def add_webhook(self, portfolio: str, url: str, secret: str) -> Webhook: ...
    def webhooks(self, portfolio: str) -> list[Webhook]: ...
    def log_delivery(self, delivery: Delivery) -> None: ...
    def deliveries(self, portfolio: str, limit: int = 100) -> list[dict[str, Any]]: ...


ALERT_COLUMNS = (
    "alert_id, portfolio, subject_id, dataset, entity_id, entry_digest, list_version, "
    "matched_name, primary_name, programs, score, explanation, status, created_at, updated_at, "
    "decided_by, decided_at, reason, dismissed_digest"
)


def alert_from_row(row: tuple[Any, ...]) -> Alert:
    """An alert from a row of `ALERT_COLUMNS` (either state store)."""
    values = list(row)
    values[9] = tuple(values[9] or ())
    return Alert(*values)


def _event(row: tuple[Any, ...]) -> Event:
    return Event(*row)


class DuckDbWatchState:
    """WatchState in the store's DuckDB file."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _next_id(self, cur: duckdb.DuckDBPyConnection) -> int:
        row = cur.execute("SELECT nextval('watch_ids')").fetchone()
        assert row is not None
        return int(row[0])

    def create_portfolio(self, name: str, title: str | None, actor: str) -> Portfolio:
        now = datetime.now(UTC)
        with self.store.write() as cur:
            found = cur.execute(
                "SELECT 1 FROM watch_portfolios WHERE portfolio = ?", [name]
            ).fetchone()
            if found:
                raise InvalidInput(f"portfolio {name!r} exists already")
            cur.execute(
                "INSERT INTO watch_portfolios VALUES (?, ?, ?, ?)", [name, title, now, actor]
            )
        return Portfolio(name, title, now, actor)

    def portfolio(self, name: str) -> Portfolio:
        found = [p for p in self.portfolios() if p.name == name]
        if not found:
            raise NotFound(f"no portfolio {name!r}; create it with `puente watch create {name}`")
        return found[0]

    def portfolios(self) -> list[Portfolio]:
        with self.store.read() as cur:
            rows = cur.execute(
                "SELECT p.portfolio, p.title, p.created_at, p.created_by, "
                "(SELECT count(*) FROM watch_subjects s WHERE s.portfolio = p.portfolio), "
                "(SELECT count(*) FROM watch_alerts a WHERE a.portfolio = p.portfolio "
                "AND a.status = 'open') FROM watch_portfolios p ORDER BY 1"
            ).fetchall()
        return [Portfolio(*r) for r in rows]

    def add_subjects(self, portfolio: str, subjects: list[Subject]) -> tuple[int, int]:
        """Insert subjects; one with an id already in the portfolio replaces it. Returns
        (added, replaced)."""
        now = datetime.now(UTC)
        with self.store.write() as cur:
            existing = {
                r[0]
                for r in cur.execute(
                    "SELECT subject_id FROM watch_subjects WHERE portfolio = ?", [portfolio]
                ).fetchall()
            }
            replaced = [s.subject_id for s in subjects if s.subject_id in existing]
            if replaced:
                cur.execute(
                    "DELETE FROM watch_subjects WHERE portfolio = ? AND list_contains(?, "
                    "subject_id)",
                    [portfolio, replaced],
                )
            cur.executemany(
                "INSERT INTO watch_subjects VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [
                        portfolio,
                        s.subject_id,
                        s.name,
                        s.subject_type,
                        s.birth_date,
                        s.country,
                        s.id_number,
                        now,
                    ]
                    for s in subjects
                ],
            )
        return len(subjects) - len(replaced), len(replaced)

    def subjects(self, portfolio: str | None = None) -> list[tuple[str, Subject]]:
        sql = (
            "SELECT portfolio, subject_id, name, subject_type, birth_date, country, id_number "
            "FROM watch_subjects"
        )
        params: list[Any] = []
        if portfolio is not None:
            sql += " WHERE portfolio = ?"
            params.append(portfolio)
        with self.store.read() as cur:
            rows = cur.execute(sql + " ORDER BY portfolio, subject_id", params).fetchall()
        return [(r[0], Subject(*r[1:])) for r in rows]

    def alerts(self, portfolio: str | None = None, status: str | None = None) -> list[Alert]:
        where, params = ["true"], []
        if portfolio is not None:
            where.append("portfolio = ?")
            params.append(portfolio)
        if status is not None:
            where.append("status = ?")
            params.append(status)
        with self.store.read() as cur:
            rows = cur.execute(
                f"SELECT {ALERT_COLUMNS} FROM watch_alerts WHERE {' AND '.join(where)} "
                "ORDER BY alert_id",
                params,
            ).fetchall()
        return [alert_from_row(r) for r in rows]

    def alert(self, alert_id: int) -> Alert:
        with self.store.read() as cur:
            row = cur.execute(
                f"SELECT {ALERT_COLUMNS} FROM watch_alerts WHERE alert_id = ?", [alert_id]
            ).fetchone()
        if row is None:
            raise NotFound(f"no alert {alert_id}")
        return alert_from_row(row)

    def write_alerts(self, writes: list[AlertWrite], version: int | None) -> list[Event]:
        """Insert or update the alerts and append one event each, in one transaction."""
        events: list[Event] = []
        if not writes:
            return events
        with self.store.write() as cur:
            for write in writes:
                alert = write.alert
                if write.new:
                    alert_id = self._next_id(cur)
                    cur.execute(
                        f"INSERT INTO watch_alerts ({ALERT_COLUMNS}) VALUES "
                        f"({', '.join(['?'] * 19)})",
                        [alert_id, *alert_values(alert)[1:]],
                    )
                else:
                    alert_id = alert.alert_id
                    cur.execute(
                        "UPDATE watch_alerts SET entry_digest = ?, list_version = ?, "
                        "matched_name = ?, primary_name = ?, programs = ?, score = ?, "
                        "explanation = ?, status = ?, updated_at = ?, decided_by = ?, "
                        "decided_at = ?, reason = ?, dismissed_digest = ? WHERE alert_id = ?",
                        [*alert_values(alert)[5:13], *alert_values(alert)[14:], alert_id],
                    )
                event_id = self._next_id(cur)
                event = Event(
                    event_id,
                    alert_id,
                    alert.portfolio,
                    alert.updated_at,
                    write.event,
                    alert.status,
                    write.actor,
                    write.reason,
                    version if version is not None else alert.list_version,
                )
                cur.execute(
                    "INSERT INTO watch_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        event.event_id,
                        event.alert_id,
                        event.portfolio,
                        event.at,
                        event.event,
                        event.status,
                        event.actor,
                        event.reason,
                        event.list_version,
                    ],
                )
                events.append(event)
        return events

    def events(self, portfolio: str, limit: int = 100) -> list[Event]:
        with self.store.read() as cur:
            rows = cur.execute(
                "SELECT event_id, alert_id, portfolio, event_at, event, status, actor, reason, "
                "list_version FROM watch_events WHERE portfolio = ? ORDER BY event_id DESC "
                "LIMIT ?",
                [portfolio, limit],
            ).fetchall()
        return [_event(r) for r in rows]

    def list_state(self, dataset: str) -> ListState | None:
        with self.store.read() as cur:
            row = cur.execute(
                "SELECT dataset, version, sha256, engine FROM watch_lists WHERE dataset = ?",
                [dataset],
            ).fetchone()
        return ListState(*row) if row else None

    def entries(self, dataset: str) -> dict[str, EntryState]:
        with self.store.read() as cur:
            rows = cur.execute(
                "SELECT entity_id, digest, facts, names FROM watch_entries WHERE dataset = ?",
                [dataset],
            ).fetchall()
        return {r[0]: EntryState(r[1], r[2], tuple(r[3])) for r in rows}

    def save_list_state(self, state: ListState, entries: dict[str, EntryState]) -> None:
        with self.store.write() as cur:
            cur.execute("DELETE FROM watch_lists WHERE dataset = ?", [state.dataset])
            cur.execute("DELETE FROM watch_entries WHERE dataset = ?", [state.dataset])
            cur.execute(
                "INSERT INTO watch_lists VALUES (?, ?, ?, ?, ?)",
                [state.dataset, state.version, state.sha256, state.engine, datetime.now(UTC)],
            )
            if entries:
                rows = [
                    {"d": state.dataset, "e": k, "g": v.digest, "f": v.facts, "n": list(v.names)}
                    for k, v in entries.items()
                ]
                cur.execute(
                    "INSERT INTO watch_entries SELECT r.d, r.e, r.g, r.f, r.n FROM "
                    "(SELECT unnest(?) AS r)",
                    [rows],
                )

    def add_webhook(self, portfolio: str, url: str, secret: str) -> Webhook:
        with self.store.write() as cur:
            webhook_id = self._next_id(cur)
            cur.execute(
                "INSERT INTO watch_webhooks VALUES (?, ?, ?, ?, ?)",
                [webhook_id, portfolio, url, secret, datetime.now(UTC)],
            )
        return Webhook(webhook_id, portfolio, url, secret)

    def webhooks(self, portfolio: str) -> list[Webhook]:
        with self.store.read() as cur:
            rows = cur.execute(
                "SELECT webhook_id, portfolio, url, secret FROM watch_webhooks "
                "WHERE portfolio = ? ORDER BY webhook_id",
                [portfolio],
            ).fetchall()
        return [Webhook(*r) for r in rows]

    def log_delivery(self, delivery: Delivery) -> None:
        with self.store.write() as cur:
            cur.execute(
                "INSERT INTO watch_deliveries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    self._next_id(cur),
                    delivery.webhook_id,
                    delivery.portfolio,
                    delivery.attempt,
                    delivery.at,
                    delivery.events,
                    delivery.status_code,
                    delivery.error,
                    delivery.delivered,
                ],
            )

    def deliveries(self, portfolio: str, limit: int = 100) -> list[dict[str, Any]]:
        with self.store.read() as cur:
            rows = cur.execute(
                "SELECT d.delivery_id, d.webhook_id, w.url, d.attempt, d.attempted_at, d.events, "
                "d.status_code, d.error, d.delivered FROM watch_deliveries d "
                "JOIN watch_webhooks w USING (webhook_id) WHERE d.portfolio = ? "
                "ORDER BY d.delivery_id DESC LIMIT ?",
                [portfolio, limit],
            ).fetchall()
        names = (
            "delivery_id",
            "webhook_id",
            "url",
            "attempt",
            "at",
            "events",
            "status_code",
            "error",
            "delivered",
        )
        out = [dict(zip(names, r, strict=True)) for r in rows]
        for item in out:
            item["at"] = item["at"].isoformat()
            item["events"] = list(item["events"])
        return out


def alert_values(alert: Alert) -> list[Any]:
    """The alert as the row values of `ALERT_COLUMNS`, in order."""
    return [
        alert.alert_id,
        alert.portfolio,
        alert.subject_id,
        alert.dataset,
        alert.entity_id,
        alert.entry_digest,
        alert.list_version,
        alert.matched_name,
        alert.primary_name,
        list(alert.programs),
        alert.score,
        alert.explanation,
        alert.status,
        alert.created_at,
        alert.updated_at,
        alert.decided_by,
        alert.decided_at,
        alert.reason,
        alert.dismissed_digest,
    ]
