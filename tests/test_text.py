"""Folding: accents, case and punctuation never matter; suggestions for typos."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puente.text import fold, slugify, suggest

CASES = [
    ("Mérida", "merida", "accent dropped"),
    ("MERIDA", "merida", "case folded"),
    ("  Nuevo León ", "nuevo leon", "spaces trimmed"),
    ("D.F.", "d f", "punctuation becomes a space"),
    ("Querétaro de Arteaga", "queretaro de arteaga", "several words"),
    ("San Luis Río Colorado", "san luis rio colorado", "accent inside"),
]


@pytest.mark.parametrize(("text", "expected", "why"), CASES)
def test_fold(text: str, expected: str, why: str) -> None:
    assert fold(text) == expected, why


def test_slugify() -> None:
    assert slugify("Ciudad de México") == "ciudad-de-mexico"


def test_suggest_finds_the_intended_name() -> None:
    names = ["Sonora", "Sinaloa", "Nuevo León", "Baja California", "Baja California Sur"]
    assert suggest("Sonra", names)[0] == "Sonora"
    assert suggest("nuevo leom", names) == ["Nuevo León"]
    assert set(suggest("baja", names)) == {"Baja California", "Baja California Sur"}
    assert suggest("zzzzzz", names) == []


@given(st.text())
def test_fold_never_crashes_and_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


SPANISH = "abcdefghijklmnopqrstuvwxyzáéíóúüñ ABCDEFGHIJKLMNOPQRSTUVWXYZÁÉÍÓÚÜÑ"


def strip_accents(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


@given(st.text(alphabet=SPANISH, max_size=30))
def test_fold_ignores_case_and_accents(text: str) -> None:
    assert fold(text.upper()) == fold(text.lower()) == fold(strip_accents(text)) == fold(text)
