"""The screening index: built once per list version, then `screen` answers queries."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import overload

from puente.errors import InvalidInput
from puente.logs import get_logger
from puente.sanctions.records import ScreeningName, ScreeningRecord
from puente.sanctions.screening.compare import (
    EXACT,
    NameComparison,
    PreparedName,
    compare_names,
    token_similarity,
)
from puente.sanctions.screening.evidence import apply_evidence, lowest_name_score
from puente.sanctions.screening.explain import explanation_text, name_parts
from puente.sanctions.screening.forms import canonical_forms
from puente.sanctions.screening.index import NameIndex, pack_names
from puente.sanctions.screening.magic import WEIGHTS
from puente.sanctions.screening.normalize import (
    fold_id,
    join_spaced_letters,
    nickname_query,
    number_reading,
    parse_name,
)
from puente.sanctions.screening.packed import FORMAT, Texts, TokenMap, dump_json, load_json
from puente.sanctions.screening.query import CheckedQuery, Match, Query, validate_query

log = get_logger(__name__)

DEFAULT_THRESHOLD = 0.8
MIN_SCORE = 0.5
"""Candidates scoring below this are not returned at all (they are not near misses)."""
CANDIDATES = 12
"""List names compared in full per query, after retrieval ranks them."""


class _Records(Sequence[ScreeningRecord]):
    """The list's records, each decoded when first asked for (a screening needs a dozen)."""

    def __init__(self, parts: Mapping[str, bytes]) -> None:
        self._lines = Texts.load(parts, "record.json")
        self.entity_ids = Texts.load(parts, "record.entity_id")
        if len(self._lines) != len(self.entity_ids):
            raise ValueError("record parts do not agree in length")
        self._made: dict[int, ScreeningRecord] = {}
        self._pos: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, pos: int) -> ScreeningRecord: ...
    @overload
    def __getitem__(self, pos: slice) -> Sequence[ScreeningRecord]: ...
    def __getitem__(self, pos: int | slice) -> ScreeningRecord | Sequence[ScreeningRecord]:
        if isinstance(pos, slice):
            return [self[i] for i in range(*pos.indices(len(self)))]
        made = self._made.get(pos)
        if made is None:
            made = _record(load_json(self._lines[pos].encode()))
            self._made[pos] = made
        return made

    def position(self, entity_id: str) -> int | None:
        if self._pos is None:
            self._pos = {e: i for i, e in enumerate(self.entity_ids)}
        return self._pos.get(entity_id)


def _record(value: object) -> ScreeningRecord:
    if not isinstance(value, list) or len(value) != 8:
        raise ValueError("a record is not a list of eight fields")
    entity_id, entity_type, names, programs, births, countries, ids, nationalities = value
    return ScreeningRecord(
        entity_id=str(entity_id),
        entity_type=str(entity_type),
        names=tuple(ScreeningName(str(t), str(k)) for t, k in names),
        programs=tuple(map(str, programs)),
        birth_dates=tuple(map(str, births)),
        countries=tuple(map(str, countries)),
        id_numbers=tuple(map(str, ids)),
        nationalities=tuple(map(str, nationalities)),
    )


def pack_records(records: Sequence[ScreeningRecord]) -> dict[str, bytes]:
    """The records' parts: one JSON line each, their ids, and identity document numbers."""
    ids: dict[str, set[int]] = defaultdict(set)
    for pos, record in enumerate(records):
        for number in record.id_numbers:
            folded = fold_id(number)
            if len(folded) >= 5:
                ids[folded].add(pos)
    lines = [
        dump_json(
            [
                r.entity_id,
                r.entity_type,
                [[n.text, n.kind] for n in r.names],
                list(r.programs),
                list(r.birth_dates),
                list(r.countries),
                list(r.id_numbers),
                list(r.nationalities),
            ]
        )
        for r in records
    ]
    return {
        **Texts.build(line.decode() for line in lines).dump("record.json"),
        **Texts.build(r.entity_id for r in records).dump("record.entity_id"),
        **TokenMap.build(ids).dump("ids"),
    }


def _form_is_their_name(
    checked: CheckedQuery, record: ScreeningRecord, comparison: NameComparison
) -> bool:
    """The token that made the query look like a company is this person's name: "Yu L. Pao"
    ends in PAO, a Russian company form, and PAO is the surname of PAO, Yu Liang. The query's
    type is then unknown for this entry (a person's list names carry no company forms)."""
    if checked.inferred_type != "entity" or record.entity_type != "individual":
        return False
    query = comparison.query
    return any(
        kind == EXACT
        and any(query.minor[i] and canonical_forms(query.tokens[i]) != query.tokens[i] for i in qi)
        for _, kind, qi, _ in comparison.chosen
    )


class ScreeningIndex:
    """Every name of one list version, indexed for screening.

    Made of flat parts (see packed.py): `build` makes them from the records, `from_parts`
    takes them as the store kept them; both give the same index.
    """

    def __init__(
        self, parts: Mapping[str, bytes], list_version: str, build_seconds: float = 0.0
    ) -> None:
        self.parts = parts
        self.list_version = list_version
        self.build_seconds = build_seconds
        self.names = NameIndex(parts)
        self.records = _Records(parts)
        self._ids = TokenMap.load(parts, "ids")
        self._names_of: dict[int, list[int]] | None = None

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
                readings = [parse_name(name.text, comma_means_surname=person, forms=not person)]
                numbers = None if person else number_reading(name.text)
                if numbers is not None:
                    # "FORTY-FOUR TRADING" is also read "44 TRADING".
                    readings.append(parse_name(numbers, comma_means_surname=False))
                for parts in readings:
                    if not parts.tokens or parts.tokens in seen:
                        continue
                    seen.add(parts.tokens)
                    rows.append((pos, name.text, name.kind, parts, person))
        packed = {
            "meta": dump_json({"format": FORMAT, "list_version": list_version}),
            **pack_names(rows),
            **pack_records(kept),
        }
        index = cls(packed, list_version, time.perf_counter() - started)
        log.info(
            "screening.index_built",
            list_version=list_version,
            entities=len(kept),
            names=len(rows),
            seconds=round(index.build_seconds, 2),
        )
        return index

    @classmethod
    def from_parts(cls, parts: Mapping[str, bytes]) -> ScreeningIndex:
        """An index from the parts `build` made (as the store kept them). Raises ValueError
        if they are of another format or do not fit together."""
        meta = load_json(parts["meta"]) if "meta" in parts else None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} index")
        return cls(parts, str(meta.get("list_version", "")))

    def primary_name(self, entity_id: str) -> str | None:
        """The primary name of a list entry (a match on an alias names its entry too)."""
        pos = self.records.position(entity_id)
        return None if pos is None else self.records[pos].primary_name

    def _names_of_record(self, pos: int) -> list[int]:
        if self._names_of is None:
            names_of: dict[int, list[int]] = defaultdict(list)
            for nid, entity in enumerate(self.names.names.entity):
                names_of[entity].append(nid)
            self._names_of = dict(names_of)
        return self._names_of.get(pos, [])

    def __len__(self) -> int:
        return len(self.records)

    def _prepare(self, checked: CheckedQuery) -> list[PreparedName]:
        """The query as written (without a leading title); if it has letters spaced apart,
        as they spell; if it writes numbers in words, with them as digits."""
        name = checked.name or checked.query.name
        kind = checked.entity_type or checked.inferred_type
        person = kind in (None, "individual")
        forms = checked.entity_type != "individual"
        parts = parse_name(name, comma_means_surname=True, forms=forms)
        nickname = nickname_query(parts)
        readings = [self.names.prepare(parts, person, query=True, nickname=nickname)]
        joined = join_spaced_letters(name, WEIGHTS.join.letter_run)
        if joined is not None:
            spelled = parse_name(joined, comma_means_surname=True, forms=forms)
            readings.append(self.names.prepare(spelled, person, query=True))
        numbers = None if kind == "individual" else number_reading(name)
        if numbers is not None:
            digits = parse_name(numbers, comma_means_surname=False, forms=forms)
            readings.append(self.names.prepare(digits, person, query=True))
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
        # A comparison that provably scores under what could be returned, or under the
        # score the entry already has from another of its names, is not finished.
        needed = lowest_name_score(min(MIN_SCORE, threshold), checked)
        for reading, prepared in enumerate(self._prepare(checked)):
            nids = self.names.candidates(prepared, CANDIDATES)
            if reading == 0 and checked.id_number:
                for pos in self._ids.get(checked.id_number):
                    nids.extend(self._names_of_record(pos))
            similarity = self._similarity(prepared)
            for nid in nids:
                listed = self.names.names[nid]
                held = best.get(listed.entity)
                at_least = needed if held is None else max(needed, held[0].score)
                comparison = compare_names(
                    prepared, listed.prepared, similarity, known, at_least=at_least
                )
                if comparison is None:
                    continue
                if held is None or comparison.score > held[0].score:
                    best[listed.entity] = (comparison, nid)
        scored = []
        for pos, (comparison, nid) in best.items():
            record = self.records[pos]
            asked = checked
            if _form_is_their_name(checked, record, comparison):
                asked = replace(checked, inferred_type=None, type_reason="")
            score, evidence = apply_evidence(comparison.score, asked, record)
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

    def _similarity(self, query: PreparedName) -> Callable[[int, str], tuple[float, str]]:
        given = self.names.known_names
        expansions = [
            self.names.expansion(t) if len(t) >= 2 and not m else None
            for t, m in zip(query.tokens, query.minor, strict=True)
        ]
        tokens = query.tokens

        nothing = (0.0, "")

        def similarity(i: int, other: str) -> tuple[float, str]:
            found = expansions[i]
            if found is not None:
                hit = found.get(other)
                if hit is not None:
                    return hit
                if len(other) > 1:
                    return nothing
            return token_similarity(tokens[i], other, given)

        return similarity
