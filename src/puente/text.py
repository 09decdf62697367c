"""Folding names for look-ups where accents, case and punctuation never matter, and
suggestions for names that match nothing."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """'Mérida' / 'MERIDA' / ' merida ' all become 'merida'; 'Nuevo León' becomes
    'nuevo leon'; punctuation becomes a single space ('D.F.' -> 'd f')."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", bare.casefold()).strip()


def slugify(text: str) -> str:
    """A URL slug: 'Nuevo León' -> 'nuevo-leon'."""
    return fold(text).replace(" ", "-")


def suggest(query: str, names: Iterable[str], n: int = 3) -> list[str]:
    """The display names closest to what was typed, compared folded."""
    by_fold: dict[str, str] = {}
    for name in names:
        by_fold.setdefault(fold(name), name)
    wanted = fold(query)
    close = difflib.get_close_matches(wanted, list(by_fold), n=n, cutoff=0.6)
    if not close:
        # A prefix or a word in common still helps ("baja" -> both Bajas).
        close = [key for key in by_fold if wanted and (key.startswith(wanted) or wanted in key)]
    seen: list[str] = []
    for key in close:
        shown = by_fold[key]
        if shown not in seen:
            seen.append(shown)
    return seen[:n]
