"""Screening a batch against several list indexes, without the store: the one code the three
batch engines share (in process, the job worker process, Spark's executors).

Each query is screened against every list's index; the candidates are merged best first (as
puente.sanctions.multilist merges a single screening's), and a row keeps every candidate that
alerts (score at or above the threshold), or its best one when none does. The answer has
`screen_queries`'s shape, plus `audit_queries` and `audit_results` for the caller to record
(a worker process, which cannot write the audit log, sends them to the server that can).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from puente.errors import InvalidInput
from puente.sanctions.screener import MAX_LIMIT, QUERY_FIELDS, to_engine_query

FIRST_LIMIT = 3
"""Candidates asked of each list first; a query whose candidates all alert is asked again for
up to MAX_LIMIT, so that every alerting candidate is kept."""


@dataclass(frozen=True, slots=True)
class ListIndex:
    """One list version's screening index, and what a result row says of it."""

    dataset: str
    version: int
    sha256: str
    index: Any
    """A puente.sanctions.screening.ScreeningIndex."""

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.dataset, self.version, self.sha256)


@dataclass(frozen=True, slots=True)
class ListParts:
    """A ListIndex as it travels to another process: the index's flat parts."""

    dataset: str
    version: int
    sha256: str
    parts: Mapping[str, bytes]

    @classmethod
    def of(cls, held: ListIndex) -> ListParts:
        return cls(
            held.dataset,
            held.version,
            held.sha256,
            {name: bytes(data) for name, data in held.index.parts.items()},
        )

    def load(self) -> ListIndex:
        from puente.sanctions.screening import ScreeningIndex

        return ListIndex(
            self.dataset, self.version, self.sha256, ScreeningIndex.from_parts(self.parts)
        )


def audit_label(lists: Sequence[ListIndex]) -> tuple[str, int | None, str | None]:
    """The audit row's dataset, list_version and list_sha256, as
    puente.sanctions.multilist.audit_label makes them: the one list as before, or every list
    version ("ofac-sdn@3,un-sc-consolidated@1") and a digest of their hashes."""
    if len(lists) == 1:
        return lists[0].dataset, lists[0].version, lists[0].sha256
    label = ",".join(f"{h.dataset}@{h.version}" for h in lists)
    digest = hashlib.sha256("\n".join(f"{label}:{h.sha256}" for h in lists).encode())
    return label, None, digest.hexdigest()


def echo_query(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A query as the answer and the audit log echo it (its non-empty fields)."""
    return {k: raw.get(k) for k in QUERY_FIELDS if raw.get(k) not in (None, "")}


def _screen_one_list(
    held: ListIndex, engine_queries: list[Any], threshold: float
) -> list[list[dict[str, Any]] | InvalidInput]:
    index = held.index
    answers = index.screen_many(engine_queries, threshold=threshold, limit=FIRST_LIMIT)
    out: list[list[dict[str, Any]] | InvalidInput] = []
    for query, answer in zip(engine_queries, answers, strict=True):
        if isinstance(answer, InvalidInput):
            out.append(answer)
            continue
        if len(answer) == FIRST_LIMIT and all(m.match for m in answer):
            answer = index.screen(query, threshold=threshold, limit=MAX_LIMIT)
        found = []
        for match in answer:
            item = match.as_dict()
            item["primary_name"] = index.primary_name(str(item["entity_id"])) or item["name"]
            item["dataset"] = held.dataset
            item["list_version"] = held.version
            found.append(item)
        out.append(found)
    return out


def keep_candidates(matches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Best first; every alerting candidate, or the best one when none alerts."""
    merged = sorted(matches, key=lambda m: (-float(m["score"]), m["dataset"], str(m["entity_id"])))
    alerting = [m for m in merged if m["match"]]
    return alerting or merged[:1]


def screen_unaudited(
    lists: Sequence[ListIndex], queries: list[dict[str, Any]], threshold: float
) -> dict[str, Any]:
    """Every query screened against every list, shaped as `screen_queries` answers, with
    what the caller records in the audit log."""
    engine_queries = [to_engine_query(q) for q in queries]
    per_query: list[list[dict[str, Any]]] = [[] for _ in queries]
    errors: list[str | None] = [None] * len(queries)
    for held in lists:
        for position, answer in enumerate(_screen_one_list(held, engine_queries, threshold)):
            if isinstance(answer, InvalidInput):
                errors[position] = answer.detail
            else:
                per_query[position].extend(answer)
    results: list[dict[str, Any]] = []
    audited: list[dict[str, Any]] = []
    for raw, found, error in zip(queries, per_query, errors, strict=True):
        echo = echo_query(raw)
        if error is not None:
            results.append({"query": echo, "matches": [], "error": error})
            audited.append({"error": error, "matches": []})
            continue
        kept = keep_candidates(found)
        results.append({"query": echo, "matches": kept})
        audited.append(
            {
                "matches": [
                    {
                        "dataset": m["dataset"],
                        "list_version": m["list_version"],
                        "entity_id": m["entity_id"],
                        "name": m["name"],
                        "score": m["score"],
                        "match": m["match"],
                    }
                    for m in kept
                ]
            }
        )
    return {
        "results": results,
        "audit_queries": [echo_query(q) for q in queries],
        "audit_results": audited,
    }
