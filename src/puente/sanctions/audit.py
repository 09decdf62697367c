"""The screening audit log: every screening, append-only, with a hash chain.

Each row records when, who (an API key's fingerprint, or the OS user of the CLI), through
which channel, the queries, the list version screened against, the threshold and the results.
Nothing in Puente updates or deletes a row; each row's `hash` covers its content and the
previous row's hash, so `verify_chain` detects an edited or removed row.

Writes do not wait for a running ingest: a load holds the store's write lock for seconds, so
audit rows are appended in their own tiny transaction on their own cursor (DuckDB lets
transactions that touch different tables commit side by side); a lock of this module's own
keeps the hash chain in order, and concurrent screenings share one commit (group commit).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb

from puente.csvout import csv_line
from puente.errors import InvalidInput
from puente.store import Store

GENESIS = "0" * 64
_LOCK = threading.Lock()
EXPORT_COLUMNS = (
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
)


@dataclass(slots=True)
class AuditEntry:
    actor: str
    channel: str
    """api, web or cli."""
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
        return sum(
            1 for result in self.results for m in result.get("matches", []) if m.get("match")
        )


def actor_for_key(api_key: str | None, client: str | None = None) -> str:
    """An API key is recorded by its fingerprint, never in clear."""
    if api_key:
        return "key:" + hashlib.sha256(api_key.encode()).hexdigest()[:16]
    return f"anonymous@{client}" if client else "anonymous"


def actor_for_cli() -> str:
    try:
        return "user:" + getpass.getuser()
    except (KeyError, OSError):
        return "user:unknown"


def _digest(prev: str, entry: AuditEntry, queries: str, results: str) -> str:
    content = json.dumps(
        [
            prev,
            entry.at.astimezone(UTC).isoformat(),
            entry.actor,
            entry.channel,
            entry.dataset,
            entry.list_version,
            entry.list_sha256,
            entry.threshold,
            queries,
            results,
        ],
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode()).hexdigest()


@dataclass(slots=True)
class _Ticket:
    entry: AuditEntry
    queries: str
    results: str
    done: bool = False
    row_id: int = 0
    error: BaseException | None = None


@dataclass(slots=True)
class _Log:
    """One store's audit appender: entries waiting, and the hash of the last row written."""

    pending: list[_Ticket] = field(default_factory=list)
    pending_lock: threading.Lock = field(default_factory=threading.Lock)
    flush_lock: threading.Lock = field(default_factory=threading.Lock)
    last_hash: str | None = None
    last_id: int | None = None


_LOGS: weakref.WeakKeyDictionary[Store, _Log] = weakref.WeakKeyDictionary()
_COLUMNS_SQL = (
    "INSERT INTO screening_audit (id, screened_at, actor, channel, dataset, list_version, "
    "list_sha256, threshold, queries, results, query_count, match_count, prev_hash, hash) "
    "VALUES "
)
_ROW_SQL = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def record_screening(store: Store, entry: AuditEntry) -> int:
    """Append one row, durably, before returning its id.

    Group commit: a commit costs a few milliseconds in DuckDB, so screenings that arrive
    while one is being written queue up and the next writer commits them all in one
    transaction (one multi-row INSERT); each caller still returns only once its own row is
    committed."""
    ticket = _Ticket(
        entry,
        json.dumps(entry.queries, ensure_ascii=False, sort_keys=True, default=str),
        json.dumps(entry.results, ensure_ascii=False, sort_keys=True, default=str),
    )
    with _LOCK:
        log = _LOGS.get(store)
        if log is None:
            log = _LOGS[store] = _Log()
    with log.pending_lock:
        log.pending.append(ticket)
    with log.flush_lock:
        if not ticket.done:
            with log.pending_lock:
                batch, log.pending = log.pending, []
            _flush(store, log, batch)
    if ticket.error is not None:
        raise ticket.error
    return ticket.row_id


def _flush(store: Store, log: _Log, batch: list[_Ticket]) -> None:
    """Write a batch as one multi-row INSERT, committed by DuckDB as it runs (autocommit):
    one call into DuckDB per batch, since every call gives up and takes back the GIL."""
    cur = store.cursor()
    try:
        if log.last_hash is None or log.last_id is None:
            last = cur.execute(
                "SELECT id, hash FROM screening_audit ORDER BY id DESC LIMIT 1"
            ).fetchone()
            log.last_id, log.last_hash = (int(last[0]), str(last[1])) if last else (0, GENESIS)
        prev, row_id = log.last_hash, log.last_id
        params: list[Any] = []
        ids: list[int] = []
        for ticket in batch:
            entry = ticket.entry
            digest = _digest(prev, entry, ticket.queries, ticket.results)
            row_id += 1
            ids.append(row_id)
            params += [
                row_id,
                entry.at,
                entry.actor,
                entry.channel,
                entry.dataset,
                entry.list_version,
                entry.list_sha256,
                entry.threshold,
                ticket.queries,
                ticket.results,
                len(entry.queries),
                entry.match_count,
                prev,
                digest,
            ]
            prev = digest
        cur.execute(_COLUMNS_SQL + ", ".join([_ROW_SQL] * len(batch)), params)
    except BaseException as exc:
        log.last_hash = log.last_id = None  # read them again from the table next time
        for ticket in batch:
            ticket.error, ticket.done = exc, True
        return
    log.last_hash, log.last_id = prev, row_id
    for ticket, written in zip(batch, ids, strict=True):
        ticket.row_id, ticket.done = written, True


def _rows(cur: duckdb.DuckDBPyConnection, since: datetime | None) -> Iterator[dict[str, Any]]:
    sql = f"SELECT {', '.join(EXPORT_COLUMNS)} FROM screening_audit"
    params: list[Any] = []
    if since is not None:
        sql += " WHERE screened_at >= ?"
        params.append(since)
    result = cur.execute(sql + " ORDER BY id", params)
    while batch := result.fetchmany(1000):
        for row in batch:
            yield dict(zip(EXPORT_COLUMNS, row, strict=True))


def export_audit(
    cur: duckdb.DuckDBPyConnection, fmt: str = "jsonl", since: datetime | None = None
) -> Iterator[str]:
    """The log as CSV (one header line) or JSON Lines, oldest first, chunk by chunk."""
    if fmt not in ("csv", "jsonl"):
        raise InvalidInput(f"format {fmt!r} is unknown; expected csv or jsonl")
    if fmt == "csv":
        yield csv_line(EXPORT_COLUMNS, "\n")
    for row in _rows(cur, since):
        row["screened_at"] = row["screened_at"].isoformat()
        if fmt == "jsonl":
            row["queries"] = json.loads(row["queries"])
            row["results"] = json.loads(row["results"])
            yield json.dumps(row, ensure_ascii=False) + "\n"
        else:
            yield csv_line([row[c] for c in EXPORT_COLUMNS], "\n")


def verify_chain(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Recompute every hash; the first row that does not match is reported."""
    prev = GENESIS
    count = 0
    for row in _rows(cur, None):
        entry = AuditEntry(
            actor=row["actor"],
            channel=row["channel"],
            threshold=row["threshold"],
            queries=[],
            results=[],
            list_version=row["list_version"],
            list_sha256=row["list_sha256"],
            dataset=row["dataset"],
            at=row["screened_at"],
        )
        expected = _digest(prev, entry, row["queries"], row["results"])
        if row["prev_hash"] != prev or row["hash"] != expected:
            return {"ok": False, "rows": count, "first_bad_id": row["id"]}
        prev = row["hash"]
        count += 1
    return {"ok": True, "rows": count, "first_bad_id": None}
