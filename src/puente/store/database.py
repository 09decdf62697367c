"""One DuckDB database file, opened read-write by exactly one process.

DuckDB lets a single process hold a database file read-write; every other process is locked
out. Puente therefore makes the process that opens the file its only writer: the CLI when no
server runs, or `puente serve`, which then takes loads and queries from the CLI over HTTP (see
docs/decisions/0001-store-and-concurrency.md). Inside that process, readers use their own
cursors and transactions, so they see the last committed version of every dataset while a
load is being written.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from puente.errors import StoreError
from puente.store import schema
from puente.store.files import protect, store_error


class Store:
    """The database file and the one connection this process holds on it."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        path: str,
        keep_versions: int = 3,
        read_only: bool = False,
    ) -> None:
        self._con = con
        self.path = path
        self.keep_versions = keep_versions
        self.read_only = read_only
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._generation = 0
        if read_only:
            schema.check_current(con, path)
        else:
            schema.migrate(con)

    def require_writable(self, what: str) -> None:
        """Refuse, with what to do, work that must write (screening is audited)."""
        if self.read_only:
            raise ReadOnlyStore(
                f"{what} needs a writable state store, and {self.path} is served read-only "
                "(`puente serve --read-only`): every screening is recorded in the audit log. "
                "Serve a writable copy of the database (without --read-only) to screen."
            )

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
        self.require_writable("this change")
        with self._write_lock:
            cur = self._con.cursor()
            cur.begin()
            try:
                yield cur
            except duckdb.IOException as exc:
                _rollback(cur)
                raise store_error(exc, self.path) from exc
            except BaseException:
                _rollback(cur)
                raise
            try:
                cur.commit()
            except duckdb.IOException as exc:
                raise store_error(exc, self.path) from exc
            finally:
                cur.close()
            if self.path != ":memory:":
                protect(Path(f"{self.path}.wal"))

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


class ReadOnlyStore(StoreError):
    """A write asked of a store opened read-only."""


def _rollback(cur: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # the connection may be gone with the disk
        cur.rollback()
    cur.close()


def open_store(path: str | Path, keep_versions: int = 3, read_only: bool = False) -> Store:
    """Open (creating if needed) the database file read-write, or read-only.

    The file and its write-ahead log are made private (0600): they hold every screened name.
    Raises StoreLocked when another process holds the file, so that the caller can go through
    that process instead; any other failure is a StoreError of one line that says what to do.
    """
    target = str(path)
    if target == ":memory:":
        return Store(duckdb.connect(target), target, keep_versions=keep_versions)
    file = Path(target)
    if read_only and not file.is_file():
        raise StoreError(f"{target} does not exist; --read-only serves an existing database")
    try:
        if not read_only:
            file.parent.mkdir(parents=True, exist_ok=True)
        old_mask = os.umask(0o077)
        try:
            con = duckdb.connect(target, read_only=read_only)
        finally:
            os.umask(old_mask)
    except duckdb.Error as exc:
        raise store_error(exc, target) from exc
    except OSError as exc:
        raise store_error(exc, target) from exc
    if not read_only:
        protect(file)
        protect(Path(f"{target}.wal"))
    try:
        return Store(con, target, keep_versions=keep_versions, read_only=read_only)
    except duckdb.Error as exc:
        con.close()
        raise store_error(exc, target) from exc
