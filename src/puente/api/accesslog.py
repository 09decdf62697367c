"""The access log (PUENTE_ACCESS_LOG): one line per HTTP request in the combined log format,
then the time taken in milliseconds; written when the answer is sent.

It never holds a credential: no Authorization, X-Api-Key, X-Puente-Token or cookie is read
into it, the user field is always "-", and the value of a query parameter that carries a key
(`key`, `token`, `api_key`, `access_token`) is written as `[hidden]`. Every field is
escaped, so a request cannot write a line of its own into the log.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO
from urllib.parse import parse_qsl, quote, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECRET_PARAMS = frozenset({"key", "token", "api_key", "apikey", "access_token"})
HIDDEN = "[hidden]"


def _clean(text: str, limit: int = 500) -> str:
    """A field as the log shows it: printable ASCII, quotes and backslashes escaped."""
    out = []
    for char in text[:limit]:
        if char in '"\\':
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        else:
            out.append(quote(char, safe=""))
    return "".join(out)


def request_target(scope: Scope) -> str:
    """The path and query string, with the values of key-carrying parameters hidden."""
    path = str(scope.get("path", ""))
    raw = scope.get("query_string", b"").decode("latin-1")
    if not raw:
        return path
    pairs = parse_qsl(raw, keep_blank_values=True)
    shown = [(k, HIDDEN if k.lower() in SECRET_PARAMS else v) for k, v in pairs]
    return f"{path}?{urlencode(shown, safe='[]/:,')}"


def log_line(scope: Scope, status: int, size: int, started: float, now: datetime) -> str:
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    client = scope.get("client")
    host = client[0] if client else "-"
    version = scope.get("http_version", "1.1")
    request = f"{scope.get('method', '-')} {request_target(scope)} HTTP/{version}"
    stamp = now.strftime("%d/%b/%Y:%H:%M:%S +0000")
    referer = _clean(headers.get("referer", "-"))
    agent = _clean(headers.get("user-agent", "-"))
    millis = (time.perf_counter() - started) * 1000
    return (
        f'{_clean(host)} - - [{stamp}] "{_clean(request, 2000)}" {status} {size} '
        f'"{referer}" "{agent}" {millis:.1f}'
    )


def open_sink(setting: str) -> Callable[[str], None] | None:
    """None for off; else a function that writes one line (stdout, or a file appended to)."""
    value = setting.strip()
    if value.lower() in ("", "off", "none", "false", "0"):
        return None
    lock = threading.Lock()
    stream: TextIO
    if value.lower() == "stdout":
        stream = sys.stdout
    else:
        path = Path(value).expanduser()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        stream = os.fdopen(fd, "a", encoding="utf-8", buffering=1)

    def write(line: str) -> None:
        with lock:
            stream.write(line + "\n")
            stream.flush()

    return write


class AccessLog:
    """ASGI middleware: one line per HTTP request, once the answer has been sent."""

    def __init__(self, app: ASGIApp, sink: Callable[[str], None]) -> None:
        self.app = app
        self.sink = sink

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status, size = [500], [0]

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            elif message["type"] == "http.response.body":
                size[0] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            self.sink(log_line(scope, status[0], size[0], started, datetime.now(UTC)))
