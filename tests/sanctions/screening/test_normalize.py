"""Folding and cutting names into tokens."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puente.sanctions.screening.normalize import GIVEN, SURNAME, WORD, fold, fold_id, parse_name

_LATIN = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzñáéíóúüç ABCDEFGHIJKLMNOPQRSTUVWXYZ-.,'"),
    max_size=60,
)


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_gives_plain_upper_words(text: str) -> None:
    folded = fold(text)
    assert folded == folded.strip()
    assert "  " not in folded
    assert all(c.isascii() and (c.isupper() or c.isdigit() or c == " ") for c in folded)


@given(_LATIN)
def test_fold_ignores_case(text: str) -> None:
    assert fold(text.lower()) == fold(text.upper()) == fold(text)


@given(_LATIN)
def test_fold_ignores_accents(text: str) -> None:
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    assert fold(stripped) == fold(text)


@given(st.text(), st.booleans())
def test_parse_never_crashes_and_keeps_roles_aligned(text: str, comma: bool) -> None:
    parts = parse_name(text, comma_means_surname=comma)
    assert len(parts.tokens) == len(parts.roles) == len(parts.minor) == len(parts.display)
    assert all(t == fold(t) and " " not in t for t in parts.tokens)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Joaquín  GUZMÁN-Loera", "JOAQUIN GUZMAN LOERA"),
        ("Peña Nieto", "PENA NIETO"),
        ("O'Neil", "ONEIL"),
        ("Путин", "PUTIN"),
        ("Straße", "STRASSE"),
    ],
)
def test_fold_examples(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_list_name_roles() -> None:
    parts = parse_name("GUZMAN LOERA, Joaquin Archivaldo")
    assert parts.tokens == ("GUZMAN", "LOERA", "JOAQUIN", "ARCHIVALDO")
    assert parts.roles == (SURNAME, SURNAME, GIVEN, GIVEN)
    assert parts.display[2] == "Joaquin"


def test_particles_weigh_little_but_stay() -> None:
    parts = parse_name("DE LA CRUZ REYNA, Jose Maria")
    assert parts.tokens[:3] == ("DE", "LA", "CRUZ")
    assert parts.minor[:4] == (True, True, False, False)


def test_a_particle_alone_is_a_surname() -> None:
    assert parse_name("DU, Changgen").minor == (False, False)


@pytest.mark.parametrize(
    "name",
    [
        "ACCESOS ELECTRONICOS S.A.DE C.V.",
        "Accesos Electronicos SA de CV",
        "ACCESOS ELECTRONICOS, S. A. DE C. V.",
        "accesos electrónicos sociedad anónima de capital variable",
    ],
)
def test_company_forms_fold_to_one_minor_token(name: str) -> None:
    parts = parse_name(name)
    assert parts.tokens[:2] == ("ACCESOS", "ELECTRONICOS")
    assert len(parts.tokens) == 3
    assert parts.minor == (False, False, True)
    assert parts.roles == (WORD, WORD, WORD)


def test_stacked_and_misspelled_forms() -> None:
    assert parse_name("GELRO IMPEX S.R.L. SAPI de CV").minor == (False, False, True)
    assert parse_name("WAFANGDIAN BEARING COMANY LIMITED").minor == (False, False, True)


def test_a_form_alone_is_the_name() -> None:
    assert parse_name("COMPANY").minor == (False,)


def test_fold_id_ignores_punctuation() -> None:
    assert fold_id("gulj-570404 hslzrq05") == fold_id("GULJ570404HSLZRQ05")
