"""Queries made from list names by the mistakes people make, and the check that the bound
of bounds.py never stops a comparison that would have reached the score it was asked for."""

from __future__ import annotations

from hypothesis import strategies as st

from puente.errors import InvalidInput
from puente.sanctions.screening import Query, ScreeningIndex
from puente.sanctions.screening.compare import compare_names
from puente.sanctions.screening.engine import CANDIDATES
from puente.sanctions.screening.query import validate_query

LETTERS = "abcdefghijklmnopqrstuvwxyzñ"


@st.composite
def _typo(draw: st.DrawFn, token: str) -> str:
    if not token:
        return token
    at = draw(st.integers(0, len(token) - 1))
    letter = draw(st.sampled_from(LETTERS))
    kind = draw(st.sampled_from(("drop", "add", "swap", "replace", "double")))
    if kind == "drop":
        return token[:at] + token[at + 1 :]
    if kind == "add":
        return token[:at] + letter + token[at:]
    if kind == "swap" and at + 1 < len(token):
        return token[:at] + token[at + 1] + token[at] + token[at + 2 :]
    if kind == "double":
        return token[: at + 1] + token[at:]
    return token[:at] + letter + token[at + 1 :]


@st.composite
def perturbed(draw: st.DrawFn, index: ScreeningIndex) -> str:
    """A list name written as a query: reordered, a token dropped, misspelled, cut to its
    initial, joined to the next, or with a word of another list name or a made-up one."""
    names = index.names.names
    text = names[draw(st.integers(0, len(names) - 1))].text
    tokens = text.replace(",", " ").split()
    if draw(st.booleans()):
        tokens = draw(st.permutations(tokens))
    for _ in range(draw(st.integers(0, 3))):
        if not tokens:
            break
        at = draw(st.integers(0, len(tokens) - 1))
        op = draw(st.sampled_from(("typo", "drop", "initial", "join", "other", "word")))
        if op == "typo":
            tokens[at] = draw(_typo(tokens[at]))
        elif op == "drop" and len(tokens) > 1:
            del tokens[at]
        elif op == "initial":
            tokens[at] = tokens[at][:1] + draw(st.sampled_from(("", ".")))
        elif op == "join" and at + 1 < len(tokens):
            tokens[at : at + 2] = [tokens[at] + tokens[at + 1]]
        elif op == "other":
            other = names[draw(st.integers(0, len(names) - 1))].text.replace(",", " ").split()
            if other:
                tokens.insert(at, draw(st.sampled_from(other)))
        else:
            tokens.insert(at, draw(st.text(LETTERS, min_size=1, max_size=8)))
    return " ".join(tokens)


def check_bound(index: ScreeningIndex, text: str, extra: tuple[int, ...] = ()) -> int:
    """Asks every comparison a screening of `text` makes (and those with the list names
    `extra`) for its own score as the least that matters: the bound must let each through,
    with the same result. Returns how many comparisons were checked."""
    try:
        checked = validate_query(Query(text))
    except InvalidInput:
        return 0
    known = index.names.known_names
    seen = 0
    for reading in index._prepare(checked):
        similarity = index._similarity(reading)
        for nid in [*index.names.candidates(reading, CANDIDATES), *extra]:
            listed = index.names.names[nid].prepared
            full = compare_names(reading, listed, similarity, known)
            kept = compare_names(reading, listed, similarity, known, at_least=full.score)
            assert kept == full, (text, index.names.names[nid].text, full.score)
            seen += 1
    return seen
