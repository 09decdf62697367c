"""Request limits, checked before a route runs: rate limits per key and per address, request
body sizes (while the body streams in), and the nesting depth of JSON bodies.

See docs/decisions/0009-limits-and-hostile-input.md. The limiter lives in this process: with
several workers or replicas each keeps its own counts, so a client gets up to N times the limit
(docs/decisions/0023-workers-replicas-snapshots.md: divide the limits by N for a ceiling).
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from puente.config import Settings
from puente.errors import InvalidInput, PuenteError
from puente.jsonsafe import check_depth

ErrorRenderer = Callable[[Request, int, str, str], Response]

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(second|minute|hour|day)s?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_UNIT_WORDS = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}
CREDENTIAL_HEADERS = (b"x-api-key", b"authorization", b"x-puente-token")
"""Headers that present a credential; the key a rate limit counts is a hash of the value."""
UNLIMITED_PREFIXES = ("/static/", "/assets/")  # page assets, plain and fingerprinted
"""Paths no rate limit counts (the page assets a browser fetches with every page)."""
MULTIPART_ALLOWANCE = 64 * 1024
"""Bytes a multipart upload may carry beyond the file itself (boundaries, part headers)."""
_MAX_BUCKETS = 50_000


class BadRate(PuenteError):
    """A rate setting Puente cannot read (the server does not start)."""

    error = "config_error"


@dataclass(frozen=True, slots=True)
class Rate:
    """`count` requests per `seconds`, refilled smoothly (a token bucket)."""

    count: int
    seconds: float
    setting: str

    @property
    def per_second(self) -> float:
        return self.count / self.seconds

    def describe(self) -> str:
        unit = _UNIT_WORDS.get(int(self.seconds))
        return f"{self.count} a {unit}" if unit else f"{self.count} per {self.seconds:g} seconds"


def parse_rate(text: str, setting: str) -> Rate | None:
    """`"120/minute"`, `"10/hour"`, `"5/30seconds"`; `"off"` (or empty) for no limit."""
    if text.strip().lower() in ("", "off", "none", "0"):
        return None
    match = _RATE.match(text)
    if not match or int(match.group(1)) < 1:
        raise BadRate(
            f"{setting}={text!r} is not a rate; expected COUNT/UNIT such as 120/minute "
            "(units: second, minute, hour, day), or off"
        )
    per = int(match.group(2) or 1) * _UNIT_SECONDS[match.group(3).lower()]
    return Rate(int(match.group(1)), float(per), setting)


class RateLimiter:
    """Token buckets keyed by (rate, identity), kept in this process's memory."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}

    def _tokens(self, rate: Rate, key: str, now: float) -> float:
        tokens, stamp = self._buckets.get((rate.setting, key), (float(rate.count), now))
        return min(float(rate.count), tokens + (now - stamp) * rate.per_second)

    def wait(self, checks: list[tuple[Rate, str]]) -> float:
        """Seconds until every bucket in `checks` has a token (0 when all have one now)."""
        now = self._clock()
        waits = [
            (1.0 - tokens) / rate.per_second
            for rate, key in checks
            if (tokens := self._tokens(rate, key, now)) < 1.0
        ]
        return max(waits, default=0.0)

    def take(self, checks: list[tuple[Rate, str]]) -> None:
        now = self._clock()
        for rate, key in checks:
            self._buckets[(rate.setting, key)] = (self._tokens(rate, key, now) - 1.0, now)
        if len(self._buckets) > _MAX_BUCKETS:
            self._prune(now)

    def _prune(self, now: float) -> None:
        """Forget buckets idle long enough to be full again; if that is not enough (a flood
        of new addresses), forget the oldest half."""
        idle = [k for k, (_, stamp) in self._buckets.items() if now - stamp > 86400]
        for k in idle:
            del self._buckets[k]
        if len(self._buckets) > _MAX_BUCKETS:
            for k, _ in sorted(self._buckets.items(), key=lambda kv: kv[1][1])[
                : len(self._buckets) // 2
            ]:
                del self._buckets[k]


class BodyTooLarge(HTTPException):
    """Raised from `receive` as soon as the body passes its limit (FastAPI lets an
    HTTPException from body reading through as it is)."""

    def __init__(self, limit: int, setting: str) -> None:
        super().__init__(
            413, f"the request body is larger than {limit:,} bytes ({setting}); send less"
        )


@dataclass(frozen=True, slots=True)
class Limits:
    rate: Rate | None
    screen_rate: Rate | None
    auth_fail_rate: Rate | None
    max_body: int
    max_upload: int
    max_depth: int
    trust_forwarded: bool

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            rate=parse_rate(settings.rate_limit, "PUENTE_RATE_LIMIT"),
            screen_rate=parse_rate(settings.screen_rate_limit, "PUENTE_SCREEN_RATE_LIMIT"),
            auth_fail_rate=parse_rate(settings.auth_fail_limit, "PUENTE_AUTH_FAIL_LIMIT"),
            max_body=settings.max_body_bytes,
            max_upload=settings.max_upload_bytes + MULTIPART_ALLOWANCE,
            max_depth=settings.max_json_depth,
            trust_forwarded=settings.trust_forwarded_for,
        )


def is_screening(method: str, path: str, query_string: bytes) -> bool:
    """Requests that screen names (each is audited and costs the engine real work)."""
    if method == "POST" and path.startswith(("/api/screen", "/sanctions/screen")):
        return True
    if path.rstrip("/") == "/reconcile":
        return method == "POST" or b"queries=" in query_string
    return False


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return None


def client_address(scope: Scope, trust_forwarded: bool) -> str:
    """The peer address; the right-most X-Forwarded-For hop (the one the proxy in front
    added) only when PUENTE_TRUST_FORWARDED_FOR says a proxy is there."""
    if trust_forwarded:
        forwarded = _header(scope, b"x-forwarded-for")
        if forwarded:
            hop = forwarded.decode("latin-1").split(",")[-1].strip()
            if hop:
                return hop
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def credential_key(scope: Scope) -> str | None:
    """A hash of the credential the request presents (never the credential itself)."""
    for name in CREDENTIAL_HEADERS:
        value = _header(scope, name)
        if value:
            return hashlib.sha256(name + b"\0" + value).hexdigest()[:32]
    return None


class LimitsMiddleware:
    """Pure ASGI middleware (no buffering of responses, streaming untouched)."""

    def __init__(self, app: ASGIApp, settings: Settings, render: ErrorRenderer) -> None:
        self.app = app
        self.limits = Limits.from_settings(settings)
        self.limiter = RateLimiter()
        self.render = render

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self._check_rates(scope)
        if refused is not None:
            await refused(scope, receive, send)
            return
        try:
            receive = await self._limit_body(scope, receive)
        except (BodyTooLarge, InvalidInput) as exc:
            await self._refuse(scope, exc)(scope, receive, send)
            return
        started = False
        address = client_address(scope, self.limits.trust_forwarded)

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if message["status"] in (401, 403) and self.limits.auth_fail_rate:
                    self.limiter.take([(self.limits.auth_fail_rate, address)])
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except BodyTooLarge as exc:
            if started:
                raise
            await self._refuse(scope, exc)(scope, receive, send)

    # Rates -------------------------------------------------------------------------------

    def _check_rates(self, scope: Scope) -> Response | None:
        path: str = scope["path"]
        if path.startswith(UNLIMITED_PREFIXES):
            return None
        limits = self.limits
        address = client_address(scope, limits.trust_forwarded)
        key = credential_key(scope)
        method: str = scope["method"]
        if limits.auth_fail_rate and (key is not None or method not in ("GET", "HEAD")):
            wait = self.limiter.wait([(limits.auth_fail_rate, address)])
            if wait > 0:
                return self._too_many(scope, limits.auth_fail_rate, wait, "failed sign-ins")
        checks: list[tuple[Rate, str]] = []
        rates = [limits.rate]
        if is_screening(method, path, scope.get("query_string", b"")):
            rates.append(limits.screen_rate)
        for rate in rates:
            if rate is None:
                continue
            checks.append((rate, "addr:" + address))
            if key is not None:
                checks.append((rate, "key:" + key))
        if not checks:
            return None
        wait = self.limiter.wait(checks)
        if wait > 0:
            worst = max(
                (rate for rate, k in checks if self.limiter.wait([(rate, k)]) > 0),
                key=lambda r: r.seconds / r.count,
            )
            return self._too_many(scope, worst, wait, "requests")
        self.limiter.take(checks)
        return None

    def _too_many(self, scope: Scope, rate: Rate, wait: float, what: str) -> Response:
        seconds = max(1, math.ceil(wait))
        response = self.render(
            Request(scope),
            429,
            "rate_limited",
            f"too many {what} from this client (at most {rate.describe()}, {rate.setting}); "
            f"retry in {seconds} s",
        )
        response.headers["Retry-After"] = str(seconds)
        return response

    # Bodies ------------------------------------------------------------------------------

    async def _limit_body(self, scope: Scope, receive: Receive) -> Receive:
        content_type = (_header(scope, b"content-type") or b"").split(b";")[0].strip().lower()
        multipart = content_type == b"multipart/form-data"
        limit = self.limits.max_upload if multipart else self.limits.max_body
        setting = "PUENTE_MAX_UPLOAD_BYTES" if multipart else "PUENTE_MAX_BODY_BYTES"
        declared = _header(scope, b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                raise InvalidInput("Content-Length is not a number") from None
            if size > limit:
                raise BodyTooLarge(limit, setting)
        if content_type == b"application/json" or content_type.endswith(b"+json"):
            return await self._buffer_json(receive, limit, setting)

        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit, setting)
            return message

        return counted

    async def _buffer_json(self, receive: Receive, limit: int, setting: str) -> Receive:
        """Read a JSON body (stopping at the limit), check its depth, hand it on whole."""
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > limit:
                raise BodyTooLarge(limit, setting)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        check_depth(body, self.limits.max_depth)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replay

    def _refuse(self, scope: Scope, exc: BodyTooLarge | InvalidInput) -> Response:
        if isinstance(exc, BodyTooLarge):
            response = self.render(Request(scope), 413, "payload_too_large", str(exc.detail))
            response.headers["Connection"] = "close"
            return response
        return self.render(Request(scope), exc.status_code, exc.error, exc.detail)
