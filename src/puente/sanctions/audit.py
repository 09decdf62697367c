"""The screening audit log: every screening, append-only, in a keyed hash chain.

Each row records when, who (the key's id and name, the local OS user, or anonymous-local),
through which channel, the queries, the list version screened against, the threshold, the
counts and the results. Each row's `hash` is an HMAC-SHA256, keyed with the server secret
(kept outside the database), of every one of those fields and the previous row's hash, so
that nobody who can write the database but lacks the secret can edit, insert or re-chain rows
(puente.sanctions.auditchain verifies; signed checkpoints catch rows removed from the end).

Nothing in Puente updates or deletes a row. Writes do not wait for a running ingest: rows are
appended in their own tiny statement on their own cursor; the state store's write lock keeps
the chain in order (across processes, with PostgreSQL), and concurrent screenings share one
commit (group commit).
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Iterator
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from puente.auth.actors import local_user
from puente.csvout import csv_line
from puente.errors import InvalidInput
from puente.sanctions.auditchain import CHAIN, GENESIS, row_digest
from puente.state import AuditRow, ServerSecret, State, state_for
from puente.state.base import AUDIT_COLUMNS, AuditTail
from puente.store import Store

EXPORT_COLUMNS = AUDIT_COLUMNS
_LOCK = threading.Lock()
# How long the audit-writer thread waits for the next row once it has committed every one:
# starting a thread costs the screening that starts it a hand-over of the GIL (a few ms on a
# busy server), so under load one thread stays; when idle it ends soon after.
_WRITER_LINGER = 0.5


@dataclass(slots=True)
class AuditEntry:
    actor: str
    channel: str
    """api, web, cli or reconcile."""
    threshold: float
    queries: list[dict[str, Any]]
    results: list[dict[str, Any]]
    """Per query: its matches (entity_id, name, score, match) as returned."""
    list_version: int | None = None
    list_sha256: str | None = None
    dataset: str = "ofac-sdn"
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def match_count(self) -> int:
        return count_matches(self.results)


def count_matches(results: list[dict[str, Any]]) -> int:
    return sum(1 for result in results for m in result.get("matches", []) if m.get("match"))


def actor_for_cli() -> str:
    """The CLI working on the database file: the OS user of the process (from its uid)."""
    return local_user().label


@dataclass(slots=True)
class _Ticket:
    entry: AuditEntry
    queries: str
    results: str
    done: bool = False
    row_id: int = 0
    error: BaseException | None = None
    future: Future[int] | None = None
    """Set for a row submitted by `submit_screening`: answered once the row is committed."""

    def settle(self) -> None:
        if self.future is None:
            return
        try:
            if self.error is not None:
                self.future.set_exception(self.error)
            else:
                self.future.set_result(self.row_id)
        except InvalidStateError:  # the waiter went away (cancelled): the row is written
            pass


@dataclass(slots=True)
class _Log:
    """One store's audit appender: the entries waiting for the next group commit."""

    pending: list[_Ticket] = field(default_factory=list)
    pending_lock: threading.Lock = field(default_factory=threading.Lock)
    flush_lock: threading.Lock = field(default_factory=threading.Lock)
    writing: bool = False
    """Whether the writer thread of `submit_screening` is running (under pending_lock)."""
    wake: threading.Condition = field(init=False)
    """Signalled (under pending_lock) when a row is queued for the running writer thread."""

    def __post_init__(self) -> None:
        self.wake = threading.Condition(self.pending_lock)


def _ticket(entry: AuditEntry) -> _Ticket:
    return _Ticket(
        entry,
        json.dumps(entry.queries, ensure_ascii=False, sort_keys=True, default=str),
        json.dumps(entry.results, ensure_ascii=False, sort_keys=True, default=str),
    )


def _log_of(store: Store) -> _Log:
    with _LOCK:
        log = _LOGS.get(store)
        if log is None:
            log = _LOGS[store] = _Log()
        return log


_LOGS: weakref.WeakKeyDictionary[Store, _Log] = weakref.WeakKeyDictionary()


def record_screening(store: Store, entry: AuditEntry) -> int:
    """Append one row, durably, before returning its id.

    Group commit: a commit costs a few milliseconds, so screenings that arrive while one is
    being written queue up and the next writer commits them all in one statement; each caller
    still returns only once its own row is committed. The rows are chained to the tail the
    state store reads under its write lock (`StateStore.append_audit`), so writers in other
    processes sharing the store (PostgreSQL) extend the same chain."""
    ticket = _ticket(entry)
    log = _log_of(store)
    with log.pending_lock:
        log.pending.append(ticket)
    with log.flush_lock:
        if not ticket.done:
            with log.pending_lock:
                batch, log.pending = log.pending, []
            _flush(store, batch)
    if ticket.error is not None:
        raise ticket.error
    return ticket.row_id


def submit_screening(store: Store, entry: AuditEntry) -> Future[int]:
    """Queue one row for the store's audit-writer thread and return at once: the future is
    answered with the row's id once the row is committed (or with the commit's error).

    The writer thread commits every row pending when it gets there in one
    `StateStore.append_audit` call (the same group commit as `record_screening`, whose callers
    share the queue), so a caller on the event loop awaits its row without holding a thread."""
    ticket = _ticket(entry)
    ticket.future = Future()
    log = _log_of(store)
    with log.pending_lock:
        log.pending.append(ticket)
        if log.writing:
            log.wake.notify()
            return ticket.future
        log.writing = True
    try:
        threading.Thread(
            target=_write_pending, args=(store, log), name="audit-writer", daemon=True
        ).start()
    except RuntimeError:  # no thread to be had: write what is pending here
        _write_pending(store, log)
    return ticket.future


def _write_pending(store: Store, log: _Log) -> None:
    """The audit-writer thread: commit what is pending, batch after batch; once nothing is,
    wait up to `_WRITER_LINGER` seconds for more before ending (then the next
    `submit_screening` starts another). Under a steady stream of screenings the one thread
    keeps writing, and a screening hands its row over without starting a thread."""
    while True:
        with log.pending_lock:
            if not log.pending:
                log.wake.wait(_WRITER_LINGER)
            if not log.pending:
                log.writing = False
                return
        with log.flush_lock:
            with log.pending_lock:
                batch, log.pending = log.pending, []
            if batch:  # a `record_screening` caller may have committed them meanwhile
                _flush(store, batch)


def chain_rows(
    secret: ServerSecret, tail: AuditTail, entries: list[tuple[AuditEntry, str, str]]
) -> list[AuditRow]:
    """The rows of `entries` (each with its queries and results as JSON text), numbered and
    chained after `tail`."""
    row_id, prev = tail if tail else (0, GENESIS)
    rows: list[AuditRow] = []
    for entry, queries, results in entries:
        row_id += 1
        row = AuditRow(
            id=row_id,
            screened_at=entry.at,
            actor=entry.actor,
            channel=entry.channel,
            dataset=entry.dataset,
            list_version=entry.list_version,
            list_sha256=entry.list_sha256,
            threshold=float(entry.threshold),
            query_count=len(entry.queries),
            match_count=entry.match_count,
            queries=queries,
            results=results,
            prev_hash=prev,
            hash="",
            chain=CHAIN,
        )
        digest = row_digest(secret, row)
        rows.append(_with_hash(row, digest))
        prev = digest
    return rows


def _flush(store: Store, batch: list[_Ticket]) -> None:
    entries = [(t.entry, t.queries, t.results) for t in batch]
    try:
        state = state_for(store)
        rows = state.store.append_audit(lambda tail: chain_rows(state.secret, tail, entries))
    except BaseException as exc:
        for ticket in batch:
            ticket.error, ticket.done = exc, True
            ticket.settle()
        return
    for ticket, written in zip(batch, rows, strict=True):
        ticket.row_id, ticket.done = written.id, True
        ticket.settle()


def _with_hash(row: AuditRow, digest: str) -> AuditRow:
    values = {name: getattr(row, name) for name in AUDIT_COLUMNS}
    values["hash"] = digest
    return AuditRow(**values)


def export_audit(state: State, fmt: str = "jsonl", since: datetime | None = None) -> Iterator[str]:
    """The log as CSV (one header line) or JSON Lines, oldest first, chunk by chunk."""
    if fmt not in ("csv", "jsonl"):
        raise InvalidInput(f"format {fmt!r} is unknown; expected csv or jsonl")
    if fmt == "csv":
        yield csv_line(EXPORT_COLUMNS, "\n")
    for audit_row in state.store.audit_rows(since):
        row: dict[str, Any] = {name: getattr(audit_row, name) for name in EXPORT_COLUMNS}
        row["screened_at"] = audit_row.screened_at.astimezone(UTC).isoformat()
        if fmt == "jsonl":
            row["queries"] = json.loads(audit_row.queries)
            row["results"] = json.loads(audit_row.results)
            yield json.dumps(row, ensure_ascii=False) + "\n"
        else:
            yield csv_line([row[c] for c in EXPORT_COLUMNS], "\n")
