"""Candidate retrieval: an inverted index of list-name tokens, reached from a query token by
its exact form, its sound, its consonant skeleton, its one-letter deletions (typos) and the
nickname table. A query never scans every list name: it looks up its own tokens, keeps the
names that share at least two of them (or one, for one-word queries) and ranks those.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import overload

from puente.sanctions.screening.compare import (
    MIN_TOKEN_SCORE,
    PreparedName,
    joined_spans,
    letter_runs,
    token_similarity,
)
from puente.sanctions.screening.magic import WEIGHTS
from puente.sanctions.screening.nicknames import TABLE_NAMES, formal_words, name_groups
from puente.sanctions.screening.normalize import GIVEN, PARTICLES, SURNAME, WORD, NameParts
from puente.sanctions.screening.packed import Texts, TokenMap, ints, ints_from
from puente.sanctions.screening.phonetics import pinyin_name, skeleton, sound

_W = WEIGHTS.index
MINOR_WEIGHT = _W.minor
INITIAL_WEIGHT = _W.initial
_CACHE_LIMIT = 50_000
_RARE_FORM = 300
_RARE_POOL = 30
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


Row = tuple[int, str, str, NameParts, bool]
"""(record position, name text, name kind, parsed name, is a person)."""

_ROLES = (SURNAME, GIVEN, WORD)


def _deletes(token: str) -> list[str]:
    return [token[:i] + token[i + 1 :] for i in range(len(token))]


def _acronyms(tokens: tuple[str, ...]) -> list[str]:
    """Runs of one-letter tokens written as one word (J P MORGAN -> JP): a query writing
    the acronym finds the name through it."""
    return ["".join(tokens[a:b]) for a, b in letter_runs(tokens)]


def _transpositions(token: str) -> list[str]:
    return [token[:i] + token[i + 1] + token[i] + token[i + 2 :] for i in range(len(token) - 1)]


def pack_names(rows: Iterable[Row]) -> dict[str, bytes]:
    """The parts of a `NameIndex` (see packed.py): every token of every name, with the
    lookups from a sound, a consonant skeleton, a one-letter deletion or a nickname group."""
    rows = list(rows)
    postings: dict[str, list[int]] = defaultdict(list)
    given_count: dict[str, int] = defaultdict(int)
    surname_count: dict[str, int] = defaultdict(int)
    for nid, (_, _, _, parts, _) in enumerate(rows):
        for token in set(parts.tokens) | set(_acronyms(parts.tokens)):
            postings[token].append(nid)
        for token, role in zip(parts.tokens, parts.roles, strict=True):
            if role == GIVEN:
                given_count[token] += 1
            if role == SURNAME:
                surname_count[token] += 1
    vocab = sorted(postings)
    vid = {t: i for i, t in enumerate(vocab)}
    by_sound: dict[str, set[int]] = defaultdict(set)
    by_skeleton: dict[str, set[int]] = defaultdict(set)
    by_delete: dict[str, set[int]] = defaultdict(set)
    by_group: dict[str, set[int]] = defaultdict(set)
    for token, i in vid.items():
        if len(token) < 2 or token.isdigit():
            continue
        by_sound[sound(token)].add(i)
        sk = skeleton(token)
        if len(sk) >= 2:
            by_skeleton[sk].add(i)
        if len(token) >= 4:
            by_delete[token].add(i)
            for d in _deletes(token):
                by_delete[d].add(i)
        for group in name_groups(token):
            by_group[group].add(i)
    seen = _W.known_name_count
    given = [vid[t] for t, n in given_count.items() if n >= seen]
    known = [vid[t] for t, n in surname_count.items() if n >= seen and len(t) > 3]
    off, tok = ints([0]), ints()
    role_codes, minor_flags = bytearray(), bytearray()
    display: list[str] = []
    for _, _, _, parts, _ in rows:
        tok.extend(vid[t] for t in parts.tokens)
        role_codes.extend(_ROLES.index(r) for r in parts.roles)
        minor_flags.extend(parts.minor)
        display.extend(parts.display)
        off.append(len(tok))
    parts_out: dict[str, bytes] = {
        **TokenMap.build(postings).dump("postings"),
        **TokenMap.build(by_sound).dump("sound"),
        **TokenMap.build(by_skeleton).dump("skeleton"),
        **TokenMap.build(by_delete).dump("delete"),
        **TokenMap.build(by_group).dump("group"),
        "given": ints(sorted(given)).tobytes(),
        "known": ints(sorted(set(given) | set(known))).tobytes(),
        "name.entity": ints(r[0] for r in rows).tobytes(),
        "name.person": bytes(r[4] for r in rows),
        **Texts.build(r[1] for r in rows).dump("name.text"),
        **Texts.build(r[2] for r in rows).dump("name.kind"),
        "name.size": ints(len(parts.significant) for _, _, _, parts, _ in rows).tobytes(),
        "name.off": off.tobytes(),
        "name.tok": tok.tobytes(),
        "name.role": bytes(role_codes),
        "name.minor": bytes(minor_flags),
        **Texts.build(display).dump("name.display"),
    }
    return parts_out


class _Names(Sequence[ListName]):
    """The list names, each made ready for comparison when first asked for."""

    def __init__(self, index: NameIndex, parts: Mapping[str, bytes]) -> None:
        self._index = index
        self.entity = ints_from(parts["name.entity"])
        self.person = parts["name.person"]
        self._text = Texts.load(parts, "name.text")
        self._kind = Texts.load(parts, "name.kind")
        self._off = ints_from(parts["name.off"])
        self._tok = ints_from(parts["name.tok"])
        self._role = parts["name.role"]
        self._minor = parts["name.minor"]
        self._display = Texts.load(parts, "name.display")
        self.sizes = ints_from(parts["name.size"])
        n = len(self.entity)
        if not (
            len(self.person) == len(self._text) == len(self._kind) == n
            and len(self._off) == n + 1
            and len(self._tok) == len(self._role) == len(self._minor) == len(self._display)
            and (self._off[-1] if n else 0) == len(self._tok)
            and len(self.sizes) == n
        ):
            raise ValueError("name parts do not agree in length")
        self._made: list[ListName | None] = [None] * n
        self._roles: dict[bytes, tuple[str, ...]] = {}
        self._minors: dict[bytes, tuple[bool, ...]] = {}

    def parts(self, nid: int) -> NameParts:
        a, b = self._off[nid], self._off[nid + 1]
        key = self._index.postings.key
        return NameParts(
            tokens=tuple(map(key, self._tok[a:b])),
            roles=tuple(_ROLES[r] for r in self._role[a:b]),
            minor=tuple(bool(m) for m in self._minor[a:b]),
            display=tuple(self._display[a:b]),
        )

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, nid: int) -> ListName: ...
    @overload
    def __getitem__(self, nid: slice) -> Sequence[ListName]: ...
    def __getitem__(self, nid: int | slice) -> ListName | Sequence[ListName]:
        if isinstance(nid, slice):
            return [self[i] for i in range(*nid.indices(len(self)))]
        made = self._made[nid]
        if made is None:
            made = ListName(
                self.entity[nid],
                self._text[nid],
                self._kind[nid],
                self._prepared(nid),
                self.sizes[nid],
            )
            self._made[nid] = made
        return made

    def _prepared(self, nid: int) -> PreparedName:
        """`NameIndex.prepare(self.parts(nid), person)`, from per-token parts kept by token
        id (its text, weight and idf are worked out once per list token, not per name)."""
        a, b = self._off[nid], self._off[nid + 1]
        vocab = self._index.vocab
        info = [vocab(v) for v in self._tok[a:b]]
        tokens = tuple(t for t, _, _ in info)
        role_codes, minor_flags = self._role[a:b], self._minor[a:b]
        roles = self._roles.get(role_codes)
        if roles is None:
            roles = self._roles[role_codes] = tuple(_ROLES[r] for r in role_codes)
        minor = self._minors.get(minor_flags)
        if minor is None:
            minor = self._minors[minor_flags] = tuple(bool(m) for m in minor_flags)
        return PreparedName(
            given_like=(),
            unknown=(),
            joins=joined_spans(tokens) if len(tokens) > 1 else {},
            idf=tuple(idf for _, _, idf in info),
            tokens=tokens,
            roles=roles,
            weights=tuple(
                MINOR_WEIGHT if m else w for (_, w, _), m in zip(info, minor, strict=True)
            ),
            minor=minor,
            display=self._display.run(a, b),
            person=bool(self.person[nid]),
            pinyin=pinyin_name(tuple(t for t, m in zip(tokens, minor, strict=True) if not m)),
            nickname=False,
        )


class NameIndex:
    """Tokens of every list name, with the lookups that find them from a query token."""

    def __init__(self, parsed: Iterable[Row] | Mapping[str, bytes]) -> None:
        """From parsed names (`Row`s), or from the parts `pack_names` made of them."""
        parts = parsed if isinstance(parsed, Mapping) else pack_names(parsed)
        self.parts: Mapping[str, bytes] = parts
        self.postings = TokenMap.load(parts, "postings")
        self._by_sound = TokenMap.load(parts, "sound")
        self._by_skeleton = TokenMap.load(parts, "skeleton")
        self._by_delete = TokenMap.load(parts, "delete")
        self._by_group = TokenMap.load(parts, "group")
        key = self.postings.key
        self.given_names = frozenset(map(key, ints_from(parts["given"])))
        self.known_names = frozenset(map(key, ints_from(parts["known"]))) | TABLE_NAMES
        """Tokens seen at least three times as a given name or surname on the list, and the
        given names of the nickname table (CHRISTINA is not CHRISTIAN misspelled)."""
        self.names = _Names(self, parts)
        self.size = max(len(self.names), 1)
        self._ref = math.log(self.size / _W.rare_names) if self.size > 2 * _W.rare_names else 1.0
        self._log_size = math.log(max(self.size, 2))
        self._size_penalty = [_W.size_penalty * n for n in self.names.sizes]
        self._expansions: dict[str, dict[str, tuple[float, str]]] = {}
        self._hits: dict[str, dict[int, float]] = {}
        self._weights: dict[str, float] = {}
        self._idfs: dict[str, float] = {}
        self._vocab: list[tuple[str, float, float] | None] = [None] * len(self.postings)

    def vocab(self, vid: int) -> tuple[str, float, float]:
        """A list token by its id: (token, weight when not minor, idf), kept once made."""
        found = self._vocab[vid]
        if found is None:
            token = self.postings.key(vid)
            found = self._vocab[vid] = (token, self.weight(token, False), self._idf(token))
        return found

    def weight(self, token: str, minor: bool) -> float:
        """Rarer tokens weigh more: 1.0 for a token in at most ~20 names, down to 0.3."""
        if minor:
            return MINOR_WEIGHT
        if len(token) == 1:
            return INITIAL_WEIGHT
        found = self._weights.get(token)
        if found is not None:
            return found
        df = self.postings.count(token)
        if df <= _W.rare_names:
            found = 1.0
        else:
            found = max(_W.floor, min(1.0, math.log(self.size / df) / self._ref))
        if len(self._weights) > _CACHE_LIMIT:
            self._weights.clear()
        self._weights[token] = found
        return found

    def _idf(self, token: str) -> float:
        """log(names / names holding the token) / log(names), kept per token."""
        found = self._idfs.get(token)
        if found is None:
            found = math.log(self.size / max(self.postings.count(token), 1)) / self._log_size
            if len(self._idfs) > _CACHE_LIMIT:
                self._idfs.clear()
            self._idfs[token] = found
        return found

    def prepare(
        self, parts: NameParts, person: bool, query: bool = False, nickname: bool = False
    ) -> PreparedName:
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
            idf=() if query else tuple(map(self._idf, parts.tokens)),
            tokens=parts.tokens,
            roles=parts.roles,
            weights=tuple(
                self.weight(t, m) for t, m in zip(parts.tokens, parts.minor, strict=True)
            ),
            minor=parts.minor,
            display=parts.display,
            person=person,
            pinyin=pinyin_name(parts.significant),
            nickname=nickname,
        )

    def expansion(self, token: str) -> dict[str, tuple[float, str]]:
        """List tokens alike to a query token, each with its similarity and kind (cached)."""
        found = self._expansions.get(token)
        if found is not None:
            return found
        near: set[int] = set()
        own = self.postings.find(token)
        if own >= 0:
            near.add(own)
        if len(token) >= 2 and not token.isdigit():
            near.update(self._by_sound.get(sound(token)))
            sk = skeleton(token)
            if len(sk) >= 2:
                near.update(self._by_skeleton.get(sk))
            if len(token) >= 4:
                near.update(self._by_delete.get(token))
                for d in _deletes(token):
                    near.update(self._by_delete.get(d))
                    if len(d) == 3:
                        # ALLI finds ALI (three letters are not kept under deletions).
                        found_id = self.postings.find(d)
                        if found_id >= 0:
                            near.add(found_id)
            elif len(token) == 3:
                # Typos in three letters: a letter dropped from four (by_delete holds the
                # four-letter tokens under their deletions), two neighbours swapped.
                near.update(self._by_delete.get(token))
                for swapped in _transpositions(token):
                    found_id = self.postings.find(swapped)
                    if found_id >= 0:
                        near.add(found_id)
            for group in name_groups(token):
                near.update(self._by_group.get(group))
        found = {}
        for other in map(self.postings.key, near):
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
            for nid in self.postings.get(other):
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
        for acronym in _acronyms(query.tokens):
            # J. P. Morgan finds JP MORGAN (and J P MORGAN, through its acronym posting).
            found = self.postings.get(acronym)
            if found:
                hits.append(dict.fromkeys(found, 1.0))
                weights.append(1.0)
        # A short company form that is also a rare list word (PAO is a Russian company form
        # and a Chinese surname) still helps to rank: exact hits only.
        for i, t in enumerate(query.tokens):
            if i not in idx and query.minor[i] and t not in PARTICLES:
                found = self.postings.get(t)
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
        elif len(hits) >= 2:
            # The rarest query word's names are always compared, so that two words no list
            # name holds together (a form misspelled: "Obschcheestvo") cannot crowd out
            # the one name that holds the rare word.
            rarest = min(hits, key=len)
            if 0 < len(rarest) <= _RARE_POOL:
                pool |= rarest.keys()
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
        # The order of heapq.nlargest (score, then name id, both descending), sorted in C.
        best = sorted(zip(ranked, pool_list, strict=True), reverse=True)[:limit]
        return [nid for _, nid in best]
