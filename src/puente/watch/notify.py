"""Notifications of alert changes: an Atom feed per portfolio and signed webhooks.

A webhook receives a JSON POST per batch of events of its portfolio:
`{"portfolio": ..., "events": [...], "alerts": [...]}`. The body is signed with the
webhook's secret: header `X-Puente-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`
and `X-Puente-Timestamp: <unix seconds>`, so a receiver can check both who sent it and that it
is not replayed. A delivery that fails (connection error, timeout, any status but 2xx) is
retried with exponential back-off (`PUENTE_WEBHOOK_BACKOFF` seconds, doubled each time) up to
`PUENTE_WEBHOOK_ATTEMPTS` attempts; every attempt is written to the delivery log. Deliveries
run on a background thread, never on a request's.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

import httpx

from puente.errors import InvalidInput
from puente.languages import LOCALES
from puente.logs import get_logger
from puente.watch.state import Alert, Delivery, Event, WatchState, Webhook

log = get_logger(__name__)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def check_url(url: str, allow_private: bool) -> str:
    """An http(s) URL; addresses of this host or its private networks only when allowed
    (a webhook must not become a way to reach internal services)."""
    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(text) > 2000:
        raise InvalidInput(f"webhook URL {text[:80]!r} is not valid; expected http(s)://host/...")
    if not allow_private:
        host = parts.hostname
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            address = None
        if host == "localhost" or (
            address is not None
            and (address.is_private or address.is_loopback or address.is_link_local)
        ):
            raise InvalidInput(
                f"webhook host {host!r} is a local or private address; "
                "set PUENTE_WEBHOOK_ALLOW_PRIVATE=true to allow it"
            )
    return text


class Notifier:
    """Posts events to each webhook of the portfolio, retrying with back-off."""

    def __init__(
        self,
        state: WatchState,
        attempts: int = 5,
        backoff: float = 1.0,
        timeout: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.state = state
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.timeout = timeout
        self.sleep = sleep
        self._threads: list[threading.Thread] = []

    def __call__(self, portfolio: str, events: list[Event], alerts: list[Alert]) -> None:
        hooks = self.state.webhooks(portfolio)
        if not hooks:
            return
        payload = {
            "portfolio": portfolio,
            "events": [e.as_dict() for e in events],
            "alerts": [a.as_dict() for a in alerts],
        }
        body = json.dumps(payload, sort_keys=True).encode()
        ids = [e.event_id for e in events]
        for hook in hooks:
            thread = threading.Thread(
                target=self.deliver, args=(hook, body, ids), name="webhook", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def join(self, timeout: float = 30.0) -> None:
        """Wait for the deliveries in flight (tests, shutdown)."""
        for thread in list(self._threads):
            thread.join(timeout)
        self._threads = [t for t in self._threads if t.is_alive()]

    def deliver(self, hook: Webhook, body: bytes, events: list[int]) -> bool:
        delay = self.backoff
        for attempt in range(1, self.attempts + 1):
            timestamp = str(int(time.time()))
            status: int | None = None
            error: str | None = None
            try:
                response = httpx.post(
                    hook.url,
                    content=body,
                    headers={
                        "Content-Type": "application/json",
                        "User-Agent": "Puente-Webhook/1",
                        "X-Puente-Timestamp": timestamp,
                        "X-Puente-Signature": sign(hook.secret, timestamp, body),
                    },
                    timeout=self.timeout,
                    follow_redirects=False,
                )
                status = response.status_code
                if not 200 <= status < 300:
                    error = f"HTTP {status}"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"[:500]
            delivered = error is None
            self.state.log_delivery(
                Delivery(hook.webhook_id, hook.portfolio, attempt, events, status, error, delivered)
            )
            if delivered:
                return True
            log.warning("watch.webhook_failed", url=hook.url, attempt=attempt, error=error)
            if attempt < self.attempts:
                self.sleep(delay)
                delay *= 2
        return False


FEED_TITLE = "Puente alerts: %(name)s"
ENTRY_TITLE = "%(event)s: %(subject)s - %(entry)s"
SUMMARY_LABELS = {
    "status": "status",
    "by": "by",
    "reason": "reason",
    "list_version": "list version",
    "score": "score",
    "programs": "programs",
}
"""The summary's fields and their labels, translated through the catalog (the event kinds and
statuses are translated as the portfolio page shows them)."""


def entry_id(portfolio: str, event: Event, alert: Alert | None) -> str:
    """An entry's id, from the event's stable keys: the portfolio, the subject's own id, the
    list and its entry's id, the event's kind and the moment it happened (UTC). Never the
    database's row numbers, which two stores holding the same history give differently, so a
    reader that moves to another store (or a rebuilt one) never sees an entry twice."""
    at = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
    stamp = at.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    keys = [portfolio, alert.subject_id, alert.dataset, alert.entity_id] if alert else [portfolio]
    return ":".join(
        ["urn:puente:watch", *(quote(k, safe="") for k in keys), quote(event.event), stamp]
    )


def _english(message: str) -> str:
    return message


def atom_feed(
    portfolio: str,
    events: list[Event],
    alerts: dict[int, Alert],
    base: str,
    locale: str = "en",
    gettext: Callable[[str], str] = _english,
    feed_path: str | None = None,
) -> str:
    """The portfolio's alert events, newest first, as an Atom 1.0 document in `locale` (its
    catalog's `gettext`); entry ids are the same in every language, and the feed links to its
    other languages (`rel="alternate"`, `hreflang`). `feed_path` is where the feed itself is
    served (the page's /watch/{name}/feed.atom unless told)."""
    updated = events[0].at if events else datetime.now(UTC)
    link = f"{base}/watch/{portfolio}"
    feed_url = base + (feed_path or f"/watch/{portfolio}/feed.atom")

    def attr(text: str) -> str:
        return escape(text, {chr(34): "&quot;"})

    query = "" if locale == "en" else f"?lang={locale}"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{attr(locale)}">',
        f"  <title>{escape(gettext(FEED_TITLE) % {'name': portfolio})}</title>",
        f"  <id>{escape(f'urn:puente:watch:{portfolio}')}</id>",
        f'  <link rel="alternate" type="text/html" hreflang="{attr(locale)}" '
        f'href="{attr(link + query)}"/>',
        f'  <link rel="self" type="application/atom+xml" hreflang="{attr(locale)}" '
        f'href="{attr(feed_url + query)}"/>',
    ]
    for other in LOCALES:
        if other != locale:
            out.append(
                f'  <link rel="alternate" type="application/atom+xml" hreflang="{other}" '
                f'href="{attr(f"{feed_url}?lang={other}")}"/>'
            )
    out.append(f"  <updated>{updated.isoformat()}</updated>")
    for event in events:
        alert = alerts.get(event.alert_id)
        subject = alert.subject_id if alert else "?"
        entry = f"{alert.primary_name} ({alert.dataset})" if alert else ""
        title = gettext(ENTRY_TITLE) % {
            "event": gettext(event.event),
            "subject": subject,
            "entry": entry,
        }
        summary: dict[str, Any] = {
            "status": gettext(event.status),
            "by": event.actor,
            "reason": event.reason,
            "list_version": event.list_version,
        }
        if alert:
            summary |= {"score": alert.score, "programs": ", ".join(alert.programs)}
        text = "; ".join(
            f"{gettext(SUMMARY_LABELS[k])}: {v}" for k, v in summary.items() if v not in (None, "")
        )
        out += [
            "  <entry>",
            f"    <id>{escape(entry_id(portfolio, event, alert))}</id>",
            f"    <title>{escape(title)}</title>",
            f"    <updated>{event.at.isoformat()}</updated>",
            f'    <link href="{attr(link + query)}#alert-{event.alert_id}"/>',
            f"    <summary>{escape(text)}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
