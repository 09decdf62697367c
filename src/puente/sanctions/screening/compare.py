"""Compare a query name with one list name: align their tokens, then score the alignment.

Tokens are aligned one to one whatever their order, each pair with a kind (exact, nickname,
sounds alike, spelling, initial, joined). The score is a weighted share of the two names'
tokens that found a partner; tokens a Mexican name often leaves out (a second surname, a
middle name) cost less when missing, and a list entry's given name that meets a different
given name in the query counts against the match.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from puente.sanctions.screening.nicknames import same_given_name
from puente.sanctions.screening.normalize import GIVEN, SURNAME, WORD
from puente.sanctions.screening.phonetics import skeleton, sound

EXACT = "exact"
NICKNAME = "nickname"
SOUNDS = "sounds alike"
SPELLING = "spelling"
INITIAL = "initial"
JOINED = "joined"

MIN_TOKEN_SCORE = 0.6
"""Token pairs scoring below this are not aligned at all."""


def token_similarity(a: str, b: str, given_names: frozenset[str] = frozenset()) -> tuple[float, str]:
    """How alike two folded tokens are, in 0..1, and why.

    given_names: tokens known to be given names; two different known given names that are
    merely spelled alike (JOSE, JOSUE; DANIEL, DANIELA) are not the same name.
    """
    if a == b:
        return 1.0, EXACT
    la, lb = len(a), len(b)
    if la == 1 or lb == 1:
        if a[0] == b[0]:
            return 0.6, INITIAL
        return 0.0, ""
    if same_given_name(a, b):
        return 0.95, NICKNAME
    if a.isdigit() or b.isdigit():
        return 0.0, ""
    sa, sb = sound(a), sound(b)
    distinct_names = a in given_names and b in given_names
    if sa == sb and min(la, lb) >= 3:
        return (0.8 if distinct_names else 0.93), SOUNDS
    letters = OSA.normalized_similarity(a, b)
    sounds = OSA.normalized_similarity(sa, sb)
    if min(la, lb) < 4:
        return 0.0, ""
    if sounds >= 0.75 and skeleton(a) == skeleton(b):
        score, kind = 0.8 + 0.1 * sounds, SOUNDS
    elif letters >= 0.75:
        score, kind = 0.5 + 0.45 * letters, SPELLING
    elif sounds >= 0.8:
        score, kind = 0.5 + 0.4 * sounds, SOUNDS
    else:
        return 0.0, ""
    if distinct_names:
        # Two different given names: a different ending (ANTONIO, ANTONIA) or other
        # consonants (CRISTIAN, CRISTINA keep theirs) is another name; a vowel is a spelling.
        other_name = a[-1] != b[-1] or skeleton(a) != skeleton(b)
        score -= 0.35 if other_name else 0.2
    return score, kind


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
    """List side: log(names / names holding the token); how much a token says about who it is."""
    given_like: tuple[bool, ...] = ()
    """Query side: which tokens are known given names (an extra one is a middle name the list
    leaves out; an extra token that is not is more likely a surname the list does not have)."""


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
    pairs: tuple[TokenPair, ...]
    missing: tuple[tuple[str, str], ...]
    """(role, list token) left without a partner."""
    extra: tuple[str, ...]
    """Query tokens left without a partner."""
    notes: tuple[str, ...]
    """Penalties applied, in words (e.g. "given name differs")."""


SimilarityFn = Callable[[int, str], tuple[float, str]]


def _joined_pairs(q: PreparedName, c: PreparedName) -> list[tuple[float, str, tuple[int, ...], tuple[int, ...]]]:
    """One token on one side written as two or three on the other: DELACRUZ / DE LA CRUZ,
    Chema / JOSE MARIA, MARIAJOSE / MARIA JOSE."""
    out = []
    for short, long_, flip in ((q, c, False), (c, q, True)):
        n = len(long_.tokens)
        for i, tok in enumerate(short.tokens):
            if len(tok) < 4:
                continue
            for k in (2, 3):
                for j in range(n - k + 1):
                    joined = "".join(long_.tokens[j : j + k])
                    if joined == tok:
                        score = 1.0
                    elif same_given_name(tok, joined):
                        score = 0.95
                    else:
                        continue
                    span = tuple(range(j, j + k))
                    out.append((score, JOINED, span, (i,)) if flip else (score, JOINED, (i,), span))
    return out


def compare_names(q: PreparedName, c: PreparedName, similarity: SimilarityFn) -> NameComparison:
    """Align and score a query name against a list name.

    similarity(i, token) gives the similarity of query token i with a list token; the index
    passes a cached one, tests pass `token_similarity` directly.
    """
    cand: list[tuple[float, str, tuple[int, ...], tuple[int, ...]]] = []
    for i, qt in enumerate(q.tokens):
        for j, ct in enumerate(c.tokens):
            if q.minor[i] or c.minor[j]:
                if qt == ct:
                    cand.append((1.0, EXACT, (i,), (j,)))
                continue
            s, kind = similarity(i, ct)
            if s >= MIN_TOKEN_SCORE:
                cand.append((s, kind, (i,), (j,)))
    if len(q.tokens) > 1 or len(c.tokens) > 1:
        cand.extend(_joined_pairs(q, c))
    cand.sort(key=lambda p: (-p[0], abs(p[2][0] / max(len(q.tokens), 1) - p[3][0] / max(len(c.tokens), 1))))

    q_used = [False] * len(q.tokens)
    c_used = [False] * len(c.tokens)
    chosen = []
    for s, kind, qi, cj in cand:
        if any(q_used[i] for i in qi) or any(c_used[j] for j in cj):
            continue
        for i in qi:
            q_used[i] = True
        for j in cj:
            c_used[j] = True
        chosen.append((s, kind, qi, cj))

    matched = 0.0
    total = 0.0
    pairs = []
    for s, kind, qi, cj in chosen:
        w = sum(q.weights[i] for i in qi) + sum(c.weights[j] for j in cj)
        matched += s * w
        total += w
        if not (all(q.minor[i] for i in qi) and all(c.minor[j] for j in cj)):
            pairs.append(
                TokenPair(
                    query=" ".join(q.display[i] for i in qi),
                    listed=" ".join(c.display[j] for j in cj),
                    role=c.roles[cj[0]],
                    kind=kind,
                    score=round(s, 3),
                    position=cj[0],
                )
            )

    nq, nc = len(q.tokens), len(c.tokens)
    aligned_roles = {c.roles[j] for j in range(nc) if c_used[j] and not c.minor[j]}
    full_aligned = sum(1 for j in range(nc) if c_used[j] and not c.minor[j] and len(c.tokens[j]) > 1)
    missing_idx = [j for j in range(nc) if not c_used[j] and not c.minor[j]]
    extra_idx = [i for i in range(nq) if not q_used[i] and not q.minor[i]]
    conflicts = min(len(missing_idx), len(extra_idx))
    for j in range(nc):
        if not c_used[j] and c.minor[j]:
            total += 0.3 * c.weights[j]
    for i in range(nq):
        if not q_used[i] and q.minor[i]:
            total += 0.3 * q.weights[i]
    first_surname = next((j for j, r in enumerate(c.roles) if r == SURNAME), None)
    first_given = next((j for j, r in enumerate(c.roles) if r == GIVEN), None)
    cheap_used = False
    for j in missing_idx:
        role = c.roles[j]
        factor = 1.0
        if conflicts or not c.person:
            factor = 1.0
        elif role == SURNAME and SURNAME in aligned_roles:
            factor = 0.6 if j == first_surname else 0.3
        elif role == GIVEN and GIVEN in aligned_roles:
            factor = 0.6 if j == first_given else 0.3
        elif role == WORD and full_aligned >= 2:
            factor = 0.5
        if factor < 0.6:
            factor = 0.6 if cheap_used else factor
            cheap_used = True
        total += factor * c.weights[j]
    for i in extra_idx:
        factor = 1.0
        if c.person and not conflicts and full_aligned >= 2:
            factor = 0.6 if q.given_like and q.given_like[i] else 0.9
        total += factor * q.weights[i]

    score = matched / total if total else 0.0
    notes = []
    if conflicts:
        score *= 0.9**conflicts
    if c.person:
        if SURNAME in c.roles and SURNAME not in aligned_roles:
            score *= 0.6
            notes.append("no surname in common")
        if GIVEN in c.roles and GIVEN not in aligned_roles:
            if extra_idx:
                score *= 0.7
                notes.append("given name differs")
            else:
                score *= 0.85
                notes.append("no given name in the query")
        if full_aligned == 1 and nc - sum(c.minor) >= 2:
            score *= 0.85
            notes.append("only one name in common")
        if missing_idx and c.idf:
            info = sum(c.idf[j] for j in range(nc) if c_used[j] and not c.minor[j])
            if info < 13.3:
                score *= 0.6 + 0.03 * info
                notes.append("only common names in common")
    missing = tuple((c.roles[j], c.display[j]) for j in missing_idx)
    extra = tuple(q.display[i] for i in extra_idx)
    return NameComparison(
        score=min(1.0, score),
        pairs=tuple(pairs),
        missing=missing,
        extra=extra,
        notes=tuple(notes),
    )
