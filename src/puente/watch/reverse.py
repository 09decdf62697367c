"""The reverse index: from a list entry to the portfolio subjects that could match it.

A full re-screen asks, for every subject, which list names share its tokens. After a list
update only a few entries are new or changed, so the question is turned around: which
subjects share tokens with those entries? Each subject name token is indexed under the same
keys the engine's own retrieval uses to find alike tokens (the token, its sound, its
consonant skeleton, its one-letter deletions, its nickname groups), and identity numbers
under their folded form. A subject is a candidate for an entry name when it shares at least
two alike tokens with it (one when either side has a single significant token), or an
identity number. Candidates are then screened against the full list index as a full
re-screen would, so scores are the same; this index only decides whom to re-screen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from puente.sanctions.records import ScreeningRecord
from puente.sanctions.screening.index import _deletes
from puente.sanctions.screening.nicknames import name_groups
from puente.sanctions.screening.normalize import fold_id, parse_name
from puente.sanctions.screening.phonetics import skeleton, sound


def _significant(text: str, person: bool) -> list[str]:
    parts = parse_name(text, comma_means_surname=person)
    tokens = [t for t, minor in zip(parts.tokens, parts.minor, strict=True) if not minor]
    tokens = [t for t in tokens if len(t) >= 2] or [t for t in parts.tokens if len(t) >= 2]
    return list(dict.fromkeys(tokens))


@lru_cache(maxsize=200_000)
def _keys(token: str) -> frozenset[str]:
    return frozenset(_token_keys(token))


def _token_keys(token: str) -> set[str]:
    keys = {"t:" + token}
    if token.isdigit():
        return keys
    keys.add("s:" + sound(token))
    sk = skeleton(token)
    if len(sk) >= 2:
        keys.add("k:" + sk)
    if len(token) >= 4:
        keys.add("d:" + token)
        keys.update("d:" + d for d in _deletes(token))
    keys.update("g:" + g for g in name_groups(token))
    return keys


def _lookups(token: str) -> frozenset[str]:
    """The keys under which subject tokens alike to `token` are filed."""
    return _keys(token)


class ReverseIndex:
    """Subjects (by position) filed under the keys of their name tokens and their ids."""

    def __init__(self, names: Iterable[tuple[str, str | None, str | None]]) -> None:
        """`names`: (name, type, id number) per subject, in position order."""
        postings: dict[str, set[int]] = defaultdict(set)
        ids: dict[str, set[int]] = defaultdict(set)
        self.sizes: list[int] = []
        for position, (name, subject_type, id_number) in enumerate(names):
            tokens = _significant(name, subject_type in (None, "individual"))
            # Subjects of unknown type are read both ways (a comma may or may not mean
            # "surname, given names").
            if subject_type is None:
                tokens = list(dict.fromkeys(tokens + _significant(name, False)))
            self.sizes.append(len(tokens))
            for token in tokens:
                for key in _keys(token):
                    postings[key].add(position)
            folded = fold_id(id_number) if id_number else ""
            if len(folded) >= 5:
                ids[folded].add(position)
        self._postings = {k: frozenset(v) for k, v in postings.items()}
        self._ids = {k: frozenset(v) for k, v in ids.items()}

    def __len__(self) -> int:
        return len(self.sizes)

    def candidates(self, records: Iterable[ScreeningRecord]) -> set[int]:
        """Positions of the subjects that could match any name or id of `records`."""
        found: set[int] = set()
        empty: frozenset[int] = frozenset()
        for record in records:
            person = record.entity_type == "individual"
            for name in record.names:
                tokens = _significant(name.text, person)
                hits: list[set[int]] = []
                for token in tokens:
                    hit: set[int] = set()
                    for key in _lookups(token):
                        hit |= self._postings.get(key, empty)
                    hits.append(hit)
                if len(hits) == 1:
                    found |= hits[0]
                    continue
                counts: dict[int, int] = defaultdict(int)
                for hit in hits:
                    for position in hit:
                        counts[position] += 1
                found.update(p for p, n in counts.items() if n >= 2 or self.sizes[p] <= 1)
            for number in record.id_numbers:
                folded = fold_id(number)
                if len(folded) >= 5:
                    found |= self._ids.get(folded, empty)
        return found
