"""Web sign-in: a key opens a session; the browser keeps only a random token (HttpOnly,
SameSite=Strict cookie), the state store its SHA-256. CSRF tokens are an HMAC of the browser's
CSRF cookie and its session token, so a token is good for one browser's one sign-in only."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from puente.auth.actors import Actor
from puente.auth.keys import KeyRing
from puente.state import State, StoredSession

SESSION_COOKIE = "puente_session"
CSRF_COOKIE = "puente_csrf"
CSRF_FIELD = "csrf_token"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(state: State, actor: Actor, hours: float) -> str:
    """A new session for a verified key's actor; returns the cookie's token."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    state.store.add_session(
        StoredSession(_hash(token), actor.id, now, now + timedelta(hours=hours))
    )
    return token


def session_actor(state: State, keys: KeyRing, token: str | None) -> Actor | None:
    """The actor of a live session whose key is still active; None otherwise."""
    if not token or len(token) > 100:
        return None
    found = state.store.get_session(_hash(token))
    if found is None:
        return None
    if found.expires_at <= datetime.now(UTC):
        state.store.delete_session(found.token_hash)
        return None
    return keys.actor_of(found.key_id)


def close_session(state: State, token: str | None) -> None:
    if token:
        state.store.delete_session(_hash(token))


def new_csrf_seed() -> str:
    return secrets.token_urlsafe(24)


def csrf_token(state: State, seed: str, session: str | None) -> str:
    message = f"{seed}|{session or ''}".encode()
    return hmac.new(state.secret.derive("csrf"), message, hashlib.sha256).hexdigest()


def csrf_valid(state: State, seed: str | None, session: str | None, given: str | None) -> bool:
    if not seed or not given:
        return False
    return hmac.compare_digest(csrf_token(state, seed, session), given)
