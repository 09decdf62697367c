"""Connections to the PostgreSQL state database: a small pool that reconnects, and migrations.

One `PgDatabase` per URL per process (`database(url)`). Each unit of work takes a connection
from the pool and runs in one transaction (`with db.transaction() as cur`); a connection that
the server dropped (a restart, a fail-over, a network cut) is thrown away and the next one is
made afresh, so the process recovers by itself once the server answers again. While it does
not answer, every unit of work raises `StateUnavailable` (HTTP 503) within
`CONNECT_TIMEOUT` seconds.

Migrations run in one transaction under an advisory lock, so that several processes starting
at once create the tables once; each is recorded in `puente_migrations`.
"""

from __future__ import annotations

import atexit
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from puente.errors import ConfigError, StateUnavailable
from puente.logs import get_logger

log = get_logger(__name__)

CONNECT_TIMEOUT = 3
"""Seconds to wait for the server when a new connection is made."""
POOL_SIZE = 8
"""Connections a process keeps at most (more callers wait for one)."""
WAIT_SECONDS = 10.0
"""How long a caller waits for a free connection before the request answers 503."""
CHECK_AFTER = 1.0
"""A connection idle for longer than this is checked (an empty query) before it is used."""

MIGRATION_LOCK = 0x70756E7465_01
"""pg_advisory_xact_lock key held while migrations run ("punte" + 1)."""


def where(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the PostgreSQL server of PUENTE_STATE_URL (the URL does not parse)"
    host = parts.get("host") or "localhost"
    return f"postgresql://{host}:{parts.get('port') or 5432}/{parts.get('dbname') or ''}"


class PgDatabase:
    """A pool of connections to one database, shared by every state store of the process."""

    def __init__(self, url: str, size: int = POOL_SIZE) -> None:
        try:
            conninfo_to_dict(url)
        except psycopg.ProgrammingError as exc:
            raise ConfigError(f"PUENTE_STATE_URL is not a PostgreSQL URL: {exc}") from exc
        self.url = url
        self.where = where(url)
        self._idle: list[tuple[psycopg.Connection[Any], float]] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)
        self._migrated: set[str] = set()
        self.pid = os.getpid()

    # -- connections ------------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[Any]:
        conn = psycopg.connect(
            self.url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT,
            application_name="puente",
        )
        conn.execute("SET TIME ZONE 'UTC'")
        return conn

    def _take(self) -> psycopg.Connection[Any]:
        while True:
            with self._lock:
                if not self._idle:
                    break
                conn, since = self._idle.pop()
            if conn.closed or conn.broken:
                continue
            if time.monotonic() - since > CHECK_AFTER:
                try:
                    conn.execute("")
                except psycopg.Error:
                    conn.close()
                    continue
            return conn
        return self._connect()

    def _give_back(self, conn: psycopg.Connection[Any]) -> None:
        if conn.closed or conn.broken or conn.info.transaction_status != 0:  # 0: idle
            conn.close()
            return
        with self._lock:
            self._idle.append((conn, time.monotonic()))

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Cursor[Any]]:
        """A cursor in one transaction, committed when the block ends without an error.

        Connection failures become `StateUnavailable`; other database errors (a broken
        constraint) pass through as they are, and the connection goes back to the pool."""
        if not self._slots.acquire(timeout=WAIT_SECONDS):
            raise StateUnavailable("every connection to the state store is busy; try again")
        conn: psycopg.Connection[Any] | None = None
        try:
            try:
                conn = self._take()
                with conn.transaction(), conn.cursor() as cur:
                    yield cur
            except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                if conn is not None:
                    conn.close()
                reason = str(exc).strip().splitlines()
                log.warning(
                    "state.unavailable",
                    where=self.where,
                    error=reason[0] if reason else type(exc).__name__,
                )
                raise StateUnavailable(
                    "the state store (PostgreSQL) does not answer; keys, sign-in, screening "
                    "and jobs are back as soon as it does, try again in a minute"
                ) from exc
            if conn is not None:
                self._give_back(conn)
                conn = None
        finally:
            if conn is not None:
                if conn.closed or conn.broken:
                    conn.close()
                else:
                    self._give_back(conn)
            self._slots.release()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn, _ in idle:
            conn.close()

    # -- migrations -------------------------------------------------------------------------

    def migrate(self, name: str, migrations: list[tuple[str, str]]) -> None:
        """Run the migrations not yet recorded, once per database, whoever starts first."""
        if name in self._migrated:
            return
        with self.transaction() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK])
            cur.execute(
                "CREATE TABLE IF NOT EXISTS puente_migrations ("
                "id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            cur.execute("SELECT id FROM puente_migrations")
            done = {row[0] for row in cur.fetchall()}
            for number, sql in migrations:
                if number not in done:
                    cur.execute(sql)
                    cur.execute("INSERT INTO puente_migrations (id) VALUES (%s)", [number])
        self._migrated.add(name)


_DATABASES: dict[str, PgDatabase] = {}
_LOCK = threading.Lock()


def database(url: str) -> PgDatabase:
    """The process's pool for `url` (a new one in a child process: connections are never
    shared across a fork)."""
    with _LOCK:
        found = _DATABASES.get(url)
        if found is None or found.pid != os.getpid():
            found = _DATABASES[url] = PgDatabase(url)
        return found


def close_all() -> None:
    with _LOCK:
        found = list(_DATABASES.values())
        _DATABASES.clear()
    for db in found:
        db.close()


atexit.register(close_all)  # connections end with the process, closed as they should be
