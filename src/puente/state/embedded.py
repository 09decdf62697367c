"""The state store inside the DuckDB database file (the default, for one process).

Keys, sessions and audit rows are written on the thread's own cursor in tiny autocommit
statements, never under the store's write lock, so they do not wait for a running ingest
(DuckDB commits transactions that touch different tables side by side).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from puente.state.base import (
    AUDIT_COLUMNS,
    KEY_COLUMNS,
    AuditBuilder,
    AuditRow,
    AuditTail,
    StoredKey,
    StoredSession,
)
from puente.store import Store

# Run once per database, recorded in schema_migrations beside the store's own migrations.
MIGRATIONS: list[tuple[str, str]] = [
    (
        "state.1",
        """
        CREATE TABLE IF NOT EXISTS api_keys (
            key_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            key_hash TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL,
            created_by TEXT NOT NULL,
            revoked_at TIMESTAMPTZ
        );
        CREATE TABLE IF NOT EXISTS web_sessions (
            token_hash TEXT PRIMARY KEY,
            key_id TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL,
            expires_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE IF NOT EXISTS audit_meta (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS audit_checkpoints (
            recorded_at TIMESTAMPTZ NOT NULL,
            statement TEXT NOT NULL
        );
        -- Rows written before the chain was keyed keep their old hashes, marked legacy.
        ALTER TABLE screening_audit ADD COLUMN IF NOT EXISTS chain TEXT DEFAULT 'legacy';
        """,
    ),
]

_INSERT_AUDIT = f"INSERT INTO screening_audit ({', '.join(AUDIT_COLUMNS)}) VALUES "
_AUDIT_ROW = "(" + ", ".join("?" * len(AUDIT_COLUMNS)) + ")"


@dataclass(slots=True)
class _Appender:
    """One database's audit appender: its lock, and the tail it wrote last (one process
    holds the file read-write, so the tail it wrote is the tail)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    tail: AuditTail = None
    known: bool = False


_APPENDERS: weakref.WeakKeyDictionary[Store, _Appender] = weakref.WeakKeyDictionary()
_APPENDERS_LOCK = threading.Lock()


def _appender(store: Store) -> _Appender:
    with _APPENDERS_LOCK:
        found = _APPENDERS.get(store)
        if found is None:
            found = _APPENDERS[store] = _Appender()
        return found


def migrate(store: Store) -> None:
    with store.write() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY)")
        done = {row[0] for row in cur.execute("SELECT id FROM schema_migrations").fetchall()}
        for number, sql in MIGRATIONS:
            if number not in done:
                cur.execute(sql)
                cur.execute("INSERT INTO schema_migrations VALUES (?)", [number])


def _key(row: tuple[Any, ...]) -> StoredKey:
    return StoredKey(*row)


class DuckDBStateStore:
    """`StateStore` on the store's DuckDB file."""

    def __init__(self, store: Store) -> None:
        self.store = store
        if not store.read_only:  # a read-only file has every migration (checked on open)
            migrate(store)

    # API keys
    def add_key(self, key: StoredKey) -> None:
        self.store.cursor().execute(
            f"INSERT INTO api_keys ({KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                key.key_id,
                key.name,
                key.role,
                key.key_hash,
                key.created_at,
                key.created_by,
                key.revoked_at,
            ],
        )

    def get_key(self, key_id: str) -> StoredKey | None:
        row = (
            self.store.cursor()
            .execute(f"SELECT {KEY_COLUMNS} FROM api_keys WHERE key_id = ?", [key_id])
            .fetchone()
        )
        return _key(row) if row else None

    def list_keys(self) -> list[StoredKey]:
        rows = (
            self.store.cursor()
            .execute(f"SELECT {KEY_COLUMNS} FROM api_keys ORDER BY created_at, key_id")
            .fetchall()
        )
        return [_key(r) for r in rows]

    def revoke_key(self, key_id: str, at: datetime) -> StoredKey | None:
        self.store.cursor().execute(
            "UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL",
            [at, key_id],
        )
        self.delete_sessions_of(key_id)
        return self.get_key(key_id)

    # Web sessions
    def add_session(self, session: StoredSession) -> None:
        self.store.cursor().execute(
            "INSERT INTO web_sessions VALUES (?, ?, ?, ?)",
            [session.token_hash, session.key_id, session.created_at, session.expires_at],
        )

    def get_session(self, token_hash: str) -> StoredSession | None:
        row = (
            self.store.cursor()
            .execute(
                "SELECT token_hash, key_id, created_at, expires_at FROM web_sessions "
                "WHERE token_hash = ?",
                [token_hash],
            )
            .fetchone()
        )
        return StoredSession(*row) if row else None

    def delete_session(self, token_hash: str) -> None:
        self.store.cursor().execute("DELETE FROM web_sessions WHERE token_hash = ?", [token_hash])

    def delete_sessions_of(self, key_id: str) -> None:
        self.store.cursor().execute("DELETE FROM web_sessions WHERE key_id = ?", [key_id])

    # The audit log
    def audit_tail(self) -> tuple[int, str] | None:
        row = (
            self.store.cursor()
            .execute("SELECT id, hash FROM screening_audit ORDER BY id DESC LIMIT 1")
            .fetchone()
        )
        return (int(row[0]), str(row[1])) if row else None

    def append_audit(self, build: AuditBuilder) -> Sequence[AuditRow]:
        """One multi-row INSERT, committed as it runs: one call into DuckDB per batch, under
        this database's appender lock (the tail is read from the table once, then kept)."""
        appender = _appender(self.store)
        with appender.lock:
            if not appender.known:
                appender.tail, appender.known = self.audit_tail(), True
            rows = build(appender.tail)
            if not rows:
                return rows
            params: list[Any] = []
            for row in rows:
                params += [getattr(row, column) for column in AUDIT_COLUMNS]
            try:
                self.store.cursor().execute(
                    _INSERT_AUDIT + ", ".join([_AUDIT_ROW] * len(rows)), params
                )
            except BaseException:
                appender.known = False  # read it again from the table next time
                raise
            appender.tail = (rows[-1].id, rows[-1].hash)
        return rows

    def audit_rows(self, since: datetime | None = None) -> Iterator[AuditRow]:
        sql = f"SELECT {', '.join(AUDIT_COLUMNS)} FROM screening_audit"
        params: list[Any] = []
        if since is not None:
            sql += " WHERE screened_at >= ?"
            params.append(since)
        with self.store.read() as cur:
            result = cur.execute(sql + " ORDER BY id", params)
            while batch := result.fetchmany(1000):
                for row in batch:
                    yield AuditRow(*row)

    def audit_row(self, row_id: int) -> AuditRow | None:
        sql = f"SELECT {', '.join(AUDIT_COLUMNS)} FROM screening_audit WHERE id = ?"
        with self.store.read() as cur:
            row = cur.execute(sql, [row_id]).fetchone()
        return AuditRow(*row) if row else None

    def audit_count(self) -> int:
        row = self.store.cursor().execute("SELECT count(*) FROM screening_audit").fetchone()
        return int(row[0]) if row else 0

    def get_meta(self, name: str) -> str | None:
        row = (
            self.store.cursor()
            .execute("SELECT value FROM audit_meta WHERE name = ?", [name])
            .fetchone()
        )
        return str(row[0]) if row else None

    def add_meta(self, name: str, value: str) -> None:
        self.store.cursor().execute("INSERT INTO audit_meta VALUES (?, ?)", [name, value])

    def add_checkpoint(self, statement: str) -> None:
        self.store.cursor().execute("INSERT INTO audit_checkpoints VALUES (now(), ?)", [statement])

    def list_checkpoints(self) -> list[str]:
        rows = (
            self.store.cursor()
            .execute("SELECT statement FROM audit_checkpoints ORDER BY recorded_at")
            .fetchall()
        )
        return [str(r[0]) for r in rows]
