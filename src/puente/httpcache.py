"""The HTTP layer in front of every route: kept answers, conditional requests, content
codings and HEAD.

Kept answers. A GET whose route says its answer depends only on the data in force (views
marked with `kept`, also importable from puente.web.rendering; API answers built by
`puente.api.answers.answer`) is kept, as the bytes sent, under (host, path, query string,
language cookie, the language Accept-Language picks, data generation, today's date). The
next such request is answered from memory before routing: no query, no template, no thread.
A load or a rollback moves the generation, so every key changes and nothing is invalidated
by hand. The first request for a key renders it; others asking for the same key meanwhile
wait for that rendering instead of making their own.

Who may share a kept answer. A request is answered from, and may fill, the shared store
only when it carries nothing that could say who the caller is: no Authorization header, no
`X-Puente-*` or `X-Api-*` header, no cookie other than `lang`. An answer is kept only when it
is a 200, sets no cookie other than `lang`, and does not say `Cache-Control: private` or
`no-store`. So a page that shows a sign-in state or a form's CSRF token (which come from a
session cookie, or set one) is never kept nor served to another person; a view that shows
per-person content some other way must say `Cache-Control: private`.

Validators. Each kept answer has a strong ETag (a hash of the data in force, the code and
the body; one suffix per content coding) and a Last-Modified (when this process first served
the data in force), and a 304 answers a matching If-None-Match, or, without it, an
If-Modified-Since no older than Last-Modified. `Cache-Control: public, max-age=N` (the
`cache_max_age` setting) lets browsers reuse an answer briefly; HTML also varies on Cookie
and Accept-Language, since the language can come from either.

Every other response passes through, encoded (br or gzip) when it is text and the client
takes it, and HEAD is answered for every GET route: the GET's status and headers, no body.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from email.utils import formatdate, parsedate_to_datetime
from http.cookies import CookieError, SimpleCookie
from typing import Any, Final, TypeVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from puente import httpcodings as compression
from puente.httptags import data_tag
from puente.languages import from_accept_language

KEEP_FLAG: Final = "puente.keep"
"""Set in the request scope (to True) by a route whose 200 answer may be kept."""
KEPT_ATTRIBUTE: Final = "__puente_kept__"
"""Or set on the endpoint function, by `kept`."""

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


def kept(endpoint: Endpoint) -> Endpoint:
    """Mark a GET view whose 200 answer depends only on its URL, its language and the data in
    force, so that its answer is kept and repeats are answered from it (to requests that
    carry no credential; see the module's docstring). Do not mark a view that shows anything
    about the person asking (a sign-in state, a CSRF token, their jobs, their audit)."""
    setattr(endpoint, KEPT_ATTRIBUTE, True)
    return endpoint


_CREDENTIAL_HEADERS: Final = (b"authorization", b"proxy-authorization")
_CREDENTIAL_PREFIXES: Final = (b"x-puente-", b"x-api-")
_SHAREABLE_COOKIES: Final = frozenset({"lang"})
_DROPPED: Final = frozenset(
    {b"content-length", b"content-encoding", b"etag", b"last-modified", b"cache-control", b"vary"}
)
_MAX_KEPT_BODY: Final = 8 * 1024 * 1024
_MAX_UNKEPT_PATHS: Final = 4096


@dataclass(slots=True)
class Kept:
    """One kept answer: status, headers (without the ones set per request) and body."""

    status: int
    headers: list[tuple[bytes, bytes]]
    encoded: compression.Encoded
    tag: str
    last_modified: float
    html: bool
    text: bool
    size: int = field(init=False)
    codings: int = 1

    def __post_init__(self) -> None:
        self.size = len(self.encoded.body) + sum(len(k) + len(v) for k, v in self.headers)


class KeptAnswers:
    """Kept answers, least recently used dropped first past a byte budget."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._entries: OrderedDict[tuple[Any, ...], Kept] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> Kept | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: tuple[Any, ...], entry: Kept) -> None:
        if entry.size > self.budget:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.used -= old.size
        self._entries[key] = entry
        self.used += entry.size
        while self.used > self.budget and self._entries:
            _, dropped = self._entries.popitem(last=False)
            self.used -= dropped.size

    def grow(self, entry: Kept) -> None:
        """Count the encodings made since the entry was stored."""
        size = entry.encoded.size + sum(len(k) + len(v) for k, v in entry.headers)
        self.used += size - entry.size
        entry.size = size

    def __len__(self) -> int:
        return len(self._entries)


def _header_map(scope: Scope) -> dict[bytes, bytes]:
    headers: dict[bytes, bytes] = {}
    for name, value in scope.get("headers", ()):
        headers[name] = headers[name] + b", " + value if name in headers else value
    return headers


def _shareable_language(headers: dict[bytes, bytes]) -> str | None:
    """The lang cookie ("" without one) when the request carries no credential, else None."""
    for name in headers:
        if name in _CREDENTIAL_HEADERS or name.startswith(_CREDENTIAL_PREFIXES):
            return None
    raw = headers.get(b"cookie")
    if not raw:
        return ""
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw.decode("latin-1"))
    except CookieError:
        return None
    if set(jar) - _SHAREABLE_COOKIES:
        return None
    lang = jar.get("lang")
    return lang.value if lang is not None else ""


def _sets_only_shareable_cookies(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name == b"set-cookie":
            cookie = value.split(b"=", 1)[0].strip().decode("latin-1")
            if cookie not in _SHAREABLE_COOKIES:
                return False
    return True


def _etag_matches(if_none_match: bytes, tag: str) -> bool:
    for candidate in if_none_match.split(b","):
        text = candidate.strip().decode("latin-1")
        if text == "*":
            return True
        text = text.removeprefix("W/").strip('"')
        if text.split("-", 1)[0] == tag:
            return True
    return False


def _not_modified_since(if_modified_since: bytes, last_modified: float) -> bool:
    try:
        since = parsedate_to_datetime(if_modified_since.decode("latin-1")).timestamp()
    except (TypeError, ValueError, IndexError):
        return False
    return int(last_modified) <= since


class HttpCache:
    """ASGI middleware; see the module's docstring. `state` is the application's state (its
    `store` and `settings`)."""

    def __init__(self, app: ASGIApp, state: Any) -> None:
        self.app = app
        self.state = state
        settings = state.settings
        self.kept = KeptAnswers(int(settings.page_cache_mb) * 1024 * 1024)
        self.max_age = int(settings.cache_max_age)
        self._inflight: dict[tuple[Any, ...], asyncio.Event] = {}
        self._unkept: OrderedDict[str, None] = OrderedDict()
        self._first_seen: dict[str, float] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        headers = _header_map(scope)
        coding = compression.negotiate(headers.get(b"accept-encoding", b"").decode("latin-1"))
        key = self._key(scope, headers) if scope["method"] == "GET" else None
        if key is None:
            await self.app(scope, receive, _Passing(send, coding, head).send)
            return
        entry = self.kept.get(key)
        waited = False
        while entry is None and key in self._inflight:
            waited = True
            await self._inflight[key].wait()
            entry = self.kept.get(key)
        if entry is not None:
            await self._answer(entry, headers, coding, head, send)
            return
        if waited or scope["path"] in self._unkept:
            await self._render(scope, receive, send, key, headers, coding, head)
            return
        event = asyncio.Event()
        self._inflight[key] = event
        try:
            await self._render(scope, receive, send, key, headers, coding, head)
        finally:
            del self._inflight[key]
            event.set()

    def _key(self, scope: Scope, headers: dict[bytes, bytes]) -> tuple[Any, ...] | None:
        store = getattr(self.state, "store", None)
        if store is None:
            return None
        lang = _shareable_language(headers)
        if lang is None:
            return None
        accept = headers.get(b"accept-language", b"").decode("latin-1")
        return (
            headers.get(b"host", b""),
            scope["path"],
            scope.get("query_string", b""),
            lang,
            from_accept_language(accept),
            store.data_generation,
            date.today().toordinal(),
        )

    async def _render(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: tuple[Any, ...],
        headers: dict[bytes, bytes],
        coding: str,
        head: bool,
    ) -> None:
        capture = _Capture(send, coding, head, scope)
        await self.app(scope, receive, capture.send)
        if capture.kept_status is None:
            self._remember_unkept(scope["path"])
            return
        entry = await self._make_entry(key, capture)
        self.kept.put(key, entry)
        await self._answer(entry, headers, coding, head, send)

    def _remember_unkept(self, path: str) -> None:
        self._unkept[path] = None
        if len(self._unkept) > _MAX_UNKEPT_PATHS:
            self._unkept.popitem(last=False)

    async def _make_entry(self, key: tuple[Any, ...], capture: _Capture) -> Kept:
        store = self.state.store
        tag_of_data = await data_tag(store, key[5])
        body = b"".join(capture.body)
        tag = hashlib.sha256(tag_of_data.encode() + b"\0" + body).hexdigest()[:24]
        first_seen = self._first_seen.setdefault(tag_of_data, time.time())
        content_type = next((v for k, v in capture.headers if k == b"content-type"), b"")
        kept_headers = [(k, v) for k, v in capture.headers if k not in _DROPPED]
        text = compression.compressible(content_type.decode("latin-1"))
        return Kept(
            status=capture.kept_status or 200,
            headers=kept_headers,
            encoded=compression.Encoded(body),
            tag=tag,
            last_modified=first_seen,
            html=content_type.startswith(b"text/html"),
            text=text,
        )

    async def _answer(
        self, entry: Kept, headers: dict[bytes, bytes], coding: str, head: bool, send: Send
    ) -> None:
        if entry.text:
            used, body = entry.encoded.get(coding)
        else:
            used, body = compression.IDENTITY, entry.encoded.body
        suffix = {compression.BROTLI: "-br", compression.GZIP: "-gz"}.get(used, "")
        common = [
            (b"etag", f'"{entry.tag}{suffix}"'.encode()),
            (b"last-modified", formatdate(entry.last_modified, usegmt=True).encode()),
            (b"cache-control", f"public, max-age={self.max_age}".encode()),
        ]
        vary = [b"Accept-Encoding"] if entry.text else []
        if entry.html:
            vary += [b"Cookie", b"Accept-Language"]
        if vary:
            common.append((b"vary", b", ".join(vary)))
        if_none_match = headers.get(b"if-none-match")
        if_modified_since = headers.get(b"if-modified-since")
        if (if_none_match is not None and _etag_matches(if_none_match, entry.tag)) or (
            if_none_match is None
            and if_modified_since is not None
            and _not_modified_since(if_modified_since, entry.last_modified)
        ):
            await send({"type": "http.response.start", "status": 304, "headers": common})
            await send({"type": "http.response.body", "body": b""})
            return
        out = [*entry.headers, *common, (b"content-length", str(len(body)).encode())]
        if used != compression.IDENTITY:
            out.append((b"content-encoding", used.encode()))
            if entry.encoded.count != entry.codings:
                entry.codings = entry.encoded.count
                self.kept.grow(entry)
        await send({"type": "http.response.start", "status": entry.status, "headers": out})
        await send({"type": "http.response.body", "body": b"" if head else body})


class _Passing:
    """Sends a response on, encoded when it is text the client takes; no body for HEAD."""

    def __init__(self, send: Send, coding: str, head: bool) -> None:
        self._send = send
        self._coding = coding
        self._head = head
        self._start: Message | None = None
        self._encoder: Any = None
        self._done = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self._start = message
            return
        if message["type"] != "http.response.body" or self._done:
            if not self._done:
                await self._send(message)
            return
        start, self._start = self._start, None
        if start is not None:
            await self._begin(start, message)
        else:
            await self._more(message)

    async def _begin(self, start: Message, message: Message) -> None:
        headers = list(start.get("headers", ()))
        names = {k.lower() for k, _ in headers}
        content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
        text = compression.compressible(content_type.decode("latin-1"))
        status = int(start["status"])
        body = bytes(message.get("body", b""))
        more = bool(message.get("more_body", False))
        if text and b"vary" not in names:
            headers.append((b"vary", b"Accept-Encoding"))
        encode = (
            text
            and self._coding != compression.IDENTITY
            and b"content-encoding" not in names
            and status not in (204, 304)
            and (more or len(body) >= compression.MIN_BYTES)
        )
        if encode and not more:
            body = compression.encode(body, self._coding, "once")
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            headers += [
                (b"content-encoding", self._coding.encode()),
                (b"content-length", str(len(body)).encode()),
            ]
        elif encode:
            self._encoder = compression.stream_encoder(self._coding)
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            headers.append((b"content-encoding", self._coding.encode()))
            body = self._encoder[0](body)
        await self._send({**start, "headers": headers})
        if self._head:
            self._done = True
            await self._send({"type": "http.response.body", "body": b""})
            return
        await self._send({"type": "http.response.body", "body": body, "more_body": more})

    async def _more(self, message: Message) -> None:
        body = bytes(message.get("body", b""))
        more = bool(message.get("more_body", False))
        if self._encoder is not None:
            body = self._encoder[0](body)
            if not more:
                body += self._encoder[1]()
        await self._send({"type": "http.response.body", "body": body, "more_body": more})


class _Capture(_Passing):
    """Holds a keepable 200 whole (for HttpCache to keep and answer); passes any other
    response on like _Passing."""

    def __init__(self, send: Send, coding: str, head: bool, scope: Scope) -> None:
        super().__init__(send, coding, head)
        self._scope = scope
        self.kept_status: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.body: list[bytes] = []
        self._keeping = False
        self._size = 0

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start" and self._keepable(message):
            self._keeping = True
            self.headers = list(message.get("headers", ()))
            return
        if not self._keeping:
            await super().send(message)
            return
        if message["type"] != "http.response.body":
            return
        chunk = bytes(message.get("body", b""))
        self._size += len(chunk)
        self.body.append(chunk)
        if not message.get("more_body", False):
            self.kept_status = 200
        elif self._size > _MAX_KEPT_BODY:
            # too large to keep: send what is held and pass the rest on
            self._keeping = False
            await super().send(
                {"type": "http.response.start", "status": 200, "headers": self.headers}
            )
            await super().send(
                {"type": "http.response.body", "body": b"".join(self.body), "more_body": True}
            )
            self.body = []

    def _keepable(self, start: Message) -> bool:
        endpoint = self._scope.get("endpoint")
        marked = self._scope.get(KEEP_FLAG) or getattr(endpoint, KEPT_ATTRIBUTE, False)
        if int(start["status"]) != 200 or not marked:
            return False
        headers = list(start.get("headers", ()))
        for name, value in headers:
            lowered = name.lower()
            if lowered == b"content-encoding":
                return False
            if lowered == b"cache-control" and (b"private" in value or b"no-store" in value):
                return False
        return _sets_only_shareable_cookies([(k.lower(), v) for k, v in headers])
