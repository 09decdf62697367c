"""Compare a query name with one list name: align their tokens, then score the alignment.

Tokens are aligned one to one whatever their order, each pair with a kind (exact, nickname,
sounds alike, spelling, initial, joined). The score is a weighted share of the two names'
tokens that found a partner; tokens a Mexican name often leaves out (a second surname, a
middle name) cost less when missing, and a list entry's given name that meets a different
given name in the query counts against the match.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from puente.sanctions.screening.nicknames import name_groups, same_given_name
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


def token_similarity(
    a: str, b: str, known_names: frozenset[str] = frozenset()
) -> tuple[float, str]:
    """How alike two folded tokens are, in 0..1, and why.

    known_names: tokens known to be names on the list; two different known names that are
    merely spelled alike (DANIEL, DANIELA; HERNANDEZ, FERNANDEZ) are not the same name.
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
    distinct_names = (a in known_names and b in known_names) or _gender_pair(a, b)
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


def _gender_pair(a: str, b: str) -> bool:
    """ANTONIO / ANTONIA, JUAN / JUANA, KARLOV / KARLOVA: the same stem, another person."""
    if min(len(a), len(b)) < 4:
        return False
    if len(a) == len(b):
        return a[:-1] == b[:-1] and {a[-1], b[-1]} == {"A", "O"}
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return long_ == short + "A" and short[-1] not in "AEIOU"


RESIDUAL_MIN = 0.72


def _residual_similarity(a: str, b: str, known_names: frozenset[str]) -> float:
    """Similarity of two tokens left unpaired by the first pass: two edits in a long name
    (MOUHAMNAD, MUHAMMAD). Not for two different known names, nor a different first sound."""
    if len(a) < 5 or len(b) < 5 or (a in known_names and b in known_names) or _gender_pair(a, b):
        return 0.0
    sa, sb = sound(a), sound(b)
    if not sa or not sb or sa[0] != sb[0]:
        return 0.0
    best = max(OSA.normalized_similarity(a, b), OSA.normalized_similarity(sa, sb))
    return 0.35 + 0.5 * best if best >= 0.74 else 0.0


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
    joins: dict[str, tuple[tuple[int, ...], ...]] = field(default_factory=dict)
    """Neighbouring tokens written together (see `joined_spans`)."""
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
                query=" ".join(q.display[i] for i in qi),
                listed=" ".join(c.display[j] for j in cj),
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


SimilarityFn = Callable[[int, str], tuple[float, str]]


def joined_spans(tokens: tuple[str, ...]) -> dict[str, tuple[tuple[int, ...], ...]]:
    """Two or three neighbouring tokens written together, for `PreparedName.joins`."""
    out: dict[str, list[tuple[int, ...]]] = {}
    for k in (2, 3):
        for j in range(len(tokens) - k + 1):
            out.setdefault("".join(tokens[j : j + k]), []).append(tuple(range(j, j + k)))
    return {key: tuple(v) for key, v in out.items()}


def _joined_pairs(
    q: PreparedName, c: PreparedName
) -> list[tuple[float, str, tuple[int, ...], tuple[int, ...]]]:
    """One token on one side written as two or three on the other: DELACRUZ / DE LA CRUZ,
    Chema / JOSE MARIA, MARIAJOSE / MARIA JOSE."""
    out: list[tuple[float, str, tuple[int, ...], tuple[int, ...]]] = []
    for short, long_, flip in ((q, c, False), (c, q, True)):
        joins = long_.joins
        if not joins:
            continue
        for i, tok in enumerate(short.tokens):
            if len(tok) < 3:
                continue
            found = [(1.0, span) for span in joins.get(tok, ())]
            for group in name_groups(tok):
                found.extend((0.95, span) for span in joins.get(group, ()))
            for score, span in found:
                out.append((score, JOINED, span, (i,)) if flip else (score, JOINED, (i,), span))
    return out


def compare_names(
    q: PreparedName,
    c: PreparedName,
    similarity: SimilarityFn,
    known_names: frozenset[str] = frozenset(),
) -> NameComparison:
    """Align and score a query name against a list name.

    similarity(i, token) gives the similarity of query token i with a list token; the index
    passes a cached one, tests pass `token_similarity` directly. known_names: tokens that are
    names on the list (two different ones are never one name misspelled).
    """
    nq, nc = len(q.tokens), len(c.tokens)
    inv_q, inv_c = 1.0 / nq, 1.0 / max(nc, 1)
    q_minor, c_minor, c_tokens = q.minor, c.minor, c.tokens
    cand: list[tuple[float, float, str, tuple[int, ...], tuple[int, ...]]] = []
    for i in range(nq):
        qm = q_minor[i]
        qt = q.tokens[i]
        for j in range(nc):
            ct = c_tokens[j]
            if qm or c_minor[j]:
                if qt == ct:
                    cand.append((-1.0, abs(i * inv_q - j * inv_c), EXACT, (i,), (j,)))
                continue
            s, kind = similarity(i, ct)
            if s >= MIN_TOKEN_SCORE and (c.person or kind not in (INITIAL, NICKNAME)):
                cand.append((-s, abs(i * inv_q - j * inv_c), kind, (i,), (j,)))
    if q.joins or c.joins:
        cand.extend((-sc, 0.0, kind, qi, cj) for sc, kind, qi, cj in _joined_pairs(q, c))
    cand.sort()

    q_used = [False] * nq
    c_used = [False] * nc
    chosen = []
    matched = 0.0
    total = 0.0
    q_weights, c_weights = q.weights, c.weights
    for neg, _, kind, qi, cj in cand:
        if len(qi) == 1 and len(cj) == 1:
            i, j = qi[0], cj[0]
            if q_used[i] or c_used[j]:
                continue
            q_used[i] = c_used[j] = True
            w = q_weights[i] + c_weights[j]
        else:
            if any(q_used[i] for i in qi) or any(c_used[j] for j in cj):
                continue
            for i in qi:
                q_used[i] = True
            for j in cj:
                c_used[j] = True
            w = sum(q_weights[i] for i in qi) + sum(c_weights[j] for j in cj)
        matched -= neg * w
        total += w
        chosen.append((-neg, kind, qi, cj))

    # Tokens still alone on both sides may be one name spelled two ways at once (a typo in a
    # transliteration: MOUHAMNAD / MUHAMMAD): pair them if they are still fairly alike.
    left_q = [i for i in range(nq) if not q_used[i] and not q_minor[i] and len(q.tokens[i]) >= 4]
    left_c = [j for j in range(nc) if not c_used[j] and not c_minor[j] and len(c_tokens[j]) >= 4]
    if left_q and left_c:
        residual = sorted(
            (-_residual_similarity(q.tokens[i], c_tokens[j], known_names), i, j)
            for i in left_q
            for j in left_c
        )
        for neg, i, j in residual:
            if neg > -RESIDUAL_MIN or q_used[i] or c_used[j]:
                continue
            q_used[i] = c_used[j] = True
            w = q_weights[i] + c_weights[j]
            matched -= neg * w
            total += w
            chosen.append((-neg, SPELLING, (i,), (j,)))

    aligned_roles = {c.roles[j] for j in range(nc) if c_used[j] and not c.minor[j]}
    full_aligned = sum(
        1 for j in range(nc) if c_used[j] and not c.minor[j] and len(c.tokens[j]) > 1
    )
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
            if info < 1.25:
                score *= 0.6 + 0.32 * info
                notes.append("only common names in common")
    return NameComparison(
        score=min(1.0, score),
        notes=tuple(notes),
        query=q,
        listed=c,
        chosen=tuple(chosen),
        missing_idx=tuple(missing_idx),
        extra_idx=tuple(extra_idx),
    )
