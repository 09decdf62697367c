"""Monitoring state in PostgreSQL (PUENTE_STATE_URL), shared by servers and the updater.

The same `WatchState` as the DuckDB tables of migration `watch.1`, with the keys the embedded
store keeps by its write lock made real constraints here, so that writers in several
processes cannot make two of one thing:

- one portfolio per name; one subject per (portfolio, subject id);
- one alert per (portfolio, subject, list, entry): when two processes open the same alert at
  once, the second insert does nothing and adds no event;
- alert writes and their events in one transaction, under an advisory lock, so the history of
  an alert is in the order its changes were made.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from psycopg import Cursor
from psycopg.errors import UniqueViolation

from puente.errors import InvalidInput, NotFound
from puente.state.pg import PgDatabase
from puente.watch.state import (
    ALERT_COLUMNS,
    Alert,
    AlertWrite,
    Delivery,
    EntryState,
    Event,
    ListState,
    Portfolio,
    Subject,
    Webhook,
    alert_from_row,
    alert_values,
)

ALERTS_LOCK = 0x70756E7465_03
"""pg_advisory_xact_lock key held while alerts are written."""

MIGRATIONS: list[tuple[str, str]] = [
    (
        "watch.1",
        """
        CREATE SEQUENCE IF NOT EXISTS watch_ids START 1;
        CREATE TABLE IF NOT EXISTS watch_portfolios (
            portfolio TEXT PRIMARY KEY,
            title TEXT,
            created_at TIMESTAMPTZ NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS watch_subjects (
            portfolio TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            name TEXT NOT NULL,
            subject_type TEXT,
            birth_date TEXT,
            country TEXT,
            id_number TEXT,
            added_at TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (portfolio, subject_id)
        );
        CREATE TABLE IF NOT EXISTS watch_alerts (
            alert_id BIGINT PRIMARY KEY,
            portfolio TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            dataset TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            entry_digest TEXT NOT NULL,
            list_version INTEGER NOT NULL,
            matched_name TEXT NOT NULL,
            primary_name TEXT NOT NULL,
            programs TEXT[] NOT NULL,
            score DOUBLE PRECISION NOT NULL,
            explanation TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL,
            decided_by TEXT,
            decided_at TIMESTAMPTZ,
            reason TEXT,
            dismissed_digest TEXT,
            UNIQUE (portfolio, subject_id, dataset, entity_id)
        );
        CREATE TABLE IF NOT EXISTS watch_events (
            event_id BIGINT PRIMARY KEY,
            alert_id BIGINT NOT NULL,
            portfolio TEXT NOT NULL,
            event_at TIMESTAMPTZ NOT NULL,
            event TEXT NOT NULL,
            status TEXT NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT,
            list_version INTEGER
        );
        CREATE INDEX IF NOT EXISTS watch_events_portfolio ON watch_events (portfolio, event_id);
        CREATE TABLE IF NOT EXISTS watch_lists (
            dataset TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            engine TEXT NOT NULL,
            screened_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE IF NOT EXISTS watch_entries (
            dataset TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            digest TEXT NOT NULL,
            facts TEXT NOT NULL,
            names TEXT[] NOT NULL,
            PRIMARY KEY (dataset, entity_id)
        );
        CREATE TABLE IF NOT EXISTS watch_webhooks (
            webhook_id BIGINT PRIMARY KEY,
            portfolio TEXT NOT NULL,
            url TEXT NOT NULL,
            secret TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE IF NOT EXISTS watch_deliveries (
            delivery_id BIGINT PRIMARY KEY,
            webhook_id BIGINT NOT NULL,
            portfolio TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            attempted_at TIMESTAMPTZ NOT NULL,
            events BIGINT[] NOT NULL,
            status_code INTEGER,
            error TEXT,
            delivered BOOLEAN NOT NULL
        );
        """,
    ),
]


def _next_id(cur: Cursor[Any]) -> int:
    cur.execute("SELECT nextval('watch_ids')")
    row = cur.fetchone()
    assert row is not None
    return int(row[0])


class PgWatchState:
    """WatchState in PostgreSQL."""

    def __init__(self, db: PgDatabase) -> None:
        self.db = db
        db.migrate("watch", MIGRATIONS)

    def create_portfolio(self, name: str, title: str | None, actor: str) -> Portfolio:
        now = datetime.now(UTC)
        try:
            with self.db.transaction() as cur:
                cur.execute(
                    "INSERT INTO watch_portfolios (portfolio, title, created_at, created_by) "
                    "VALUES (%s, %s, %s, %s)",
                    [name, title, now, actor],
                )
        except UniqueViolation as exc:
            raise InvalidInput(f"portfolio {name!r} exists already") from exc
        return Portfolio(name, title, now, actor)

    def portfolio(self, name: str) -> Portfolio:
        found = [p for p in self.portfolios() if p.name == name]
        if not found:
            raise NotFound(f"no portfolio {name!r}; create it with `puente watch create {name}`")
        return found[0]

    def portfolios(self) -> list[Portfolio]:
        with self.db.transaction() as cur:
            cur.execute(
                "SELECT p.portfolio, p.title, p.created_at, p.created_by, "
                "(SELECT count(*) FROM watch_subjects s WHERE s.portfolio = p.portfolio), "
                "(SELECT count(*) FROM watch_alerts a WHERE a.portfolio = p.portfolio "
                "AND a.status = 'open') FROM watch_portfolios p ORDER BY 1"
            )
            rows = cur.fetchall()
        return [Portfolio(*r) for r in rows]

    def add_subjects(self, portfolio: str, subjects: list[Subject]) -> tuple[int, int]:
        """Insert subjects; one with an id already in the portfolio replaces it. Returns
        (added, replaced), counted by the database (another process may add the same ids)."""
        now = datetime.now(UTC)
        replaced = 0
        with self.db.transaction() as cur:
            for s in subjects:
                cur.execute(
                    "INSERT INTO watch_subjects (portfolio, subject_id, name, subject_type, "
                    "birth_date, country, id_number, added_at) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (portfolio, subject_id) DO UPDATE SET name = excluded.name, "
                    "subject_type = excluded.subject_type, birth_date = excluded.birth_date, "
                    "country = excluded.country, id_number = excluded.id_number, "
                    "added_at = excluded.added_at RETURNING (xmax <> 0)",
                    [
                        portfolio,
                        s.subject_id,
                        s.name,
                        s.subject_type,
                        s.birth_date,
                        s.country,
                        s.id_number,
                        now,
                    ],
                )
                row = cur.fetchone()
                replaced += 1 if row is not None and row[0] else 0
        return len(subjects) - replaced, replaced

    def subjects(self, portfolio: str | None = None) -> list[tuple[str, Subject]]:
        sql = (
            "SELECT portfolio, subject_id, name, subject_type, birth_date, country, id_number "
            "FROM watch_subjects"
        )
        params: list[Any] = []
        if portfolio is not None:
            sql += " WHERE portfolio = %s"
            params.append(portfolio)
        with self.db.transaction() as cur:
            cur.execute(sql + " ORDER BY portfolio, subject_id", params)
            rows = cur.fetchall()
        return [(r[0], Subject(*r[1:])) for r in rows]

    def alerts(self, portfolio: str | None = None, status: str | None = None) -> list[Alert]:
        where, params = ["true"], []
        if portfolio is not None:
            where.append("portfolio = %s")
            params.append(portfolio)
        if status is not None:
            where.append("status = %s")
            params.append(status)
        with self.db.transaction() as cur:
            cur.execute(
                f"SELECT {ALERT_COLUMNS} FROM watch_alerts WHERE {' AND '.join(where)} "
                "ORDER BY alert_id",
                params,
            )
            rows = cur.fetchall()
        return [alert_from_row(r) for r in rows]

    def alert(self, alert_id: int) -> Alert:
        with self.db.transaction() as cur:
            cur.execute(f"SELECT {ALERT_COLUMNS} FROM watch_alerts WHERE alert_id = %s", [alert_id])
            row = cur.fetchone()
        if row is None:
            raise NotFound(f"no alert {alert_id}")
        return alert_from_row(row)

    def write_alerts(self, writes: list[AlertWrite], version: int | None) -> list[Event]:
        """Insert or update the alerts and append one event each, in one transaction. A new
        alert that another process opened first is left to it (no second alert, no event)."""
        events: list[Event] = []
        if not writes:
            return events
        with self.db.transaction() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [ALERTS_LOCK])
            for write in writes:
                alert = write.alert
                if write.new:
                    alert_id = _next_id(cur)
                    cur.execute(
                        f"INSERT INTO watch_alerts ({ALERT_COLUMNS}) VALUES "
                        f"({', '.join(['%s'] * 19)}) "
                        "ON CONFLICT (portfolio, subject_id, dataset, entity_id) DO NOTHING "
                        "RETURNING alert_id",
                        [alert_id, *alert_values(alert)[1:]],
                    )
                    if cur.fetchone() is None:
                        continue
                else:
                    alert_id = alert.alert_id
                    cur.execute(
                        "UPDATE watch_alerts SET entry_digest = %s, list_version = %s, "
                        "matched_name = %s, primary_name = %s, programs = %s, score = %s, "
                        "explanation = %s, status = %s, updated_at = %s, decided_by = %s, "
                        "decided_at = %s, reason = %s, dismissed_digest = %s WHERE alert_id = %s",
                        [*alert_values(alert)[5:13], *alert_values(alert)[14:], alert_id],
                    )
                event = Event(
                    _next_id(cur),
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
                    "INSERT INTO watch_events (event_id, alert_id, portfolio, event_at, event, "
                    "status, actor, reason, list_version) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
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
        with self.db.transaction() as cur:
            cur.execute(
                "SELECT event_id, alert_id, portfolio, event_at, event, status, actor, reason, "
                "list_version FROM watch_events WHERE portfolio = %s ORDER BY event_id DESC "
                "LIMIT %s",
                [portfolio, limit],
            )
            rows = cur.fetchall()
        return [Event(*r) for r in rows]

    def list_state(self, dataset: str) -> ListState | None:
        with self.db.transaction() as cur:
            cur.execute(
                "SELECT dataset, version, sha256, engine FROM watch_lists WHERE dataset = %s",
                [dataset],
            )
            row = cur.fetchone()
        return ListState(*row) if row else None

    def entries(self, dataset: str) -> dict[str, EntryState]:
        with self.db.transaction() as cur:
            cur.execute(
                "SELECT entity_id, digest, facts, names FROM watch_entries WHERE dataset = %s",
                [dataset],
            )
            rows = cur.fetchall()
        return {r[0]: EntryState(r[1], r[2], tuple(r[3])) for r in rows}

    def save_list_state(self, state: ListState, entries: dict[str, EntryState]) -> None:
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM watch_lists WHERE dataset = %s", [state.dataset])
            cur.execute("DELETE FROM watch_entries WHERE dataset = %s", [state.dataset])
            cur.execute(
                "INSERT INTO watch_lists (dataset, version, sha256, engine, screened_at) "
                "VALUES (%s, %s, %s, %s, %s)",
                [state.dataset, state.version, state.sha256, state.engine, datetime.now(UTC)],
            )
            if entries:
                with cur.copy(
                    "COPY watch_entries (dataset, entity_id, digest, facts, names) FROM STDIN"
                ) as copy:
                    for entity_id, entry in entries.items():
                        copy.write_row(
                            [state.dataset, entity_id, entry.digest, entry.facts, list(entry.names)]
                        )

    def add_webhook(self, portfolio: str, url: str, secret: str) -> Webhook:
        with self.db.transaction() as cur:
            webhook_id = _next_id(cur)
            cur.execute(
                "INSERT INTO watch_webhooks (webhook_id, portfolio, url, secret, created_at) "
                "VALUES (%s, %s, %s, %s, %s)",
                [webhook_id, portfolio, url, secret, datetime.now(UTC)],
            )
        return Webhook(webhook_id, portfolio, url, secret)

    def webhooks(self, portfolio: str) -> list[Webhook]:
        with self.db.transaction() as cur:
            cur.execute(
                "SELECT webhook_id, portfolio, url, secret FROM watch_webhooks "
                "WHERE portfolio = %s ORDER BY webhook_id",
                [portfolio],
            )
            rows = cur.fetchall()
        return [Webhook(*r) for r in rows]

    def log_delivery(self, delivery: Delivery) -> None:
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO watch_deliveries (delivery_id, webhook_id, portfolio, attempt, "
                "attempted_at, events, status_code, error, delivered) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    _next_id(cur),
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
        with self.db.transaction() as cur:
            cur.execute(
                "SELECT d.delivery_id, d.webhook_id, w.url, d.attempt, d.attempted_at, d.events, "
                "d.status_code, d.error, d.delivered FROM watch_deliveries d "
                "JOIN watch_webhooks w USING (webhook_id) WHERE d.portfolio = %s "
                "ORDER BY d.delivery_id DESC LIMIT %s",
                [portfolio, limit],
            )
            rows = cur.fetchall()
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
