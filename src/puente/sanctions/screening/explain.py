"""Explanations a reviewer can read: "surname GUZMAN LOERA exact; given name Joakin ~
Joaquin, sounds alike; born 1957, list says 1957"."""

from __future__ import annotations

from puente.sanctions.screening.compare import (
    EXACT,
    INITIAL,
    JOINED,
    NICKNAME,
    SOUNDS,
    SPELLING,
    NameComparison,
)
from puente.sanctions.screening.normalize import GIVEN, SURNAME
from puente.sanctions.screening.query import Evidence

_ROLE = {SURNAME: "surname", GIVEN: "given name"}
_ROLES = {SURNAME: "surnames", GIVEN: "given names"}
_KIND = {
    EXACT: "exact",
    NICKNAME: "nickname or variant of the same name",
    SOUNDS: "sounds alike",
    SPELLING: "spelled differently",
    INITIAL: "initial",
    JOINED: "written as one word",
}


def _role(role: str, plural: bool = False) -> str:
    return (_ROLES if plural else _ROLE).get(role, "names" if plural else "name")


def name_parts(comparison: NameComparison) -> list[Evidence]:
    """The token-level reasons of a name comparison, in the list name's order."""
    parts: list[Evidence] = []
    pairs = sorted(comparison.pairs, key=lambda p: p.position)
    for role in (SURNAME, GIVEN, *sorted({p.role for p in pairs} - {SURNAME, GIVEN})):
        exact = [p for p in pairs if p.role == role and p.kind == EXACT]
        if exact:
            words = " ".join(p.listed for p in exact)
            asked = " ".join(p.query for p in exact)
            # A query in another script shows what it was read as: "Путин [PUTIN]".
            shown = f"{words} exact" if "[" not in asked else f"{words} exact (query {asked})"
            parts.append(
                Evidence(
                    "token",
                    f"{_role(role, len(exact) > 1)} {shown}",
                    " ".join(p.query for p in exact),
                    words,
                    EXACT,
                )
            )
        for p in pairs:
            if p.role == role and p.kind != EXACT:
                parts.append(
                    Evidence(
                        "token",
                        f"{_role(role)} {p.query} ~ {p.listed}, {_KIND.get(p.kind, p.kind)}",
                        p.query,
                        p.listed,
                        p.kind,
                    )
                )
    seen_surname = any(p.role == SURNAME for p in pairs)
    for role, word in comparison.missing:
        word = _with_reading(comparison, word)
        label = "second surname" if role == SURNAME and seen_surname else _role(role)
        parts.append(Evidence("missing", f"{label} {word} not in the query", "", word, "missing"))
    for word in comparison.extra:
        word = _with_reading(comparison, word, query=True)
        parts.append(Evidence("extra", f"{word} not in the list name", word, "", "extra"))
    for note in comparison.notes:
        parts.append(Evidence("note", note, "", "", "penalty"))
    return parts


def _with_reading(comparison: NameComparison, word: str, query: bool = False) -> str:
    """A missing or extra token, with its transliteration if it is not in Latin letters."""
    name = comparison.query if query else comparison.listed
    if word.isascii() or word not in name.display:
        return word
    i = name.display.index(word)
    return word if name.tokens[i] == word.upper() else f"{word} [{name.tokens[i]}]"


def explanation_text(parts: list[Evidence]) -> str:
    return "; ".join(p.text for p in parts)
