"""A store that serves published snapshots read-only and moves to a new one without dropping
a request.

`SnapshotStore` is a `Store` (the app, the screening index and the kept pages use it as any
other) over a snapshot file, or the newest snapshot in a folder. A watcher thread looks at the
file (or folder) every `poll` seconds; when another snapshot appears it is verified against its
manifest and checked through (every block read) before anything changes, then put in force in
one step. Requests pin the snapshot that was in force when they began (`pinned`, used by the
server's middleware), so a request never mixes two snapshots; the old one is closed once no
request holds it. `data_generation` goes up at each switch, so that answers kept per worker
and the screening index follow the new data.

A snapshot that fails its checks is refused (logged, once per file) and the one in force keeps
serving.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from puente.logs import get_logger
from puente.store.database import ReadOnlyStore, Store
from puente.store.publish import Manifest, SnapshotError, candidates, verify

log = get_logger(__name__)

GRACE_SECONDS = 2.0
"""How long a replaced snapshot stays open after its last pinned request (a thread outside any
request may still hold one of its cursors for a statement)."""


@dataclass(slots=True, eq=False)
class _Handle:
    con: duckdb.DuckDBPyConnection
    file: Path
    identity: tuple[int, int, int, int]
    manifest: Manifest
    refs: int = 0
    retired_at: float | None = None
    closed: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def close(self) -> None:
        with self.lock:
            if not self.closed:
                self.closed = True
                with contextlib.suppress(duckdb.Error):
                    self.con.close()


_pinned: ContextVar[_Handle | None] = ContextVar("puente_snapshot_pin", default=None)


def _identity(path: Path) -> tuple[int, int, int, int]:
    st = path.stat()
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def resolve(source: Path) -> Path:
    """The snapshot file `source` names: itself, or the newest in a folder that verifies."""
    if source.is_dir():
        found = candidates(source)
        if not found:
            raise SnapshotError(
                f"{source} holds no snapshot (a *.duckdb file with its manifest); "
                f"publish one with `puente publish --out {source}/`"
            )
        return found[0]
    return source


def open_snapshot(file: Path) -> _Handle:
    """Verify, open read-only and check through one snapshot file."""
    from puente.store.check import require_healthy

    identity = _identity(file) if file.exists() else (0, 0, 0, 0)
    manifest = verify(file)
    try:
        con = duckdb.connect(str(file), read_only=True)
    except duckdb.Error as exc:
        detail = str(exc).splitlines()[0]
        raise SnapshotError(f"{file} does not open as a database: {detail}") from None
    try:
        probe = Store(con, str(file), read_only=True)  # checks the schema is current
        require_healthy(probe)
    except BaseException:
        con.close()
        raise
    return _Handle(con, file, identity, manifest)


class SnapshotStore(Store):
    """Read-only store over published snapshots, switching to a newer one as it appears."""

    def __init__(self, source: Path, keep_versions: int = 3, poll: float = 1.0) -> None:
        self.source = source
        first = open_snapshot(resolve(source))
        super().__init__(first.con, str(source), keep_versions=keep_versions, read_only=True)
        self._current = first
        self._retired: list[_Handle] = []
        self._switch_lock = threading.Lock()
        self._refused: set[tuple[str, tuple[int, int, int, int]]] = set()
        self._poll = poll
        self._stop = threading.Event()
        self._listeners: list[Callable[[Manifest], None]] = []
        self._watcher: threading.Thread | None = None

    # What is served
    @property
    def manifest(self) -> Manifest:
        return self._current.manifest

    @property
    def file(self) -> Path:
        return self._current.file

    def on_switch(self, listener: Callable[[Manifest], None]) -> None:
        self._listeners.append(listener)

    def require_writable(self, what: str) -> None:
        raise ReadOnlyStore(
            f"{what} writes the state store (the audit log, jobs, monitoring), and this server "
            f"serves the published snapshot {self._current.file.name} read-only with no shared "
            "state store: set PUENTE_STATE_URL=postgresql://... to write state there, or do "
            "this on the primary (data: load it there and `puente publish`)"
        )

    # Reads: on the snapshot the request pinned, else the one in force
    def _acquire(self) -> _Handle:
        handle = _pinned.get()
        if handle is not None and not handle.closed:
            with handle.lock:
                handle.refs += 1
            return handle
        while True:
            handle = self._current
            with handle.lock:
                if not handle.closed:
                    handle.refs += 1
                    return handle

    def _release(self, handle: _Handle) -> None:
        with handle.lock:
            handle.refs -= 1

    def cursor(self) -> duckdb.DuckDBPyConnection:
        handle = _pinned.get() or self._current
        kept: tuple[_Handle, duckdb.DuckDBPyConnection] | None = getattr(
            self._local, "snapshot_cursor", None
        )
        if kept is not None and kept[0] is handle and not handle.closed:
            return kept[1]
        cur = handle.con.cursor()
        self._local.snapshot_cursor = (handle, cur)
        return cur

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        handle = self._acquire()
        try:
            cur = handle.con.cursor()
            cur.begin()
            try:
                yield cur
            finally:
                with contextlib.suppress(duckdb.Error):
                    cur.rollback()
                cur.close()
        finally:
            self._release(handle)

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Every read in this context (and the threads it hands work to) uses one snapshot."""
        handle = self._acquire()
        token = _pinned.set(handle)
        try:
            yield
        finally:
            _pinned.reset(token)
            self._release(handle)

    # Switching
    def check_now(self) -> bool:
        """Look for a new snapshot; True when one was put in force."""
        try:
            file = resolve(self.source)
            identity = _identity(file)
        except (SnapshotError, OSError):
            return False
        current = self._current
        if file == current.file and identity == current.identity:
            return False
        key = (str(file), identity)
        if key in self._refused:
            return False
        try:
            fresh = open_snapshot(file)
        except Exception as exc:
            self._refused.add(key)
            log.warning("snapshot.refused", file=str(file), error=str(exc)[:400])
            return False
        if fresh.manifest.sha256 == current.manifest.sha256:
            fresh.close()  # the same bytes under a new name or time: nothing to change
            current.identity = identity
            current.file = file
            return False
        with self._switch_lock:
            old = self._current
            self._current = fresh
            self._generation += 1
            old.retired_at = time.monotonic()
            self._retired.append(old)
        log.info("snapshot.switched", file=str(file), sha256=fresh.manifest.sha256)
        for listener in self._listeners:
            listener(fresh.manifest)
        return True

    def _close_retired(self, force: bool = False) -> None:
        now = time.monotonic()
        with self._switch_lock:
            keep = []
            for handle in self._retired:
                idle = handle.refs == 0 and now - (handle.retired_at or now) >= GRACE_SECONDS
                if force or idle:
                    handle.close()
                else:
                    keep.append(handle)
            self._retired = keep

    @property
    def open_snapshots(self) -> int:
        """How many snapshot files this process has open (the one in force and any old one
        still finishing requests)."""
        with self._switch_lock:
            return 1 + len(self._retired)

    def _watch(self) -> None:
        while not self._stop.wait(self._poll):
            try:
                self.check_now()
                self._close_retired()
            except Exception as exc:  # the watcher outlives any one look
                log.warning("snapshot.watch_failed", error=str(exc)[:400])

    def start_watching(self) -> None:
        if self._watcher is None:
            self._watcher = threading.Thread(
                target=self._watch, name="puente-snapshot-watch", daemon=True
            )
            self._watcher.start()

    def close(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
        self._close_retired(force=True)
        self._current.close()


class PinSnapshot:
    """ASGI middleware: each request reads from the snapshot in force when it began."""

    def __init__(self, app: Any, store: SnapshotStore) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        with self.store.pinned():
            await self.app(scope, receive, send)
