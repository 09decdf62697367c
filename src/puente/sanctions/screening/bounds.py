"""An upper bound on a comparison's score, from its candidate pairs alone.

A screening compares a dozen list names with the query, and most of them score far below
what could be returned (under 0.5, or under the score another name of the same entry already
has). Once stage 1 of `compare.compare_names` has listed every token pair worth aligning,
`cannot_reach` tells, in one pass over the tokens, whether any alignment of those pairs could
reach a given score; if none can, the comparison stops there. The bound is proved below for
each stage, so the scores that are returned never change.

The score before penalties is matched / total, where a pair of score s adds s x w to matched
and w to total for each token of weight w in it, and a token left alone adds only f x w to
total (f: its unpaired cost factor, `UnpairedWeights`). Let a(t) be the best score of any
pair holding token t (0 if none does). For a score r, matched - r x total is at most

    G(r) = sum over tokens of max((a(t) - r) x w(t), -r x f(t) x w(t))

whatever the alignment, with f(t) the least factor the token could be given. So G(r) < 0
proves that the score is below r. Penalties multiply the score by factors under 1: the ones
that the pairs make certain (no surname can pair, nothing pairs but common names...) give a
factor P, and the score is below `at_least` when G(at_least / P) < 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from puente.sanctions.screening.magic import WEIGHTS
from puente.sanctions.screening.normalize import GIVEN, SURNAME
from puente.sanctions.screening.phonetics import sound

if TYPE_CHECKING:
    from puente.sanctions.screening.compare import Candidate, PreparedName

_U = WEIGHTS.unpaired
_P = WEIGHTS.penalty
_R = WEIGHTS.residual
_MINOR = _U.minor

_MISSING_FACTORS = (
    1.0,
    _U.first_surname,
    _U.other_surname,
    _U.first_given,
    _U.other_given,
    _U.word,
)
CHEAPEST_MISSING = min(_MISSING_FACTORS)
"""The least a person's missing list token can cost (only one of them: see `_missing_cost`)."""
CHEAP_MISSING_REST = min(
    (1.0, _U.repeat_cheap, *(f for f in _MISSING_FACTORS if f >= _U.repeat_cheap))
)
"""The least every other missing list token of a person's name can cost."""
CHEAPEST_EXTRA = min(1.0, _U.extra_given, _U.extra_other)
CHEAPEST_EXTRA_OTHER = min(1.0, _U.extra_other)
"""The least an extra query token can cost: a known given name, or any other word."""
RESIDUAL_TOP = _R.base + _R.slope
"""The best score a residual pair (stage 3) can have."""
RESIDUAL_LENGTH = max(_R.min_length, _R.left_length)
"""Shorter tokens never make a residual pair."""
_MARGIN = 1e-9
"""Rounding room: a bound this close to the score proves nothing."""

Residual = Callable[[str, str, frozenset[str]], float]
"""`compare.residual_similarity`."""


def _best_pairs(
    q: PreparedName, c: PreparedName, cand: Sequence[Candidate]
) -> tuple[list[float], list[float]]:
    """a(t) of every query token and every list token, from the candidate pairs."""
    aq = [0.0] * len(q.tokens)
    ac = [0.0] * len(c.tokens)
    for neg, _, _, qi, cj in cand:
        s = -neg
        for i in qi:
            if aq[i] < s:
                aq[i] = s
        for j in cj:
            if ac[j] < s:
                ac[j] = s
    return aq, ac


_HEADS: dict[str, str] = {}


def first_sound(token: str) -> str:
    """The first letter of the token's sound ("" for none), kept per token: a residual pair
    (`compare.residual_similarity`) needs the same one on both sides."""
    found = _HEADS.get(token)
    if found is None:
        if len(_HEADS) >= 200_000:
            _HEADS.clear()
        found = _HEADS[token] = sound(token)[:1]
    return found


def _add_residuals(
    q: PreparedName,
    c: PreparedName,
    aq: list[float],
    ac: list[float],
    residual: Residual,
    known_names: frozenset[str],
) -> None:
    """Raise a(t) where a residual pair (stage 3) could score more than stage 1's pairs."""
    if q.pinyin or c.pinyin:
        return  # no residual pairs in pinyin (see `_pair_residuals`)
    keep = _R.keep
    c_tokens = c.tokens
    # A residual pair needs the same first sound (see `residual_similarity`): told apart
    # here by one letter per token (`PreparedName.heads`; "" for a token too short or
    # minor, or without a sound) instead of a call per pair.
    by_head: dict[str, list[tuple[int, str]]] = {}
    for j, head in enumerate(c.heads):
        if head:
            by_head.setdefault(head, []).append((j, c_tokens[j]))
    if not by_head:
        return
    q_tokens = q.tokens
    for i, head in enumerate(q.heads):
        if not head:
            continue
        qt = q_tokens[i]
        for j, ct in by_head.get(head, ()):
            if aq[i] >= RESIDUAL_TOP and ac[j] >= RESIDUAL_TOP:
                continue
            s = residual(qt, ct, known_names)
            if s >= keep:
                aq[i] = max(aq[i], s)
                ac[j] = max(ac[j], s)


def _gain(
    q: PreparedName, c: PreparedName, aq: Sequence[float], ac: Sequence[float], r: float
) -> float:
    """G(r) times a positive factor of at most one: below zero proves the score under r.

    Written as plain loops: it runs for nearly every comparison a screening asks for."""
    q_minor, c_minor, unknown = q.minor, c.minor, q.unknown
    missing = sum(1 for j, a in enumerate(ac) if a <= 0.0 and not c_minor[j])
    extra = extras = 0
    unknown_extra = False
    for i, a in enumerate(aq):
        if a <= 0.0 and not q_minor[i]:
            extra += 1
            if unknown and unknown[i]:
                unknown_extra = True
            else:
                extras += 1
    if unknown_extra:
        extras += 1  # words no list name holds count as one (see `_unpaired`)
    conflicts = min(missing, extras)
    factor = _P.conflict**conflicts
    person = c.person
    if person:
        roles, idf = c.roles, c.idf
        surname = given = False
        info: float = 0  # summed from 0 as `sum` would, the same float
        for j, a in enumerate(ac):
            if a > 0.0 and not c_minor[j]:
                role = roles[j]
                surname = surname or role == SURNAME
                given = given or role == GIVEN
                if idf:
                    info += idf[j]
        if not surname and SURNAME in roles:
            factor *= _P.no_surname
        if not given and GIVEN in roles:
            factor *= _P.given_differs if extra else max(_P.given_differs, _P.no_given)
        if missing and idf and info < _P.common_info:
            factor *= _P.common_base + _P.common_slope * info
    if factor <= 0.0:
        return -1.0
    r = r / factor
    cheap = person and not conflicts
    given_like = q.given_like
    gain = 0.0
    for i, w in enumerate(q.weights):
        if q_minor[i]:
            f = _MINOR
        elif unknown and unknown[i]:
            f = 0.0  # together they cost at most `extra_unknown_cap`: counted as free
        elif not cheap:
            f = 1.0
        elif given_like and given_like[i]:
            f = CHEAPEST_EXTRA
        else:
            f = CHEAPEST_EXTRA_OTHER
        paired, alone = (aq[i] - r) * w, -r * f * w
        gain += paired if paired >= alone else alone
    slack = 0.0
    for j, w in enumerate(c.weights):
        paired = (ac[j] - r) * w
        if c_minor[j]:
            alone = -r * _MINOR * w
        elif not cheap:
            alone = -r * w
        else:
            alone = -r * CHEAP_MISSING_REST * w
            rest = paired if paired >= alone else alone
            cheapest = -r * CHEAPEST_MISSING * w
            slack = max(slack, (paired if paired >= cheapest else cheapest) - rest)
        gain += paired if paired >= alone else alone
    return gain + slack


def _one_in_common(c: PreparedName, ac: Sequence[float]) -> int | None:
    """The one list token of two letters or more that could pair, when the name has two
    significant tokens or more and no other could (see the "only one name in common"
    penalty); None otherwise."""
    if not c.person or len(c.tokens) - sum(c.minor) < 2:
        return None
    found = None
    for j, ct in enumerate(c.tokens):
        if not c.minor[j] and len(ct) > 1 and ac[j] > 0.0:
            if found is not None:
                return None
            found = j
    return found


def cannot_reach(
    q: PreparedName,
    c: PreparedName,
    cand: Sequence[Candidate],
    at_least: float,
    residual: Residual,
    known_names: frozenset[str],
) -> bool:
    """True if no alignment of the candidate pairs `cand` (stage 1) gives a score of
    `at_least` or more; False when it may (or when the bound does not apply: a nickname
    query can score by another rule, `_nickname_score`)."""
    if at_least <= 0.0 or q.nickname:
        return False
    aq, ac = _best_pairs(q, c, cand)
    return cannot_reach_best(q, c, aq, ac, at_least, residual, known_names)


def cannot_reach_best(
    q: PreparedName,
    c: PreparedName,
    aq: list[float],
    ac: list[float],
    at_least: float,
    residual: Residual,
    known_names: frozenset[str],
) -> bool:
    """`cannot_reach` from the best stage-1 pair score of every query token (`aq`) and every
    list token (`ac`), as `_best_pairs` finds them (both are raised where residual pairs
    could score more). The caller checks `at_least > 0` and that the query is no nickname."""
    # Most comparisons asked are stopped: looking for residual pairs first costs less than
    # a second bound for the few that are not.
    _add_residuals(q, c, aq, ac, residual, known_names)
    return _below(q, c, aq, ac, at_least)


def _below(
    q: PreparedName, c: PreparedName, aq: list[float], ac: list[float], at_least: float
) -> bool:
    one = _one_in_common(c, ac)
    if one is None:
        return _gain(q, c, aq, ac, at_least) < -_MARGIN
    # Either that token pairs, and the score takes the "only one name in common" factor, or
    # it does not, and nothing of the list name pairs but one-letter and minor tokens.
    if _gain(q, c, aq, ac, at_least / _P.one_in_common) >= -_MARGIN:
        return False
    alone = list(ac)
    alone[one] = 0.0
    return _gain(q, c, aq, alone, at_least) < -_MARGIN
