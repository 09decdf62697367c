"""One DuckDB database file, opened read-write by exactly one process.

DuckDB lets a single process hold a database file read-write; every other process is locked
out. Puente therefore makes the process that opens the file its only writer: the CLI when no
server runs, or `puente serve`, which then takes loads and queries from the CLI over HTTP (see
docs/decisions/0001-store-and-concurrency.md). Inside that process, readers use their own
cursors and transactions, so they see the last committed version of every dataset while a
load is being written.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from puente.errors import StoreError, StoreLocked
from puente.store import schema


class Store:
    """The database file and the one connection this process holds on it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, keep_versions: int = 3) -> None:
        self._con = con
        self.path = path
        self.keep_versions = keep_versions
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._generation = 0
        schema.migrate(con)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for this thread; cursors share the database but not transactions."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._con.cursor()
            self._local.cursor = cur
        return cur

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read transaction: every query inside sees one consistent snapshot."""
        cur = self._con.cursor()
        cur.begin()
        try:
            yield cur
        finally:
            cur.rollback()
            cur.close()

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A write transaction, committed whole or not at all; one writer at a time."""
        with self._write_lock:
            cur = self._con.cursor()
            cur.begin()
            try:
                yield cur
            except BaseException:
                cur.rollback()
                cur.close()
                raise
            try:
                cur.commit()
            finally:
                cur.close()

    @property
    def data_generation(self) -> int:
        """Goes up each time a dataset version is put in force (a load or a rollback), so that
        answers can be kept per generation; other writes (an audit entry) leave it alone."""
        return self._generation

    def data_changed(self) -> None:
        """Called after a commit that changed which dataset versions are in force."""
        with self._write_lock:
            self._generation += 1

    def close(self) -> None:
        self._con.close()


def open_store(path: str | Path, keep_versions: int = 3) -> Store:
    """Open (creating if needed) the database file read-write.

    Raises StoreLocked when another process holds the file, so that the caller can go through
    that process instead.
    """
    target = str(path)
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(target)
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" in message.lower():
            raise StoreLocked(
                f"{target} is in use by another process (is `puente serve` running?)"
            ) from exc
        raise StoreError(f"cannot open {target}: {message}") from exc
    except duckdb.Error as exc:
        raise StoreError(f"cannot open {target}: {exc}") from exc
    return Store(con, target, keep_versions=keep_versions)
