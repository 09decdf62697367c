"""What every response carries, and what every form needs.

- Security headers: on every response X-Content-Type-Options and Referrer-Policy; on every
  HTML page a Content-Security-Policy that allows scripts from this server only (inline
  script only by hash: the one `onchange` handler the filter forms use, and Swagger UI's
  start-up script on /docs), no framing (frame-ancestors 'none'; the reconciliation preview,
  which OpenRefine shows in a frame, may be framed), and X-Frame-Options.
- CSRF: every POST to a page (not /api, not /reconcile, which take keys in headers, never
  cookies) needs the form field `csrf_token`, an HMAC of the browser's CSRF cookie and its
  session, and must not come from another site (Origin, Sec-Fetch-Site).
- A page that needs a sign-in sends a browser to /signin, then back.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from puente.auth.actors import Actor
from puente.auth.sessions import (
    CSRF_COOKIE,
    CSRF_FIELD,
    SESSION_COOKIE,
    csrf_token,
    csrf_valid,
    new_csrf_seed,
)
from puente.errors import Forbidden, Unauthorized
from puente.httpauth import get_state, signed_in

# Inline handlers the templates use (CSP 'unsafe-hashes' lets exactly these run).
INLINE_HANDLERS = ("this.form.submit()",)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FRAMEABLE = ("/reconcile/preview/",)
# Vega compiles chart expressions with the Function constructor ('unsafe-eval'); no inline
# script runs without a hash.
_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval' 'unsafe-hashes' {hashes}; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors {frame}"
)
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def script_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode()).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def _docs_hashes() -> list[str]:
    from puente.web.assets import docs_page

    page = bytes(docs_page("/openapi.json").body).decode()
    return [script_hash(body) for body in _SCRIPT.findall(page)]


def content_security_policy(frameable: bool = False) -> str:
    hashes = [script_hash(h) for h in INLINE_HANDLERS] + _docs_hashes()
    return _CSP.format(hashes=" ".join(hashes), frame="*" if frameable else "'none'")


class SecurityHeaders:
    """ASGI middleware: the headers above, and the CSRF cookie on a browser's first page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.policy = content_security_policy().encode()
        self.frame_policy = content_security_policy(frameable=True).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        seed = _cookie(scope, CSRF_COOKIE)
        fresh = seed is None or not 16 <= len(seed) <= 64
        if fresh:
            seed = new_csrf_seed()
        scope.setdefault("state", {})["csrf_seed"] = seed
        path: str = scope.get("path", "")
        secure = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"same-origin"))
                content_type = dict(headers).get(b"content-type", b"")
                if (
                    content_type.startswith(b"text/html")
                    and b"content-security-policy" not in names
                ):
                    frameable = path.startswith(FRAMEABLE)
                    policy = self.frame_policy if frameable else self.policy
                    headers.append((b"content-security-policy", policy))
                    if not frameable:
                        headers.append((b"x-frame-options", b"DENY"))
                    # Only a page that drew a form needs the cookie; one that sets none can be
                    # kept and shared (puente.httpcache).
                    if fresh and scope["state"].get("csrf_used"):
                        headers.append((b"set-cookie", _csrf_cookie(str(seed), secure)))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _cookie(scope: Scope, name: str) -> str | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for key, value in headers:
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                found, _, content = part.strip().partition("=")
                if found == name:
                    return content
    return None


def _csrf_cookie(seed: str, secure: bool) -> bytes:
    text = f"{CSRF_COOKIE}={seed}; Path=/; HttpOnly; SameSite=Strict"
    return (text + ("; Secure" if secure else "")).encode()


def _is_page(request: Request) -> bool:
    path: str = request.scope["path"]  # what request.url.path starts with, without parsing a URL
    return not (path.startswith("/api") or path.startswith("/reconcile"))


def _same_site(request: Request) -> bool:
    if request.headers.get("sec-fetch-site") == "cross-site":
        return False
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc == request.headers.get("host", request.url.netloc)
    return origin != "null"


async def csrf_guard(request: Request) -> None:
    """A dependency on every route: unsafe methods on pages need a good CSRF token."""
    if request.method in SAFE_METHODS or not _is_page(request):
        return
    if not _same_site(request):
        raise Forbidden("a form sent from another site is refused")
    form = await request.form()
    given = form.get(CSRF_FIELD)
    seed = request.cookies.get(CSRF_COOKIE)
    session = request.cookies.get(SESSION_COOKIE)
    if not csrf_valid(get_state(request), seed, session, given if isinstance(given, str) else None):
        raise Forbidden(
            "the form's security token is missing or has expired; reload the page and send "
            "the form again"
        )


def csrf_for(request: Request) -> str:
    request.scope.setdefault("state", {})["csrf_used"] = True
    seed: str | None = request.scope.get("state", {}).get("csrf_seed")
    seed = seed or request.cookies.get(CSRF_COOKIE)
    return csrf_token(get_state(request), str(seed or ""), request.cookies.get(SESSION_COOKIE))


def template_helpers(request: Request) -> dict[str, Callable[[], Any]]:
    """`csrf_field()` and `signed_in()` for templates, computed only when a page asks."""

    def csrf_field() -> Markup:
        return Markup('<input type="hidden" name="{}" value="{}">').format(
            CSRF_FIELD, csrf_for(request)
        )

    def who() -> Actor | None:
        return signed_in(request) if _is_page(request) else None

    return {"csrf_field": csrf_field, "signed_in": who}


ErrorResponse = Callable[[Request, int, str, str], Response]


def install_protection(app: FastAPI, error_response: ErrorResponse) -> None:
    """Call before the routers are included: the CSRF check goes on every route.
    `error_response` renders the errors of API routes (the application's own renderer)."""
    app.router.dependencies.append(Depends(csrf_guard))
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(Unauthorized)
    async def unauthorized(request: Request, exc: Unauthorized) -> Response:
        if _is_page(request) and request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/signin?next={quote(target, safe='')}", status_code=303)
        return error_response(request, exc.status_code, exc.error, exc.detail)
