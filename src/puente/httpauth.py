"""Who the caller is, for the API and the pages alike: the state store, and dependencies that
require a role.

The caller is decided only by a verified credential: the server's own token (X-Puente-Token,
the local admin credential `puente serve` writes beside the database), an API key
(`Authorization: Bearer <key>` or `X-Api-Key`), or, on web pages, a session opened with a key.
Nothing else a request carries (no X-Puente-User or similar header) names the actor.
"""

from __future__ import annotations

import ipaddress
import secrets
import threading
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from puente.auth.actors import Actor, anonymous_local, server_token_actor
from puente.auth.keys import KeyRing, keyring, role_allows
from puente.auth.sessions import SESSION_COOKIE, session_actor
from puente.config import Settings
from puente.errors import Forbidden, StateUnavailable, Unauthorized
from puente.httpdeps import get_settings, get_store
from puente.state import State, state_from_settings
from puente.store import Store

_STATE_LOCK = threading.Lock()


def app_state(holder: object, store: Store, settings: Settings) -> State:
    """The state store of the application's store, made once from the settings."""
    made: tuple[Store, State] | None = getattr(holder, "auth_state", None)
    if made is None or made[0] is not store:
        with _STATE_LOCK:
            made = getattr(holder, "auth_state", None)
            if made is None or made[0] is not store:
                made = (store, state_from_settings(store, settings))
                setattr(holder, "auth_state", made)  # noqa: B010
    return made[1]


def get_state(request: Request) -> State:
    return app_state(request.app.state, get_store(request), get_settings(request))


def get_keys(request: Request) -> KeyRing:
    return keyring(get_state(request).store)


def auth_mode(settings: Settings, host: str | None = None) -> str:
    """PUENTE_AUTH, else local on a loopback address and required on any other."""
    if settings.auth:
        return settings.auth
    return "local" if is_loopback(host or settings.host) else "required"


@lru_cache(maxsize=64)  # asked on every anonymous screening, of the same few settings
def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _is_api(request: Request) -> bool:
    path: str = request.scope["path"]  # what request.url.path starts with, without parsing a URL
    return path.startswith("/api") or path.startswith("/reconcile")


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("x-api-key") or None


def caller(request: Request) -> Actor | None:
    """The verified caller, or None for an anonymous one. A credential that is given but not
    valid is a 401, never silently anonymous."""
    if "actor" in request.scope.get("state", {}):
        found: Actor | None = request.state.actor
        return found
    actor: Actor | None = None
    token = request.headers.get("x-puente-token")
    if token is not None:
        expected = getattr(request.app.state, "admin_token", None)
        if not expected or not secrets.compare_digest(expected.encode(), token.encode()):
            raise Unauthorized("the server token is not valid")
        actor = server_token_actor()
    elif (key := _bearer(request)) is not None:
        actor = get_keys(request).verify(key)
        if actor is None:
            raise Unauthorized("the API key is not valid (unknown, malformed or revoked)")
    elif not _is_api(request) and request.cookies.get(SESSION_COOKIE):
        actor = session_actor(
            get_state(request), get_keys(request), request.cookies.get(SESSION_COOKIE)
        )
    request.state.actor = actor
    return actor


def signed_in(request: Request) -> Actor | None:
    """The caller of a web page, for showing who is signed in; never raises (while the state
    store is away, a page of data is shown as to an anonymous reader)."""
    try:
        return caller(request)
    except (Unauthorized, StateUnavailable):
        return None


def require(role: str) -> Callable[[Request], Actor]:
    """A dependency: the caller, who must hold `role` (anonymous callers may screen when
    PUENTE_AUTH is local)."""

    def dependency(request: Request) -> Actor:
        actor = caller(request)
        if actor is None:
            settings = get_settings(request)
            if role == "screener" and auth_mode(settings) == "local":
                # the screening is audited: open the app's state store first, so that the row
                # goes where the app's settings say (PUENTE_STATE_URL) and nowhere else
                get_state(request)
                return anonymous_local(request.client.host if request.client else None)
            how = "an API key (Authorization: Bearer <key> or X-Api-Key)"
            if not _is_api(request):
                how = "a key: sign in at /signin"
            raise Unauthorized(f"this needs {how} with the {role} role")
        if not role_allows(actor.role, role):
            raise Forbidden(f"{actor.label} has the {actor.role} role; this needs {role}")
        return actor

    dependency.__name__ = f"require_{role}"
    return dependency


def _reads_state(request: Request) -> bool:
    """Whether deciding the caller may read the state store (a key not in this process's
    cache, a web session; with PostgreSQL, a round trip): then it runs in a thread."""
    if "actor" in request.scope.get("state", {}) or request.headers.get("x-puente-token"):
        return False
    made: tuple[Store, State] | None = getattr(request.app.state, "auth_state", None)
    if made is None or made[0] is not get_store(request):
        return True  # opening the state store (a key's or an anonymous screening's) connects
    key = _bearer(request)
    if key is not None:
        return not keyring(made[1].store).cached(key)
    return not _is_api(request) and bool(request.cookies.get(SESSION_COOKIE))


def depend(role: str) -> Callable[[Request], Awaitable[Actor]]:
    """`require(role)` as a route dependency: decided on the event loop when that reads
    nothing (anonymous-local, the server token, a cached key), else in the thread pool, so
    that a request does not pay a thread round trip to learn who sent it."""
    check = require(role)

    async def dependency(request: Request) -> Actor:
        if _reads_state(request):
            return await run_in_threadpool(check, request)
        return check(request)

    dependency.__name__ = f"require_{role}"
    return dependency


require_viewer = require("viewer")
require_screener = require("screener")
require_admin = require("admin")
ViewerActor = Annotated[Actor, Depends(depend("viewer"))]
ScreenerActor = Annotated[Actor, Depends(depend("screener"))]
AdminActor = Annotated[Actor, Depends(depend("admin"))]
