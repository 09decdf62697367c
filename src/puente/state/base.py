"""What the state store keeps, and the interface every implementation offers.

Shared state that the server writes while it runs (API keys, web sessions, the screening audit
log and its checkpoints) goes through `StateStore`. The embedded implementation keeps it in the
DuckDB database file (`puente.state.embedded`); `puente.state.postgres` keeps it in PostgreSQL
(PUENTE_STATE_URL), for several processes or hosts, behind the same protocol.

The protocol has no way to change or remove an audit row: rows are appended and read, nothing
else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

AUDIT_COLUMNS = (
    "id",
    "screened_at",
    "actor",
    "channel",
    "dataset",
    "list_version",
    "list_sha256",
    "threshold",
    "query_count",
    "match_count",
    "queries",
    "results",
    "prev_hash",
    "hash",
    "chain",
)

KEY_COLUMNS = "key_id, name, role, key_hash, created_at, created_by, revoked_at"
"""The columns of api_keys, in the order of StoredKey's fields."""


@dataclass(frozen=True, slots=True)
class StoredKey:
    """An API key as kept: its public id, never the key itself (only its SHA-256)."""

    key_id: str
    name: str
    role: str
    key_hash: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class StoredSession:
    """A web sign-in: the SHA-256 of the cookie's token, the key it was opened with."""

    token_hash: str
    key_id: str
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    screened_at: datetime
    actor: str
    channel: str
    dataset: str
    list_version: int | None
    list_sha256: str | None
    threshold: float
    query_count: int
    match_count: int
    queries: str
    """The queries as JSON text, exactly as hashed."""
    results: str
    prev_hash: str
    hash: str
    chain: str
    """hmac-v1 (keyed, every field covered) or legacy (written before the chain was keyed)."""


AuditTail = tuple[int, str] | None
"""The last row of the log, (id, hash), or None when it is empty."""
AuditBuilder = Callable[[AuditTail], Sequence[AuditRow]]
"""Makes the rows to append after the tail it is given (their ids and hash chain follow it)."""


class StateStore(Protocol):
    # API keys
    def add_key(self, key: StoredKey) -> None: ...
    def get_key(self, key_id: str) -> StoredKey | None: ...
    def list_keys(self) -> list[StoredKey]: ...
    def revoke_key(self, key_id: str, at: datetime) -> StoredKey | None: ...

    # Web sessions
    def add_session(self, session: StoredSession) -> None: ...
    def get_session(self, token_hash: str) -> StoredSession | None: ...
    def delete_session(self, token_hash: str) -> None: ...
    def delete_sessions_of(self, key_id: str) -> None: ...

    # The audit log: append and read only
    def audit_tail(self) -> tuple[int, str] | None: ...
    def append_audit(self, build: AuditBuilder) -> Sequence[AuditRow]:
        """Append the rows `build` makes from the tail, read under the store's write lock in
        the same transaction as the insert: concurrent writers, in any process, each see the
        row the other wrote last, so the log stays one chain (no gap, no fork)."""
        ...

    def audit_rows(self, since: datetime | None = None) -> Iterator[AuditRow]: ...
    def audit_row(self, row_id: int) -> AuditRow | None: ...
    def audit_count(self) -> int: ...
    def get_meta(self, name: str) -> str | None: ...
    def add_meta(self, name: str, value: str) -> None: ...
    def add_checkpoint(self, statement: str) -> None: ...
    def list_checkpoints(self) -> list[str]: ...
