"""A screening receipt: one audit record as a compliance file keeps it.

Who screened, when, through which channel, against which list versions, at which threshold,
what was asked and what was answered, and the record's place in the keyed hash chain (its hash,
the previous record's, and whether the hash is the one the server's secret gives for the
record as stored). A screener sees the receipts of their own screenings; an admin sees every
one; anyone else is told there is no such record (a receipt holds the names screened).
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from puente.auth import Actor, role_allows
from puente.errors import NotFound
from puente.sanctions.auditchain import CHAIN, row_digest
from puente.state import State


@dataclass(frozen=True, slots=True)
class ListUsed:
    dataset: str
    version: int | None
    sha256: str | None


@dataclass(frozen=True, slots=True)
class Receipt:
    id: int
    screened_at: datetime
    actor: str
    channel: str
    threshold: float
    lists: tuple[ListUsed, ...]
    list_sha256: str | None
    """The one list's sha256, or the digest of every list version's (several lists)."""
    queries: list[dict[str, Any]]
    results: list[dict[str, Any]]
    query_count: int
    match_count: int
    hash: str
    prev_hash: str
    chain: str
    hash_ok: bool | None
    """The stored hash is the server's HMAC of the record (None: a legacy, unkeyed row)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "screened_at": self.screened_at.astimezone(UTC).isoformat(),
            "actor": self.actor,
            "channel": self.channel,
            "threshold": self.threshold,
            "lists": [
                {"dataset": u.dataset, "version": u.version, "sha256": u.sha256} for u in self.lists
            ],
            "list_sha256": self.list_sha256,
            "queries": self.queries,
            "results": self.results,
            "query_count": self.query_count,
            "match_count": self.match_count,
            "hash": self.hash,
            "prev_hash": self.prev_hash,
            "chain": self.chain,
            "hash_ok": self.hash_ok,
        }


def _lists(dataset: str, version: int | None, sha256: str | None) -> tuple[ListUsed, ...]:
    """The list versions an audit row names: one list, or "ofac-sdn@3,un-sc-consolidated@1"."""
    if "@" not in dataset:
        return (ListUsed(dataset, version, sha256),)
    used = []
    for part in dataset.split(","):
        name, _, number = part.partition("@")
        used.append(ListUsed(name, int(number) if number.isdigit() else None, None))
    return tuple(used)


def screening_receipt(state: State, row_id: int, actor: Actor) -> Receipt:
    """The receipt of audit record `row_id`, for `actor`; NotFound when there is none or it
    is not theirs to see."""
    row = state.store.audit_row(row_id)
    if row is None or not (role_allows(actor.role, "admin") or row.actor == actor.label):
        raise NotFound(f"no screening record {row_id} of yours")
    hash_ok = None
    if row.chain == CHAIN:
        hash_ok = hmac.compare_digest(row_digest(state.secret, row), row.hash)
    queries = json.loads(row.queries)
    results = json.loads(row.results)
    return Receipt(
        id=row.id,
        screened_at=row.screened_at,
        actor=row.actor,
        channel=row.channel,
        threshold=float(row.threshold),
        lists=_lists(row.dataset, row.list_version, row.list_sha256),
        list_sha256=row.list_sha256,
        queries=queries if isinstance(queries, list) else [],
        results=results if isinstance(results, list) else [],
        query_count=row.query_count,
        match_count=row.match_count,
        hash=row.hash,
        prev_hash=row.prev_hash,
        chain=row.chain,
        hash_ok=hash_ok,
    )
