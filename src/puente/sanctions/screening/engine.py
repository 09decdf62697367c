"""The screening index: built once per list version, then `screen` answers queries."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence

import structlog

from puente.errors import InvalidInput
from puente.sanctions.records import ScreeningRecord
from puente.sanctions.screening.compare import (
    NameComparison,
    PreparedName,
    compare_names,
    token_similarity,
)
from puente.sanctions.screening.evidence import apply_evidence
from puente.sanctions.screening.explain import explanation_text, name_parts
from puente.sanctions.screening.index import NameIndex
from puente.sanctions.screening.magic import WEIGHTS
from puente.sanctions.screening.normalize import fold_id, join_spaced_letters, parse_name
from puente.sanctions.screening.query import CheckedQuery, Match, Query, validate_query

log = structlog.get_logger(__name__)

DEFAULT_THRESHOLD = 0.8
MIN_SCORE = 0.5
"""Candidates scoring below this are not returned at all (they are not near misses)."""
CANDIDATES = 12
"""List names compared in full per query, after retrieval ranks them."""


class ScreeningIndex:
    """Every name of one list version, indexed for screening."""

    def __init__(
        self,
        records: list[ScreeningRecord],
        names: NameIndex,
        list_version: str,
        build_seconds: float,
    ) -> None:
        self.records = records
        self.names = names
        self.list_version = list_version
        self.build_seconds = build_seconds
        ids: dict[str, set[int]] = defaultdict(set)
        self._names_of: dict[int, list[int]] = defaultdict(list)
        for nid, listed in enumerate(names.names):
            self._names_of[listed.entity].append(nid)
        for pos, record in enumerate(records):
            for number in record.id_numbers:
                folded = fold_id(number)
                if len(folded) >= 5:
                    ids[folded].add(pos)
        self._ids = {k: frozenset(v) for k, v in ids.items()}

    @classmethod
    def build(cls, records: Iterable[ScreeningRecord], list_version: str) -> ScreeningIndex:
        """Index the names of every record (primary names and aliases)."""
        started = time.perf_counter()
        kept = [r for r in records if r.names]
        rows = []
        for pos, record in enumerate(kept):
            person = record.entity_type == "individual"
            seen: set[tuple[str, ...]] = set()
            for name in record.names:
                parts = parse_name(name.text, comma_means_surname=person)
                if not parts.tokens or parts.tokens in seen:
                    continue
                seen.add(parts.tokens)
                rows.append((pos, name.text, name.kind, parts, person))
        index = cls(kept, NameIndex(rows), list_version, time.perf_counter() - started)
        log.info(
            "screening.index_built",
            list_version=list_version,
            entities=len(kept),
            names=len(rows),
            seconds=round(index.build_seconds, 2),
        )
        return index

    def __len__(self) -> int:
        return len(self.records)

    def _prepare(self, checked: CheckedQuery) -> list[PreparedName]:
        """The query as written and, if it has letters spaced apart, as they spell."""
        parts = parse_name(checked.query.name, comma_means_surname=True)
        person = checked.entity_type in (None, "individual")
        readings = [self.names.prepare(parts, person, query=True)]
        joined = join_spaced_letters(checked.query.name, WEIGHTS.join.letter_run)
        if joined is not None:
            spelled = parse_name(joined, comma_means_surname=True)
            readings.append(self.names.prepare(spelled, person, query=True))
        return readings

    def screen(
        self, query: Query, threshold: float = DEFAULT_THRESHOLD, limit: int = 5
    ) -> list[Match]:
        """The best entries for a query, best first; `match` is score >= threshold.

        Raises InvalidInput if the query cannot be screened (see `validate_query`).
        """
        if not 0.0 <= threshold <= 1.0:
            raise InvalidInput(f"threshold {threshold} is not between 0 and 1")
        if limit < 1:
            raise InvalidInput("limit must be at least 1")
        checked = validate_query(query)
        best: dict[int, tuple[NameComparison, int]] = {}
        known = self.names.known_names
        for reading, prepared in enumerate(self._prepare(checked)):
            nids = self.names.candidates(prepared, CANDIDATES)
            if reading == 0 and checked.id_number and checked.id_number in self._ids:
                for pos in self._ids[checked.id_number]:
                    nids.extend(self._names_of[pos])
            similarity = self._similarity(prepared)
            for nid in nids:
                listed = self.names.names[nid]
                comparison = compare_names(prepared, listed.prepared, similarity, known)
                held = best.get(listed.entity)
                if held is None or comparison.score > held[0].score:
                    best[listed.entity] = (comparison, nid)
        scored = []
        for pos, (comparison, nid) in best.items():
            record = self.records[pos]
            score, evidence = apply_evidence(comparison.score, checked, record)
            if score >= min(MIN_SCORE, threshold):
                scored.append((-round(score, 3), record.entity_id, pos, nid, comparison, evidence))
        scored.sort(key=lambda s: (s[0], s[1]))
        matches = []
        for neg, _, pos, nid, comparison, evidence in scored[:limit]:
            record = self.records[pos]
            parts = name_parts(comparison) + evidence
            matches.append(
                Match(
                    entity_id=record.entity_id,
                    name=self.names.names[nid].text,
                    score=-neg,
                    match=-neg >= threshold,
                    programs=record.programs,
                    explanation=explanation_text(parts),
                    entity_type=record.entity_type,
                    name_score=round(comparison.score, 3),
                    parts=tuple(parts),
                )
            )
        return matches

    def screen_many(
        self, queries: Sequence[Query], threshold: float = DEFAULT_THRESHOLD, limit: int = 5
    ) -> list[list[Match] | InvalidInput]:
        """Screen a batch; a query that cannot be screened gives its InvalidInput in its
        place, and the batch goes on."""
        out: list[list[Match] | InvalidInput] = []
        for query in queries:
            try:
                out.append(self.screen(query, threshold=threshold, limit=limit))
            except InvalidInput as exc:
                out.append(exc)
        return out

    def _similarity(self, query: PreparedName):  # type: ignore[no-untyped-def]
        given = self.names.known_names
        expansions = [
            self.names.expansion(t) if len(t) >= 2 and not m else None
            for t, m in zip(query.tokens, query.minor, strict=True)
        ]
        tokens = query.tokens

        def similarity(i: int, other: str) -> tuple[float, str]:
            found = expansions[i]
            if found is not None:
                hit = found.get(other)
                if hit is not None:
                    return hit
                if len(other) > 1:
                    return 0.0, ""
            return token_similarity(tokens[i], other, given)

        return similarity
