"""Compare a query name with one list name: align their tokens, then score the alignment.

Tokens are aligned one to one whatever their order, each pair with a kind (exact, nickname,
sounds alike, spelling, initial, joined). The score is a weighted share of the two names'
tokens that found a partner; tokens a Mexican name often leaves out (a second surname, a
middle name) cost less when missing, and a list entry's given name that meets a different
given name in the query counts against the match.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import overload

from rapidfuzz.distance import OSA

from puente.sanctions.screening.bounds import (
    RESIDUAL_LENGTH,
    cannot_reach,
    cannot_reach_best,
    first_sound,
)
from puente.sanctions.screening.forms import same_form
from puente.sanctions.screening.magic import WEIGHTS
from puente.sanctions.screening.nicknames import name_groups, same_given_name
from puente.sanctions.screening.normalize import GIVEN, SURNAME, WORD
from puente.sanctions.screening.phonetics import pinyin_token, skeleton, sound

_TOKEN = WEIGHTS.token
_RESIDUAL = WEIGHTS.residual
_JOIN = WEIGHTS.join
_UNPAIRED = WEIGHTS.unpaired
_PENALTY = WEIGHTS.penalty

EXACT = "exact"
NICKNAME = "nickname"
SOUNDS = "sounds alike"
SPELLING = "spelling"
INITIAL = "initial"
JOINED = "joined"

MIN_TOKEN_SCORE = _TOKEN.min_pair
"""Token pairs scoring below this are not aligned at all."""
RESIDUAL_MIN = _RESIDUAL.keep


def _short_typo(a: str, b: str) -> bool:
    """A typo in a token of three letters: two neighbours swapped (ALI / AIL), or one
    letter dropped from a four-letter token (HOL / CHOL, ALI / ALLI). Not a letter replaced
    by another (HAN / HAO, LI / LU are other names)."""
    la, lb = len(a), len(b)
    if la == lb == 3:
        return any(a[:i] + a[i + 1] + a[i] + a[i + 2 :] == b for i in range(2))
    short, long_ = (a, b) if la < lb else (b, a)
    if len(short) != 3 or len(long_) != 4:
        return False
    return any(long_[:i] + long_[i + 1 :] == short for i in range(4))


def token_similarity(
    a: str, b: str, known_names: frozenset[str] = frozenset(), spanish: bool = True
) -> tuple[float, str]:
    """How alike two folded tokens are, in 0..1, and why.

    known_names: tokens known to be names on the list; two different known names that are
    merely spelled alike (DANIEL, DANIELA; HERNANDEZ, FERNANDEZ) are not the same name.
    spanish: compare by Spanish sounds and the Mexican nickname table (not for a name in
    pinyin: XI is not JI, CAI is not KAI).
    """
    if a == b:
        return 1.0, EXACT
    t = _TOKEN
    la, lb = len(a), len(b)
    if la == 1 or lb == 1:
        if a[0] == b[0]:
            return t.initial, INITIAL
        return 0.0, ""
    if spanish and same_given_name(a, b):
        return t.nickname, NICKNAME
    if a.isdigit() or b.isdigit():
        return 0.0, ""
    distinct_names = (a in known_names and b in known_names) or _gender_pair(a, b)
    if spanish:
        sa, sb = sound(a), sound(b)
        if sa == sb and min(la, lb) >= t.min_same_sound_length:
            return (t.same_sound_other_name if distinct_names else t.same_sound), SOUNDS
    else:
        sa, sb = a, b
    if min(la, lb) < t.min_fuzzy_length:
        if (
            min(la, lb) >= t.min_short_typo_length
            and not distinct_names
            and not (pinyin_token(a) and pinyin_token(b))
            and _short_typo(a, b)
        ):
            return t.short_typo, SPELLING
        return 0.0, ""
    letters = OSA.normalized_similarity(a, b)
    sounds = OSA.normalized_similarity(sa, sb)
    if not spanish:
        if pinyin_token(a) and pinyin_token(b) and (a[0] != b[0] or min(la, lb) < 5):
            return 0.0, ""  # another syllable is another name (QING, KING; WEN, WEI)
        if letters >= t.spelling_floor:
            return t.spelling_base + t.spelling_slope * letters, SPELLING
        return 0.0, ""
    if sounds >= t.skeleton_sound_floor and skeleton(a) == skeleton(b):
        score, kind = t.skeleton_base + t.skeleton_slope * sounds, SOUNDS
    elif letters >= t.spelling_floor:
        score, kind = t.spelling_base + t.spelling_slope * letters, SPELLING
    elif sounds >= t.sound_floor:
        score, kind = t.sound_base + t.sound_slope * sounds, SOUNDS
    else:
        return 0.0, ""
    if distinct_names:
        # Two different given names: a different ending (ANTONIO, ANTONIA) or other
        # consonants (CRISTIAN, CRISTINA keep theirs) is another name; a vowel is a spelling.
        other_name = a[-1] != b[-1] or skeleton(a) != skeleton(b)
        score -= t.other_name_penalty if other_name else t.other_vowel_penalty
    return score, kind


def _gender_pair(a: str, b: str) -> bool:
    """ANTONIO / ANTONIA, JUAN / JUANA, KARLOV / KARLOVA: the same stem, another person."""
    if min(len(a), len(b)) < _TOKEN.min_gender_stem:
        return False
    if len(a) == len(b):
        return a[:-1] == b[:-1] and {a[-1], b[-1]} == {"A", "O"}
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return long_ == short + "A" and short[-1] not in "AEIOU"


@lru_cache(maxsize=100_000)
def residual_similarity(a: str, b: str, known_names: frozenset[str]) -> float:
    """Similarity of two tokens left unpaired by the first pass: two edits in a long name
    (MOUHAMNAD, MUHAMMAD). Not for two different known names, nor a different first sound."""
    r = _RESIDUAL
    if (
        len(a) < r.min_length
        or len(b) < r.min_length
        or (a in known_names and b in known_names)
        or _gender_pair(a, b)
    ):
        return 0.0
    sa, sb = sound(a), sound(b)
    if not sa or not sb or sa[0] != sb[0]:
        return 0.0
    best = max(OSA.normalized_similarity(a, b), OSA.normalized_similarity(sa, sb))
    return r.base + r.slope * best if best >= r.floor else 0.0


@dataclass(frozen=True, slots=True)
class PreparedName:
    """A name ready for comparison: tokens with roles, weights and display text."""

    tokens: tuple[str, ...]
    roles: tuple[str, ...]
    weights: tuple[float, ...]
    minor: tuple[bool, ...]
    display: tuple[str, ...]
    person: bool
    """The name is a person's (an individual list entry, or a query about one)."""
    idf: tuple[float, ...] = ()
    """List side: log(names / names holding the token) / log(names), in 0..1: how much a
    token says about who it is (1 for a token only one name has)."""
    given_like: tuple[bool, ...] = ()
    """Query side: which tokens are known given names (an extra one is a middle name the list
    leaves out; an extra token that is not is more likely a surname the list does not have)."""
    joins: dict[str, tuple[tuple[int, ...], ...]] = field(default_factory=dict)
    """Neighbouring tokens written together (see `joined_spans`)."""
    unknown: tuple[bool, ...] = ()
    """Query side: tokens that no list name holds (padding such as "aaaa bbbb"): together
    they cost no more than one extra word."""
    pinyin: bool = False
    """The name is in pinyin (see `phonetics.pinyin_name`): compared without Spanish sounds
    and nicknames."""
    nickname: bool = False
    """Query side: an article and one or two words ("El Chapo"): a nickname, which may stand
    for the whole person when a list name holds it (see `_nickname_score`)."""
    join_words: frozenset[str] = field(init=False, repr=False, compare=False)
    """Tokens long enough to be looked up among the other name's `joins`."""
    join_groups: frozenset[str] = field(init=False, repr=False, compare=False)
    """The nickname-table groups of tokens long enough to be looked up as joined words."""
    heads: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """The first letter of each token's sound, for the tokens that may make a residual pair
    (not minor, `RESIDUAL_LENGTH` letters or more); "" for the others."""

    def __post_init__(self) -> None:
        # Derived once per name, so that a comparison can see at a glance that no token of
        # one name is written joined in the other (the common case) and skip `_joined_pairs`.
        words = frozenset(t for t in self.tokens if len(t) >= _JOIN.min_acronym_length)
        groups = frozenset(
            g for t in self.tokens if len(t) >= _JOIN.min_length for g in name_groups(t)
        )
        object.__setattr__(self, "join_words", words)
        object.__setattr__(self, "join_groups", groups)
        heads = tuple(
            "" if m or len(t) < RESIDUAL_LENGTH else first_sound(t)
            for t, m in zip(self.tokens, self.minor, strict=True)
        )
        object.__setattr__(self, "heads", heads)


@dataclass(frozen=True, slots=True)
class TokenPair:
    query: str
    listed: str
    role: str
    kind: str
    score: float
    position: int
    """Where the list token stands in the list name (explanations follow the list's order)."""


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    notes: tuple[str, ...]
    """Penalties applied, in words (e.g. "given name differs")."""
    query: PreparedName
    listed: PreparedName
    chosen: tuple[tuple[float, str, tuple[int, ...], tuple[int, ...]], ...]
    """Aligned (score, kind, query token positions, list token positions)."""
    missing_idx: tuple[int, ...]
    extra_idx: tuple[int, ...]

    @property
    def pairs(self) -> tuple[TokenPair, ...]:
        q, c = self.query, self.listed
        return tuple(
            TokenPair(
                query=_shown(q, qi),
                listed=_shown(c, cj),
                role=c.roles[cj[0]],
                kind=kind,
                score=round(s, 3),
                position=cj[0],
            )
            for s, kind, qi, cj in self.chosen
            if not (all(q.minor[i] for i in qi) and all(c.minor[j] for j in cj))
        )

    @property
    def missing(self) -> tuple[tuple[str, str], ...]:
        """(role, list token) left without a partner."""
        return tuple((self.listed.roles[j], self.listed.display[j]) for j in self.missing_idx)

    @property
    def extra(self) -> tuple[str, ...]:
        """Query tokens left without a partner."""
        return tuple(self.query.display[i] for i in self.extra_idx)


def _shown(name: PreparedName, idx: tuple[int, ...]) -> str:
    """Tokens as written, with the transliteration that was compared when they are not in
    Latin letters: "Владимир [VLADIMIR]", "عبدالملك [BDLMLK]"."""
    written = " ".join(name.display[i] for i in idx)
    if written.isascii() or all(c.isascii() or not c.isalpha() or _latin(c) for c in written):
        return written
    return f"{written} [{' '.join(name.tokens[i] for i in idx)}]"


def _latin(ch: str) -> bool:
    return ord(ch) < 0x0370 or 0x1E00 <= ord(ch) <= 0x1EFF


SimilarityFn = Callable[[int, str], tuple[float, str]]


def joined_spans(tokens: tuple[str, ...]) -> dict[str, tuple[tuple[int, ...], ...]]:
    """Two or three neighbouring tokens written together, for `PreparedName.joins`; and a
    run of single letters written as one word, however long (J P, A B C D: an acronym)."""
    out: dict[str, tuple[tuple[int, ...], ...]] = {}
    n = len(tokens)
    # Written out for two and three tokens (every list name compared goes through here once).
    for j in range(n - 1):
        key = tokens[j] + tokens[j + 1]
        held = out.get(key)
        out[key] = ((j, j + 1),) if held is None else (*held, (j, j + 1))
    for j in range(n - 2):
        key = tokens[j] + tokens[j + 1] + tokens[j + 2]
        held = out.get(key)
        out[key] = ((j, j + 1, j + 2),) if held is None else (*held, (j, j + 1, j + 2))
    if n > 3 and sum(len(t) == 1 for t in tokens) > 3:
        for start, end in letter_runs(tokens):
            if end - start > 3:
                key = "".join(tokens[start:end])
                span = tuple(range(start, end))
                out[key] = (*out.get(key, ()), span)
    return out


def letter_runs(tokens: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of each run of two or more one-letter tokens (J P MORGAN: (0, 2))."""
    runs: list[tuple[int, int]] = []
    start = None
    for j, token in enumerate((*tokens, "")):
        single = len(token) == 1 and token.isalpha()
        if single and start is None:
            start = j
        elif not single and start is not None:
            if j - start >= 2:
                runs.append((start, j))
            start = None
    return runs


def _letters(name: PreparedName, span: tuple[int, ...]) -> bool:
    return all(len(name.tokens[j]) == 1 for j in span)


def _joined_pairs(
    q: PreparedName, c: PreparedName
) -> list[tuple[float, str, tuple[int, ...], tuple[int, ...]]]:
    """One token on one side written as two or three on the other: DELACRUZ / DE LA CRUZ,
    Chema / JOSE MARIA, MARIAJOSE / MARIA JOSE."""
    out: list[tuple[float, str, tuple[int, ...], tuple[int, ...]]] = []
    plain = q.pinyin or c.pinyin
    for short, long_, flip in ((q, c, False), (c, q, True)):
        joins = long_.joins
        if not joins or (
            joins.keys().isdisjoint(short.join_words)
            and (plain or joins.keys().isdisjoint(short.join_groups))
        ):
            continue
        for i, tok in enumerate(short.tokens):
            if len(tok) < _JOIN.min_acronym_length:
                continue
            found = [
                (_JOIN.exact, span)
                for span in joins.get(tok, ())
                if len(tok) >= _JOIN.min_length or _letters(long_, span)
            ]
            for group in () if plain or len(tok) < _JOIN.min_length else name_groups(tok):
                found.extend((_JOIN.nickname, span) for span in joins.get(group, ()))
            for score, span in found:
                out.append((score, JOINED, span, (i,)) if flip else (score, JOINED, (i,), span))
    return out


Candidate = tuple[float, float, str, tuple[int, ...], tuple[int, ...]]
"""(-score, distance of positions, kind, query positions, list positions): sorted, best first."""


class _Alignment:
    """The state of one comparison as its stages fill it in."""

    __slots__ = ("c_used", "chosen", "matched", "q_used", "total")

    def __init__(self, nq: int, nc: int) -> None:
        self.q_used = [False] * nq
        self.c_used = [False] * nc
        self.chosen: list[tuple[float, str, tuple[int, ...], tuple[int, ...]]] = []
        self.matched = 0.0
        """Sum of pair score x pair weight."""
        self.total = 0.0
        """Sum of the weights of every pair and of what each unpaired token costs."""

    def take(
        self, score: float, kind: str, qi: tuple[int, ...], cj: tuple[int, ...], w: float
    ) -> None:
        for i in qi:
            self.q_used[i] = True
        for j in cj:
            self.c_used[j] = True
        self.matched += score * w
        self.total += w
        self.chosen.append((score, kind, qi, cj))


_SINGLE = [(k,) for k in range(64)]
"""One-position tuples, made once (a comparison makes dozens of pairs)."""


class QueryPairs:
    """A query's token similarities, asked as `SimilarityFn` or, in stage 1, straight from
    the index's expansion of each query token (`expansions[i]`: every list token that query
    token i pairs with), one dict lookup per token pair instead of a call. Query tokens
    without an expansion (initials, minor tokens) and one-letter list tokens are asked
    through `fallback`."""

    __slots__ = ("expanded", "expansions", "fallback", "loose")

    def __init__(
        self,
        expansions: list[dict[str, tuple[float, str]] | None],
        fallback: Callable[[int, str], tuple[float, str]],
    ) -> None:
        self.expansions = expansions
        self.fallback = fallback
        self.expanded = tuple((i, found.get) for i, found in enumerate(expansions) if found)
        """(query position, lookup) of the query tokens whose expansion is not empty."""
        self.loose = tuple(i for i, found in enumerate(expansions) if found is None)
        """Query positions without an expansion: asked for every list token."""

    def __call__(self, i: int, other: str) -> tuple[float, str]:
        found = self.expansions[i]
        if found is not None:
            hit = found.get(other)
            if hit is not None:
                return hit
            if len(other) > 1:
                return 0.0, ""
        return self.fallback(i, other)


def _table_pairs(q: PreparedName, c: PreparedName, table: QueryPairs) -> list[Candidate]:
    """`_candidate_pairs` for a `QueryPairs`: the same pairs, found list token by list token."""
    nq, nc = len(q.tokens), len(c.tokens)
    inv_q, inv_c = 1.0 / nq, 1.0 / max(nc, 1)
    q_minor, c_minor, c_tokens, q_tokens = q.minor, c.minor, c.tokens, q.tokens
    min_pair = _TOKEN.min_pair
    plain = q.pinyin or c.pinyin
    person = c.person
    one = _SINGLE if nc <= len(_SINGLE) and nq <= len(_SINGLE) else [(k,) for k in range(nq + nc)]
    cand: list[Candidate] = []
    expanded, loose, fallback = table.expanded, table.loose, table.fallback
    any_minor = True in q_minor
    for j in range(nc):
        ct = c_tokens[j]
        cj = one[j]
        at = j * inv_c
        if c_minor[j]:
            for i in range(nq):
                qt = q_tokens[i]
                if qt == ct or (q_minor[i] and same_form(qt, ct)):
                    cand.append((-1.0, abs(i * inv_q - at), EXACT, one[i], cj))
            continue
        if any_minor:
            for i in range(nq):
                if q_minor[i] and q_tokens[i] == ct:
                    cand.append((-1.0, abs(i * inv_q - at), EXACT, one[i], cj))
        if len(ct) > 1:
            asked: Sequence[int] = loose
            for i, get in expanded:
                hit = get(ct)
                if hit is None:
                    continue
                s, kind = hit
                if plain and kind in (SOUNDS, NICKNAME):
                    s, kind = token_similarity(q_tokens[i], ct, spanish=False)
                if s >= min_pair and (person or kind not in (INITIAL, NICKNAME)):
                    cand.append((-s, abs(i * inv_q - at), kind, one[i], cj))
        else:
            asked = [i for i in range(nq) if not q_minor[i]]
        for i in asked:
            if q_minor[i]:
                continue
            s, kind = table(i, ct) if len(ct) <= 1 else fallback(i, ct)
            if plain and kind in (SOUNDS, NICKNAME):
                s, kind = token_similarity(q_tokens[i], ct, spanish=False)
            if s >= min_pair and (person or kind not in (INITIAL, NICKNAME)):
                cand.append((-s, abs(i * inv_q - at), kind, one[i], cj))
    if q.joins or c.joins:
        cand.extend((-sc, 0.0, kind, qi, cj) for sc, kind, qi, cj in _joined_pairs(q, c))
    cand.sort()
    return cand


def _table_best(
    q: PreparedName, c: PreparedName, table: QueryPairs
) -> tuple[list[float], list[float]]:
    """The best score of any stage-1 pair holding each query token and each list token: what
    `bounds._best_pairs` finds in `_table_pairs`'s pairs, without making the pairs."""
    nq, nc = len(q.tokens), len(c.tokens)
    q_minor, c_minor, c_tokens, q_tokens = q.minor, c.minor, c.tokens, q.tokens
    min_pair = _TOKEN.min_pair
    plain = q.pinyin or c.pinyin
    person = c.person
    aq = [0.0] * nq
    ac = [0.0] * nc
    expanded, loose, fallback = table.expanded, table.loose, table.fallback
    any_minor = True in q_minor
    for j in range(nc):
        ct = c_tokens[j]
        if c_minor[j]:
            for i in range(nq):
                qt = q_tokens[i]
                if qt == ct or (q_minor[i] and same_form(qt, ct)):
                    aq[i] = ac[j] = 1.0
            continue
        if any_minor:
            for i in range(nq):
                if q_minor[i] and q_tokens[i] == ct:
                    aq[i] = ac[j] = 1.0
        if len(ct) > 1:
            asked: Sequence[int] = loose
            for i, get in expanded:
                hit = get(ct)
                if hit is None:
                    continue
                s, kind = hit
                if plain and kind in (SOUNDS, NICKNAME):
                    s, kind = token_similarity(q_tokens[i], ct, spanish=False)
                if s >= min_pair and (person or kind not in (INITIAL, NICKNAME)):
                    if aq[i] < s:
                        aq[i] = s
                    if ac[j] < s:
                        ac[j] = s
        else:
            asked = [i for i in range(nq) if not q_minor[i]]
        for i in asked:
            if q_minor[i]:
                continue
            s, kind = table(i, ct) if len(ct) <= 1 else fallback(i, ct)
            if plain and kind in (SOUNDS, NICKNAME):
                s, kind = token_similarity(q_tokens[i], ct, spanish=False)
            if s >= min_pair and (person or kind not in (INITIAL, NICKNAME)):
                if aq[i] < s:
                    aq[i] = s
                if ac[j] < s:
                    ac[j] = s
    if q.joins or c.joins:
        for s, _, qi, cj in _joined_pairs(q, c):
            for i in qi:
                if aq[i] < s:
                    aq[i] = s
            for j in cj:
                if ac[j] < s:
                    ac[j] = s
    return aq, ac


def _candidate_pairs(q: PreparedName, c: PreparedName, similarity: SimilarityFn) -> list[Candidate]:
    """Stage 1: every token pair worth aligning, best first. Particles and company forms pair
    only with the same token; an initial or a nickname only in a person's name."""
    if isinstance(similarity, QueryPairs):
        return _table_pairs(q, c, similarity)
    nq, nc = len(q.tokens), len(c.tokens)
    inv_q, inv_c = 1.0 / nq, 1.0 / max(nc, 1)
    q_minor, c_minor, c_tokens = q.minor, c.minor, c.tokens
    min_pair = _TOKEN.min_pair
    plain = q.pinyin or c.pinyin
    person = c.person
    one = _SINGLE if nc <= len(_SINGLE) and nq <= len(_SINGLE) else [(k,) for k in range(nq + nc)]
    cand: list[Candidate] = []
    for i in range(nq):
        qm = q_minor[i]
        qt = q.tokens[i]
        qi = one[i]
        at = i * inv_q
        for j in range(nc):
            ct = c_tokens[j]
            if qm or c_minor[j]:
                if qt == ct or (qm and c_minor[j] and same_form(qt, ct)):
                    cand.append((-1.0, abs(at - j * inv_c), EXACT, qi, one[j]))
                continue
            s, kind = similarity(i, ct)
            if plain and kind in (SOUNDS, NICKNAME):
                s, kind = token_similarity(qt, ct, spanish=False)
            if s >= min_pair and (person or kind not in (INITIAL, NICKNAME)):
                cand.append((-s, abs(at - j * inv_c), kind, qi, one[j]))
    if q.joins or c.joins:
        cand.extend((-sc, 0.0, kind, qi, cj) for sc, kind, qi, cj in _joined_pairs(q, c))
    cand.sort()
    return cand


def _align(q: PreparedName, c: PreparedName, cand: list[Candidate]) -> _Alignment:
    """Stage 2: take the best pairs greedily, each token in at most one pair."""
    state = _Alignment(len(q.tokens), len(c.tokens))
    q_used, c_used = state.q_used, state.c_used
    q_weights, c_weights = q.weights, c.weights
    chosen = state.chosen
    for neg, _, kind, qi, cj in cand:
        if len(qi) == 1 and len(cj) == 1:
            i, j = qi[0], cj[0]
            if q_used[i] or c_used[j]:
                continue
            # `take`, written out for the common one-to-one pair.
            w = q_weights[i] + c_weights[j]
            q_used[i] = c_used[j] = True
            state.matched += -neg * w
            state.total += w
            chosen.append((-neg, kind, qi, cj))
            continue
        if any(q_used[i] for i in qi) or any(c_used[j] for j in cj):
            continue
        w = sum(q_weights[i] for i in qi) + sum(c_weights[j] for j in cj)
        state.take(-neg, kind, qi, cj, w)
    return state


def _pair_residuals(
    q: PreparedName, c: PreparedName, state: _Alignment, known_names: frozenset[str]
) -> None:
    """Stage 3: tokens still alone on both sides may be one name spelled two ways at once (a
    typo in a transliteration: MOUHAMNAD / MUHAMMAD): pair them if they are still fairly
    alike."""
    if q.pinyin or c.pinyin:
        return  # two syllables spelled alike are two names (ZHUANG, SUANG)
    size = _RESIDUAL.left_length
    q_used, q_minor, q_tokens = state.q_used, q.minor, q.tokens
    left_q = [
        i
        for i in range(len(q_tokens))
        if not q_used[i] and not q_minor[i] and len(q_tokens[i]) >= size
    ]
    if not left_q:
        return
    c_used, c_minor, c_tokens = state.c_used, c.minor, c.tokens
    left_c = [
        j
        for j in range(len(c_tokens))
        if not c_used[j] and not c_minor[j] and len(c_tokens[j]) >= size
    ]
    if not left_c:
        return
    keep = _RESIDUAL.keep
    # Pairs below `keep` are never taken, so they need not be sorted either; nor asked for
    # when the tokens' first sounds differ (`residual_similarity` gives them 0).
    by_head: dict[str, list[int]] = {}
    for j in left_c:
        by_head.setdefault(first_sound(c_tokens[j]), []).append(j)
    residual = [
        (-s, i, j)
        for i in left_q
        if (head := first_sound(q_tokens[i]))
        for j in by_head.get(head, ())
        if (s := residual_similarity(q_tokens[i], c_tokens[j], known_names)) >= keep
    ]
    if not residual:
        return
    residual.sort()
    for neg, i, j in residual:
        if q_used[i] or c_used[j]:
            continue
        state.take(-neg, SPELLING, (i,), (j,), q.weights[i] + c.weights[j])


@dataclass(frozen=True, slots=True)
class _Unpaired:
    missing_idx: tuple[int, ...]
    extra_idx: tuple[int, ...]
    conflicts: int
    """List tokens missing that the query seems to replace with another token."""
    aligned_roles: frozenset[str]
    full_aligned: int
    """List tokens of two letters or more that found a partner."""


def _unpaired(q: PreparedName, c: PreparedName, state: _Alignment) -> _Unpaired:
    c_used, q_used = state.c_used, state.q_used
    c_minor, c_tokens, c_roles = c.minor, c.tokens, c.roles
    missing: list[int] = []
    roles: set[str] = set()
    full_aligned = 0
    for j in range(len(c_tokens)):
        if c_minor[j]:
            continue
        if c_used[j]:
            roles.add(c_roles[j])
            if len(c_tokens[j]) > 1:
                full_aligned += 1
        else:
            missing.append(j)
    q_minor = q.minor
    extra_idx = tuple(i for i in range(len(q_minor)) if not q_used[i] and not q_minor[i])
    # Words like no word of the list are, together, one extra word (see `_extra_cost`).
    q_unknown = q.unknown
    unknown = sum(1 for i in extra_idx if q_unknown[i]) if q_unknown else 0
    extras = len(extra_idx) - unknown + (1 if unknown else 0)
    return _Unpaired(
        missing_idx=tuple(missing),
        extra_idx=extra_idx,
        conflicts=min(len(missing), extras),
        aligned_roles=frozenset(roles),
        full_aligned=full_aligned,
    )


def _missing_cost(c: PreparedName, state: _Alignment, u: _Unpaired) -> float:
    """Stage 4a: what the list tokens without a partner cost. A person's second surname or
    middle name left out costs least (once; later ones cost more), unless the query puts
    another token in its place (a conflict)."""
    w = _UNPAIRED
    c_used, c_minor, c_weights = state.c_used, c.minor, c.weights
    cost = sum(w.minor * c_weights[j] for j in range(len(c_minor)) if c_minor[j] and not c_used[j])
    if not u.missing_idx:
        return cost
    roles = c.roles
    first_surname = roles.index(SURNAME) if SURNAME in roles else None
    first_given = roles.index(GIVEN) if GIVEN in roles else None
    # A person keeps the first surname (a Mexican one's father's): a query without it leaves
    # out no other name cheaply ("Hector Sanchez" is not BELTRAN SANCHEZ, Hector Manuel).
    main_surname = next((j for j, r in enumerate(roles) if r == SURNAME and not c_minor[j]), None)
    cheap_used = main_surname is not None and not c_used[main_surname]
    for j in u.missing_idx:
        role = c.roles[j]
        factor = 1.0
        if u.conflicts or not c.person:
            factor = 1.0
        elif role == SURNAME and SURNAME in u.aligned_roles:
            factor = w.first_surname if j == first_surname else w.other_surname
        elif role == GIVEN and GIVEN in u.aligned_roles:
            factor = w.first_given if j == first_given else w.other_given
        elif role == WORD and u.full_aligned >= 2:
            factor = w.word
        if factor < w.repeat_cheap:
            factor = w.repeat_cheap if cheap_used else factor
            cheap_used = True
        cost += factor * c.weights[j]
    return cost


def _extra_cost(q: PreparedName, c: PreparedName, state: _Alignment, u: _Unpaired) -> float:
    """Stage 4b: what the query tokens without a partner cost. Once two full names agree, an
    extra given name (a middle name the list leaves out) costs less than another extra word;
    words like no word of the list cost, all together, at most `extra_unknown_cap`."""
    w = _UNPAIRED
    cost = sum(
        w.minor * q.weights[i] for i in range(len(q.tokens)) if not state.q_used[i] and q.minor[i]
    )
    unknown_cost = 0.0
    for i in u.extra_idx:
        factor = 1.0
        if c.person and not u.conflicts and u.full_aligned >= 2:
            factor = w.extra_given if q.given_like and q.given_like[i] else w.extra_other
        if q.unknown and q.unknown[i]:
            unknown_cost += factor * q.weights[i]
        else:
            cost += factor * q.weights[i]
    return cost + min(unknown_cost, w.extra_unknown_cap)


def _penalties(
    q: PreparedName, c: PreparedName, state: _Alignment, u: _Unpaired, score: float
) -> tuple[float, list[str]]:
    """Stage 5: factors on the whole score for what the alignment lacks, with their notes."""
    p = _PENALTY
    notes: list[str] = []
    if u.conflicts:
        score *= p.conflict**u.conflicts
    if not c.person:
        return score, notes
    if SURNAME in c.roles and SURNAME not in u.aligned_roles:
        score *= p.no_surname
        notes.append("no surname in common")
    if GIVEN in c.roles and GIVEN not in u.aligned_roles:
        if u.extra_idx:
            score *= p.given_differs
            notes.append("given name differs")
        else:
            score *= p.no_given
            notes.append("no given name in the query")
    if u.full_aligned == 1 and len(c.tokens) - sum(c.minor) >= 2:
        score *= p.one_in_common
        notes.append("only one name in common")
    if u.missing_idx and c.idf:
        info = sum(c.idf[j] for j in range(len(c.tokens)) if state.c_used[j] and not c.minor[j])
        if info < p.common_info:
            score *= p.common_base + p.common_slope * info
            notes.append("only common names in common")
    return score, notes


def _nickname_score(q: PreparedName, c: PreparedName, state: _Alignment) -> float:
    """Stage 6, for a nickname query ("El Chapo"): when every word of it pairs with a word of
    the list name that few names hold and that is not a common given name or surname
    (GUZMAN, Chapo), written the same or sounding the same, the nickname names the person:
    the score is the pairs' worst score times base + slope * the least rare word's idf.
    Otherwise 0."""
    w = WEIGHTS.nickname
    if not c.idf:
        return 0.0
    wanted = [i for i in range(len(q.tokens)) if not q.minor[i]]
    pairs = [(s, qi, cj) for s, _, qi, cj in state.chosen if any(i in wanted for i in qi)]
    if not wanted or any(not state.q_used[i] for i in wanted) or not pairs:
        return 0.0
    idf = min(c.idf[j] for _, _, cj in pairs for j in cj)
    if idf < w.min_idf or any(len(c.tokens[j]) < w.min_length for _, _, cj in pairs for j in cj):
        return 0.0
    if any(name_groups(q.tokens[i]) for i in wanted):
        return 0.0  # a given name of the nickname table ("El Juan") is not a nickname
    worst = min(s for s, _, _ in pairs)
    if worst < w.min_pair:
        return 0.0
    return worst * (w.base + w.slope * idf)


@overload
def compare_names(
    q: PreparedName,
    c: PreparedName,
    similarity: SimilarityFn,
    known_names: frozenset[str] = ...,
) -> NameComparison: ...
@overload
def compare_names(
    q: PreparedName,
    c: PreparedName,
    similarity: SimilarityFn,
    known_names: frozenset[str] = ...,
    *,
    at_least: float,
) -> NameComparison | None: ...
def compare_names(
    q: PreparedName,
    c: PreparedName,
    similarity: SimilarityFn,
    known_names: frozenset[str] = frozenset(),
    *,
    at_least: float | None = None,
) -> NameComparison | None:
    """Align and score a query name against a list name.

    similarity(i, token) gives the similarity of query token i with a list token; the index
    passes a cached one, tests pass `token_similarity` directly. known_names: tokens that are
    names on the list (two different ones are never one name misspelled). at_least: the
    score that matters to the caller; None is returned instead of a comparison that provably
    scores less (see bounds.py), so a caller that keeps only such scores gets the same answer.

    Stages: candidate pairs, greedy alignment, residual pairs, the cost of unpaired tokens,
    then penalties on the whole score; every weight is in `magic.WEIGHTS`.
    """
    if at_least is not None and at_least > 0.0 and not q.nickname:
        if isinstance(similarity, QueryPairs):
            # The bound needs only each token's best pair: the pairs are made for the few
            # comparisons it does not stop.
            aq, ac = _table_best(q, c, similarity)
            if cannot_reach_best(q, c, aq, ac, at_least, residual_similarity, known_names):
                return None
            cand = _table_pairs(q, c, similarity)
        else:
            cand = _candidate_pairs(q, c, similarity)
            if cannot_reach(q, c, cand, at_least, residual_similarity, known_names):
                return None
    else:
        cand = _candidate_pairs(q, c, similarity)
    state = _align(q, c, cand)
    _pair_residuals(q, c, state, known_names)
    u = _unpaired(q, c, state)
    total = state.total + _missing_cost(c, state, u) + _extra_cost(q, c, state, u)
    score = state.matched / total if total else 0.0
    score, notes = _penalties(q, c, state, u, score)
    if q.nickname:
        nick = _nickname_score(q, c, state)
        if nick > score:
            score, notes = nick, ["nickname held by few list names"]
    return NameComparison(
        score=min(1.0, score),
        notes=tuple(notes),
        query=q,
        listed=c,
        chosen=tuple(state.chosen),
        missing_idx=u.missing_idx,
        extra_idx=u.extra_idx,
    )
