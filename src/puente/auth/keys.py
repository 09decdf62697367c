"""API keys: `pk_<id>_<secret>`, shown once, kept as SHA-256 (the secret is 256 random bits,
so a fast hash is as strong as a slow one), verified against a per-process cache.

Roles nest: an admin may do what a screener does, a screener what a viewer does.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from puente.auth.actors import Actor
from puente.errors import InvalidInput, NotFound
from puente.state.base import StateStore, StoredKey

ROLES = ("viewer", "screener", "admin")
_RANK = {role: rank for rank, role in enumerate(ROLES)}
PREFIX = "pk_"
_KEY = re.compile(r"^pk_([0-9a-f]{8})_([A-Za-z0-9_-]{20,100})$")
CACHE_SECONDS = 30.0
"""A cached key is looked up again after this long; revocation in this process clears it at
once (with a shared store in several processes this bounds how long a revoked key works)."""
MAX_NAME = 120


def role_allows(role: str, needed: str) -> bool:
    return _RANK.get(role, -1) >= _RANK[needed]


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class NewKey:
    stored: StoredKey
    key: str
    """The key itself: shown once, never kept."""


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"role {role!r} is not valid; expected viewer, screener or admin")
    return role


def check_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean or len(clean) > MAX_NAME or not clean.isprintable():
        raise InvalidInput(f"a key needs a name of 1 to {MAX_NAME} printable characters")
    return clean


@dataclass(slots=True)
class _Cached:
    stored: StoredKey | None
    at: float


class KeyRing:
    """Creates, lists, revokes and verifies the keys of one state store."""

    def __init__(self, store: StateStore) -> None:
        self.store = store
        self._cache: dict[str, _Cached] = {}
        self._lock = threading.Lock()

    def create(self, name: str, role: str, created_by: str) -> NewKey:
        role, name = check_role(role), check_name(name)
        key_id = secrets.token_hex(4)
        while self.store.get_key(key_id) is not None:
            key_id = secrets.token_hex(4)
        key = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
        stored = StoredKey(key_id, name, role, hash_key(key), datetime.now(UTC), created_by)
        self.store.add_key(stored)
        return NewKey(stored, key)

    def list(self) -> list[StoredKey]:
        return self.store.list_keys()

    def revoke(self, key_id: str) -> StoredKey:
        stored = self.store.revoke_key(key_id, datetime.now(UTC))
        with self._lock:
            self._cache.pop(key_id, None)
        if stored is None:
            raise NotFound(f"no key {key_id!r}; `puente keys list` shows them")
        return stored

    def admin_count(self) -> int:
        return sum(1 for k in self.store.list_keys() if k.active and k.role == "admin")

    def lookup(self, key_id: str) -> StoredKey | None:
        now = time.monotonic()
        cached = self._cache.get(key_id)
        if cached is None or now - cached.at > CACHE_SECONDS:
            cached = _Cached(self.store.get_key(key_id), now)
            with self._lock:
                self._cache[key_id] = cached
        return cached.stored

    def cached(self, key: str) -> bool:
        """Whether `verify(key)` would answer from this process's cache (without reading the
        state store): a malformed key needs no lookup either."""
        found = _KEY.match(key.strip())
        if found is None:
            return True
        cached = self._cache.get(found.group(1))
        return cached is not None and time.monotonic() - cached.at <= CACHE_SECONDS

    def verify(self, key: str) -> Actor | None:
        """The key's actor, or None when the key is malformed, unknown or revoked."""
        found = _KEY.match(key.strip())
        if found is None:
            return None
        stored = self.lookup(found.group(1))
        if stored is None or not stored.active:
            return None
        if not hmac.compare_digest(stored.key_hash, hash_key(key.strip())):
            return None
        return Actor("key", stored.key_id, stored.name, stored.role)

    def actor_of(self, key_id: str) -> Actor | None:
        stored = self.lookup(key_id)
        if stored is None or not stored.active:
            return None
        return Actor("key", stored.key_id, stored.name, stored.role)


def new_key_answer(keys: KeyRing, name: str, role: str, created_by: str) -> dict[str, object]:
    """A new key, as the API answers and the CLI prints it: the only time `key` is shown."""
    made = keys.create(name, role, created_by)
    return {**key_as_dict(made.stored), "key": made.key}


def key_as_dict(stored: StoredKey) -> dict[str, object]:
    return {
        "id": stored.key_id,
        "name": stored.name,
        "role": stored.role,
        "created_at": stored.created_at.isoformat(),
        "created_by": stored.created_by,
        "revoked_at": stored.revoked_at.isoformat() if stored.revoked_at else None,
        "active": stored.active,
    }


_RINGS: dict[int, tuple[StateStore, KeyRing]] = {}
_RINGS_LOCK = threading.Lock()


def keyring(store: StateStore) -> KeyRing:
    """One key ring (and so one cache) per state store."""
    with _RINGS_LOCK:
        found = _RINGS.get(id(store))
        if found is None or found[0] is not store:
            found = _RINGS[id(store)] = (store, KeyRing(store))
        return found[1]
