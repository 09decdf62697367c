"""The state store in PostgreSQL (PUENTE_STATE_URL), shared by processes and hosts.

Same protocol as the embedded store (puente.state.base). What differs is how writers agree:

- The audit log is appended under a transaction-scoped advisory lock: the tail is read, the
  rows are built from it (their ids and keyed hashes follow it) and inserted in the same
  transaction, so writers in any number of processes extend one chain. `id` is the primary
  key: even a writer that skipped the lock could not fork the chain, only fail.
- Every other write is one statement or one transaction; keys and sessions have their keys.

The queries and results are kept as TEXT, byte for byte as they were hashed (jsonb would
reorder them).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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
from puente.state.pg import PgDatabase

AUDIT_LOCK = 0x70756E7465_02
"""pg_advisory_xact_lock key held while audit rows are appended."""

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
        CREATE INDEX IF NOT EXISTS web_sessions_key ON web_sessions (key_id);
        CREATE TABLE IF NOT EXISTS audit_meta (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS audit_checkpoints (
            seq BIGSERIAL PRIMARY KEY,
            recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            statement TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS screening_audit (
            id BIGINT PRIMARY KEY,
            screened_at TIMESTAMPTZ NOT NULL,
            actor TEXT NOT NULL,
            channel TEXT NOT NULL,
            dataset TEXT NOT NULL,
            list_version INTEGER,
            list_sha256 TEXT,
            threshold DOUBLE PRECISION NOT NULL,
            query_count INTEGER NOT NULL,
            match_count INTEGER NOT NULL,
            queries TEXT NOT NULL,
            results TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            chain TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS screening_audit_time ON screening_audit (screened_at);
        """,
    ),
]

_INSERT_AUDIT = (
    f"INSERT INTO screening_audit ({', '.join(AUDIT_COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(AUDIT_COLUMNS))})"
)


class PostgresStateStore:
    """`StateStore` in a PostgreSQL database."""

    def __init__(self, db: PgDatabase) -> None:
        self.db = db
        db.migrate("state", MIGRATIONS)

    # API keys
    def add_key(self, key: StoredKey) -> None:
        with self.db.transaction() as cur:
            cur.execute(
                f"INSERT INTO api_keys ({KEY_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)",
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
        with self.db.transaction() as cur:
            cur.execute(f"SELECT {KEY_COLUMNS} FROM api_keys WHERE key_id = %s", [key_id])
            row = cur.fetchone()
        return StoredKey(*row) if row else None

    def list_keys(self) -> list[StoredKey]:
        with self.db.transaction() as cur:
            cur.execute(f"SELECT {KEY_COLUMNS} FROM api_keys ORDER BY created_at, key_id")
            rows = cur.fetchall()
        return [StoredKey(*r) for r in rows]

    def revoke_key(self, key_id: str, at: datetime) -> StoredKey | None:
        """Revoke and end the key's sessions in one transaction."""
        with self.db.transaction() as cur:
            cur.execute(
                "UPDATE api_keys SET revoked_at = %s WHERE key_id = %s AND revoked_at IS NULL",
                [at, key_id],
            )
            cur.execute("DELETE FROM web_sessions WHERE key_id = %s", [key_id])
            cur.execute(f"SELECT {KEY_COLUMNS} FROM api_keys WHERE key_id = %s", [key_id])
            row = cur.fetchone()
        return StoredKey(*row) if row else None

    # Web sessions
    def add_session(self, session: StoredSession) -> None:
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO web_sessions (token_hash, key_id, created_at, expires_at) "
                "VALUES (%s, %s, %s, %s)",
                [session.token_hash, session.key_id, session.created_at, session.expires_at],
            )

    def get_session(self, token_hash: str) -> StoredSession | None:
        with self.db.transaction() as cur:
            cur.execute(
                "SELECT token_hash, key_id, created_at, expires_at FROM web_sessions "
                "WHERE token_hash = %s",
                [token_hash],
            )
            row = cur.fetchone()
        return StoredSession(*row) if row else None

    def delete_session(self, token_hash: str) -> None:
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM web_sessions WHERE token_hash = %s", [token_hash])

    def delete_sessions_of(self, key_id: str) -> None:
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM web_sessions WHERE key_id = %s", [key_id])

    # The audit log
    def audit_tail(self) -> AuditTail:
        with self.db.transaction() as cur:
            cur.execute("SELECT id, hash FROM screening_audit ORDER BY id DESC LIMIT 1")
            row = cur.fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def append_audit(self, build: AuditBuilder) -> Sequence[AuditRow]:
        with self.db.transaction() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_LOCK])
            cur.execute("SELECT id, hash FROM screening_audit ORDER BY id DESC LIMIT 1")
            found = cur.fetchone()
            rows = build((int(found[0]), str(found[1])) if found else None)
            if rows:
                cur.executemany(
                    _INSERT_AUDIT, [[getattr(r, c) for c in AUDIT_COLUMNS] for r in rows]
                )
        return rows

    def audit_rows(self, since: datetime | None = None) -> Iterator[AuditRow]:
        """Every row (or those screened since), oldest first, read in pages by id so that a
        long export holds no transaction open."""
        columns = ", ".join(AUDIT_COLUMNS)
        after = 0
        while True:
            sql = f"SELECT {columns} FROM screening_audit WHERE id > %s"
            params: list[Any] = [after]
            if since is not None:
                sql += " AND screened_at >= %s"
                params.append(since)
            with self.db.transaction() as cur:
                cur.execute(sql + " ORDER BY id LIMIT 1000", params)
                batch = cur.fetchall()
            if not batch:
                return
            for row in batch:
                yield AuditRow(*row)
            after = int(batch[-1][0])

    def audit_row(self, row_id: int) -> AuditRow | None:
        with self.db.transaction() as cur:
            cur.execute(
                f"SELECT {', '.join(AUDIT_COLUMNS)} FROM screening_audit WHERE id = %s", [row_id]
            )
            row = cur.fetchone()
        return AuditRow(*row) if row else None

    def audit_count(self) -> int:
        with self.db.transaction() as cur:
            cur.execute("SELECT count(*) FROM screening_audit")
            row = cur.fetchone()
        return int(row[0]) if row else 0

    def get_meta(self, name: str) -> str | None:
        with self.db.transaction() as cur:
            cur.execute("SELECT value FROM audit_meta WHERE name = %s", [name])
            row = cur.fetchone()
        return str(row[0]) if row else None

    def add_meta(self, name: str, value: str) -> None:
        with self.db.transaction() as cur:
            cur.execute("INSERT INTO audit_meta (name, value) VALUES (%s, %s)", [name, value])

    def first_meta(self, name: str, value: str) -> str:
        """The value kept under `name`: `value` if none was, else the one kept first (when
        processes race, one value wins and every one of them reads it)."""
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO audit_meta (name, value) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                [name, value],
            )
            cur.execute("SELECT value FROM audit_meta WHERE name = %s", [name])
            row = cur.fetchone()
        return str(row[0]) if row else value

    def add_checkpoint(self, statement: str) -> None:
        with self.db.transaction() as cur:
            cur.execute("INSERT INTO audit_checkpoints (statement) VALUES (%s)", [statement])

    def list_checkpoints(self) -> list[str]:
        with self.db.transaction() as cur:
            cur.execute("SELECT statement FROM audit_checkpoints ORDER BY seq")
            rows = cur.fetchall()
        return [str(r[0]) for r in rows]
