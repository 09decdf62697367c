"""Webhooks against a local receiver on 127.0.0.1 (fails twice, then accepts), and the Atom
feed."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar
from xml.etree import ElementTree as ET

import pytest

from puente.errors import InvalidInput
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from puente.watch.notify import Notifier, atom_feed, check_url, verify
from puente.watch.service import WatchService
from puente.watch.state import DuckDbWatchState, Subject

SDN = Path(__file__).resolve().parents[1] / "fixtures" / "ofac-sdn"


class _Receiver(BaseHTTPRequestHandler):
    failures: ClassVar[int] = 2
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        type(self).received.append(
            {
                "body": body,
                "timestamp": self.headers["X-Puente-Timestamp"],
                "signature": self.headers["X-Puente-Signature"],
            }
        )
        status = 500 if len(type(self).received) <= type(self).failures else 204
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture
def receiver() -> Iterator[str]:
    _Receiver.received = []
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def test_webhook_retries_with_backoff_and_signs(store: Store, receiver: str) -> None:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN / "full"))
    state = DuckDbWatchState(store)
    waits: list[float] = []
    notifier = Notifier(state, attempts=4, backoff=0.05, timeout=5, sleep=waits.append)
    service = WatchService(store, 0.8, state, notifier)
    service.create("clients", None, "tester")
    state.add_webhook("clients", check_url(receiver, allow_private=True), "s3cret")
    service.add("clients", [Subject("C-1", "Joaquin Guzman Loera", "individual")])
    notifier.join()
    assert len(_Receiver.received) == 3
    assert waits == [0.05, 0.1]  # doubled after each failure
    last = _Receiver.received[-1]
    assert verify("s3cret", last["timestamp"], last["body"], last["signature"])
    assert not verify("other", last["timestamp"], last["body"], last["signature"])
    payload = json.loads(last["body"])
    assert payload["portfolio"] == "clients"
    assert payload["events"][0]["event"] == "opened"
    assert payload["alerts"][0]["entity_id"] == "6861"
    log = state.deliveries("clients")
    assert [(d["attempt"], d["status_code"], d["delivered"]) for d in reversed(log)] == [
        (1, 500, False),
        (2, 500, False),
        (3, 204, True),
    ]


def test_webhook_gives_up_after_the_last_attempt(store: Store, receiver: str) -> None:
    _Receiver.failures = 10
    try:
        state = DuckDbWatchState(store)
        state.create_portfolio("p", None, "t")
        hook = state.add_webhook("p", receiver, "k")
        notifier = Notifier(state, attempts=3, backoff=0, sleep=lambda _: None)
        assert notifier.deliver(hook, b"{}", [1]) is False
        assert [d["delivered"] for d in state.deliveries("p")] == [False, False, False]
    finally:
        _Receiver.failures = 2


def test_webhook_urls_are_checked() -> None:
    with pytest.raises(InvalidInput, match="private"):
        check_url("http://127.0.0.1:9/x", allow_private=False)
    with pytest.raises(InvalidInput, match="private"):
        check_url("http://10.1.2.3/x", allow_private=False)
    with pytest.raises(InvalidInput, match="not valid"):
        check_url("file:///etc/passwd", allow_private=True)
    assert check_url("https://hooks.example.com/p", allow_private=False)


def test_atom_feed_escapes_and_parses(store: Store) -> None:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN / "full"))
    service = WatchService(store, 0.8)
    service.create("clients", None, "tester")
    service.add("clients", [Subject("<b>&1", "Joaquin Guzman Loera", "individual")])
    events = service.state.events("clients")
    alerts = {a.alert_id: a for a in service.alerts("clients")}
    feed = atom_feed("clients", events, alerts, "http://127.0.0.1:1")
    root = ET.fromstring(feed)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert titles == ["opened: <b>&1 - GUZMAN LOERA, Joaquin (ofac-sdn)"]
    assert "<b>" not in feed
