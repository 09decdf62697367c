"""Candidate retrieval: an inverted index of list-name tokens, reached from a query token by
its exact form, its sound, its consonant skeleton, its one-letter deletions (typos) and the
nickname table. A query never scans every list name: it looks up its own tokens, keeps the
names that share at least two of them (or one, for one-word queries) and ranks those.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat

from puente.sanctions.screening.compare import (
    MIN_TOKEN_SCORE,
    PreparedName,
    joined_spans,
    token_similarity,
)
from puente.sanctions.screening.magic import WEIGHTS
from puente.sanctions.screening.nicknames import formal_words, name_groups
from puente.sanctions.screening.normalize import GIVEN, PARTICLES, SURNAME, NameParts
from puente.sanctions.screening.phonetics import skeleton, sound

_W = WEIGHTS.index
MINOR_WEIGHT = _W.minor
INITIAL_WEIGHT = _W.initial
_CACHE_LIMIT = 50_000
_RARE_FORM = 300
_RETRIEVAL_ONLY = 0.85
"""Hit score for a list token reached only through a multi-word formal name (Chema -> JOSE,
MARIA): good enough to retrieve the name; the comparer then scores the joined pair."""


@dataclass(frozen=True, slots=True)
class ListName:
    entity: int
    """Position of the record in the index."""
    text: str
    kind: str
    prepared: PreparedName
    size: int
    """Number of significant tokens (ranking prefers names no longer than needed)."""


def _deletes(token: str) -> list[str]:
    return [token[:i] + token[i + 1 :] for i in range(len(token))]


class NameIndex:
    """Tokens of every list name, with the lookups that find them from a query token."""

    def __init__(self, parsed: Iterable[tuple[int, str, str, NameParts, bool]]) -> None:
        rows = list(parsed)
        df: dict[str, int] = defaultdict(int)
        given_count: dict[str, int] = defaultdict(int)
        surname_count: dict[str, int] = defaultdict(int)
        for _, _, _, parts, _ in rows:
            for token in set(parts.tokens):
                df[token] += 1
            for token, role in zip(parts.tokens, parts.roles, strict=True):
                if role == GIVEN:
                    given_count[token] += 1
                if role == SURNAME:
                    surname_count[token] += 1
        self.size = max(len(rows), 1)
        self._df = dict(df)
        self._ref = math.log(self.size / _W.rare_names) if self.size > 2 * _W.rare_names else 1.0
        self._log_size = math.log(max(self.size, 2))
        seen = _W.known_name_count
        self.given_names = frozenset(t for t, n in given_count.items() if n >= seen)
        self.known_names = self.given_names | frozenset(
            t for t, n in surname_count.items() if n >= seen and len(t) > 3
        )
        """Tokens seen at least three times as a given name or surname on the list."""

        self.names: list[ListName] = []
        postings: dict[str, list[int]] = defaultdict(list)
        for nid, (entity, text, kind, parts, person) in enumerate(rows):
            prepared = self.prepare(parts, person)
            self.names.append(
                ListName(entity, text, kind, prepared, sum(1 for m in parts.minor if not m))
            )
            for token in set(parts.tokens):
                postings[token].append(nid)
        self.postings = dict(postings)
        self._size_penalty = [_W.size_penalty * n.size for n in self.names]

        by_sound: dict[str, set[str]] = defaultdict(set)
        by_skeleton: dict[str, set[str]] = defaultdict(set)
        by_delete: dict[str, set[str]] = defaultdict(set)
        by_group: dict[str, set[str]] = defaultdict(set)
        for token in self.postings:
            if len(token) < 2 or token.isdigit():
                continue
            by_sound[sound(token)].add(token)
            sk = skeleton(token)
            if len(sk) >= 2:
                by_skeleton[sk].add(token)
            if len(token) >= 4:
                by_delete[token].add(token)
                for d in _deletes(token):
                    by_delete[d].add(token)
            for group in name_groups(token):
                by_group[group].add(token)
        self._by_sound = {k: frozenset(v) for k, v in by_sound.items()}
        self._by_skeleton = {k: frozenset(v) for k, v in by_skeleton.items()}
        self._by_delete = {k: frozenset(v) for k, v in by_delete.items()}
        self._by_group = {k: frozenset(v) for k, v in by_group.items()}
        self._expansions: dict[str, dict[str, tuple[float, str]]] = {}
        self._hits: dict[str, dict[int, float]] = {}

    def weight(self, token: str, minor: bool) -> float:
        """Rarer tokens weigh more: 1.0 for a token in at most ~20 names, down to 0.3."""
        if minor:
            return MINOR_WEIGHT
        if len(token) == 1:
            return INITIAL_WEIGHT
        df = self._df.get(token, 0)
        if df <= _W.rare_names:
            return 1.0
        return max(_W.floor, min(1.0, math.log(self.size / df) / self._ref))

    def prepare(self, parts: NameParts, person: bool, query: bool = False) -> PreparedName:
        given_like = (
            tuple(t in self.given_names or bool(name_groups(t)) for t in parts.tokens)
            if query
            else ()
        )
        unknown = (
            tuple(
                not m and len(t) > 1 and t not in self.postings
                for t, m in zip(parts.tokens, parts.minor, strict=True)
            )
            if query
            else ()
        )
        return PreparedName(
            given_like=given_like,
            unknown=unknown,
            joins=joined_spans(parts.tokens) if len(parts.tokens) > 1 else {},
            idf=()
            if query
            else tuple(
                math.log(self.size / max(self._df.get(t, 1), 1)) / self._log_size
                for t in parts.tokens
            ),
            tokens=parts.tokens,
            roles=parts.roles,
            weights=tuple(
                self.weight(t, m) for t, m in zip(parts.tokens, parts.minor, strict=True)
            ),
            minor=parts.minor,
            display=parts.display,
            person=person,
        )

    def expansion(self, token: str) -> dict[str, tuple[float, str]]:
        """List tokens alike to a query token, each with its similarity and kind (cached)."""
        found = self._expansions.get(token)
        if found is not None:
            return found
        near: set[str] = set()
        if token in self.postings:
            near.add(token)
        if len(token) >= 2 and not token.isdigit():
            near |= self._by_sound.get(sound(token), frozenset())
            sk = skeleton(token)
            if len(sk) >= 2:
                near |= self._by_skeleton.get(sk, frozenset())
            if len(token) >= 4:
                near |= self._by_delete.get(token, frozenset())
                for d in _deletes(token):
                    near |= self._by_delete.get(d, frozenset())
            for group in name_groups(token):
                near |= self._by_group.get(group, frozenset())
        found = {}
        for other in near:
            score, kind = token_similarity(token, other, self.known_names)
            if score >= MIN_TOKEN_SCORE:
                found[other] = (score, kind)
        if len(self._expansions) > _CACHE_LIMIT:
            self._expansions.clear()
        self._expansions[token] = found
        return found

    def hits(self, token: str) -> dict[int, float]:
        """Names holding a token alike to `token`, with the best similarity (cached)."""
        found = self._hits.get(token)
        if found is not None:
            return found
        found = {}
        scored = dict(self.expansion(token))
        for group in name_groups(token):
            for word in formal_words(group):
                if word not in scored and word in self.postings:
                    scored[word] = (_RETRIEVAL_ONLY, "")
        for other, (score, _) in scored.items():
            for nid in self.postings[other]:
                if found.get(nid, 0.0) < score:
                    found[nid] = score
        if len(self._hits) > _CACHE_LIMIT // 5:
            self._hits.clear()
        self._hits[token] = found
        return found

    def candidates(self, query: PreparedName, limit: int) -> list[int]:
        """Up to `limit` list names most worth comparing with the query, best first."""
        idx = [i for i, t in enumerate(query.tokens) if not query.minor[i] and len(t) >= 2] or [
            i for i, t in enumerate(query.tokens) if len(t) >= 2
        ]
        if not idx:
            return []
        hits = [self.hits(query.tokens[i]) for i in idx]
        weights = [query.weights[i] for i in idx]
        # A short company form that is also a rare list word (PAO is a Russian company form
        # and a Chinese surname) still helps to rank: exact hits only.
        for i, t in enumerate(query.tokens):
            if i not in idx and query.minor[i] and t not in PARTICLES:
                found = self.postings.get(t, ())
                if 0 < len(found) <= _RARE_FORM:
                    hits.append(dict.fromkeys(found, 1.0))
                    weights.append(query.weights[i])
        pool: set[int] = set()
        if len(hits) >= 2:
            for a in range(len(hits)):
                for b in range(a + 1, len(hits)):
                    pool |= hits[a].keys() & hits[b].keys()
        if not pool:
            for h in hits:
                pool |= h.keys()
        pool_list = list(pool)
        zeros = repeat(0.0)
        columns = [
            [x * w for x in map(h.get, pool_list, zeros)]
            if w != 1.0
            else list(map(h.get, pool_list, zeros))
            for h, w in zip(hits, weights, strict=True)
        ]
        penalties = map(self._size_penalty.__getitem__, pool_list)
        ranked = [
            sum(col) - pen for col, pen in zip(zip(*columns, strict=True), penalties, strict=True)
        ]
        best = heapq.nlargest(limit, zip(ranked, pool_list, strict=True))
        return [nid for _, nid in best]
