"""Shared state the server writes (keys, sessions, the audit log), behind one interface.

`state_for(store)` gives the state store of a data store: the one registered by
`use_state` (the application and the CLI register theirs, made from the settings), else the
one the settings name, with the secret beside the database file.

Which store: `open_state` decides, and only it. PUENTE_STATE_URL set (postgresql://...):
PostgreSQL (puente.state.postgres), shared by every process and host given that URL; unset:
the embedded DuckDB store in the database file.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from puente.config import Settings
from puente.errors import ConfigError
from puente.state.base import AuditRow, StateStore, StoredKey, StoredSession
from puente.state.secret import ServerSecret, default_secret_path, load_secret
from puente.store import Store

if TYPE_CHECKING:
    from puente.state.pg import PgDatabase

GENESIS = "0" * 64
LEGACY_SEAL = "legacy-seal"
__all__ = [
    "AuditRow",
    "ServerSecret",
    "State",
    "StateStore",
    "StoredKey",
    "StoredSession",
    "open_state",
    "pg_database",
    "require_audit_writable",
    "shared_state_url",
    "state_for",
    "state_from_settings",
    "use_snapshot_state",
    "use_state",
]


@dataclass(frozen=True, slots=True)
class State:
    """A state store and the server secret that goes with it."""

    store: StateStore
    secret: ServerSecret


_STATES: weakref.WeakKeyDictionary[Store, State] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


SECRET_CHECK = "secret-check"
"""Meta row of a shared state store: a value derived from the secret its writers use."""


def open_state(
    store: Store,
    secret_file: Path | None = None,
    secret: str | None = None,
    url: str | None = None,
) -> State:
    """The state store (PostgreSQL at `url`, else the embedded one on `store`), with the
    secret from the setting or the file.

    When the secret is new, the rows already in the audit log (written before the chain was
    keyed) are sealed: their count and last hash, signed with the new secret (see
    docs/decisions/0008-keys-sessions-audit.md)."""
    path = default_secret_path(store.path) if secret_file is None else secret_file
    loaded = load_secret(path, secret)
    if url:
        state = State(_postgres(url), loaded)
        _check_shared_secret(state)
    else:
        from puente.state.embedded import DuckDBStateStore

        state = State(DuckDBStateStore(store), loaded)
    if state.secret.created and not (not url and store.read_only):
        seal_legacy_rows(state)
    return state


_PG_STORES: dict[tuple[int, str], StateStore] = {}


def pg_database(url: str) -> PgDatabase:
    """The process's connection pool to the PostgreSQL state database at `url`."""
    try:
        from puente.state.pg import database
    except ImportError as exc:
        raise ConfigError(
            "PUENTE_STATE_URL names PostgreSQL, which needs psycopg: "
            "pip install 'puente-mx[postgres]'"
        ) from exc
    return database(url)


def _postgres(url: str) -> StateStore:
    """One PostgreSQL state store per URL per process (the pool it uses is the process's)."""
    from puente.state.postgres import PostgresStateStore

    db = pg_database(url)
    with _LOCK:
        found = _PG_STORES.get((id(db), url))
    if found is None or getattr(found, "db", None) is not db:
        found = PostgresStateStore(db)
        with _LOCK:
            _PG_STORES[(id(db), url)] = found
    return found


def _check_shared_secret(state: State) -> None:
    """Every writer of a shared store must key the chain with the same secret: the first one
    records a check value derived from it; a process with another secret refuses to start
    (its rows would not verify, and the log would no longer be one chain)."""
    from puente.state.postgres import PostgresStateStore

    if not isinstance(state.store, PostgresStateStore):
        return
    mine = hmac.new(state.secret.derive(SECRET_CHECK), b"check", hashlib.sha256).hexdigest()
    kept = state.store.first_meta(SECRET_CHECK, mine)
    if not hmac.compare_digest(kept, mine):
        raise ConfigError(
            f"the state store {state.store.db.where} is written with another audit secret than "
            f"this process's ({state.secret.where}); give every process the same "
            "PUENTE_AUDIT_SECRET (or a copy of the same secret file)"
        )


def seal_legacy_rows(state: State) -> None:
    if state.store.get_meta(LEGACY_SEAL) is not None:
        return
    tail = state.store.audit_tail()
    last_id, last_hash = tail if tail else (0, GENESIS)
    state.store.add_meta(LEGACY_SEAL, legacy_seal(state.secret, last_id, last_hash))


def legacy_seal(secret: ServerSecret, last_id: int, last_hash: str) -> str:
    body = json.dumps({"last_id": last_id, "last_hash": last_hash}, separators=(",", ":"))
    mac = hmac.new(secret.derive(LEGACY_SEAL), body.encode(), hashlib.sha256).hexdigest()
    return json.dumps({"last_id": last_id, "last_hash": last_hash, "mac": mac})


def state_from_settings(store: Store, settings: Settings) -> State:
    """The state store of `store` as the settings say (secret file or value), registered so
    that every audit write on this store uses it."""
    secret = settings.audit_secret.get_secret_value() if settings.audit_secret else None
    return use_state(
        store, open_state(store, settings.audit_secret_file, secret, settings.state_url)
    )


def use_state(store: Store, state: State) -> State:
    with _LOCK:
        _STATES[store] = state
    return state


def state_for(store: Store) -> State:
    with _LOCK:
        state = _STATES.get(store)
    if state is None:
        from puente.config import get_settings

        settings = get_settings()
        secret = settings.audit_secret.get_secret_value() if settings.audit_secret else None
        state = open_state(store, settings.audit_secret_file, secret, settings.state_url)
        with _LOCK:
            state = _STATES.setdefault(store, state)
    return state


def shared_state_url(settings: Settings) -> str | None:
    """The PostgreSQL state store's URL when one is set (`PUENTE_STATE_URL`), else None."""
    value = getattr(settings, "state_url", None)
    if value is None:
        return None
    text = value.get_secret_value() if hasattr(value, "get_secret_value") else str(value)
    return text or None


def use_snapshot_state(store: Store, settings: Settings) -> State:
    """The state store of a server of a read-only snapshot: the shared one when
    PUENTE_STATE_URL is set (then every replica must key the audit chain with the same secret,
    so one must be given), else the snapshot's own empty, read-only tables (screening, which
    is audited, is then refused)."""
    from puente.errors import ConfigError
    from puente.state.embedded import DuckDBStateStore

    given = settings.audit_secret.get_secret_value() if settings.audit_secret else None
    if shared_state_url(settings) is not None:
        if given is None and settings.audit_secret_file is None:
            raise ConfigError(
                "replicas that share a state store must key its audit chain with one secret: "
                "set PUENTE_AUDIT_SECRET (64 hex digits) or PUENTE_AUDIT_SECRET_FILE to the "
                "secret the other servers use"
            )
        return state_from_settings(store, settings)
    if given is not None or settings.audit_secret_file is not None:
        secret = load_secret(settings.audit_secret_file, given)
    else:
        secret = load_secret(None)  # nothing is signed: no state is written on this server
    return use_state(store, State(DuckDBStateStore(store), secret))


def require_audit_writable(store: Store, what: str = "screening") -> None:
    """Screening is audited: refused up front when the audit log cannot be written (the
    embedded state store of a database or snapshot served read-only)."""
    from puente.state.embedded import DuckDBStateStore

    if isinstance(state_for(store).store, DuckDBStateStore):
        store.require_writable(what)
