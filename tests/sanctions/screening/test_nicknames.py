"""The nickname table: the names Mexicans use for given names."""

from __future__ import annotations

import pytest

from puente.sanctions.screening.nicknames import formal_words, name_groups, same_given_name
from puente.sanctions.screening.normalize import fold

PAIRS = [
    ("Chuy", "Jesús"),
    ("Chucho", "Jesús"),
    ("Pancho", "Francisco"),
    ("Paco", "Francisco"),
    ("Lupe", "Guadalupe"),
    ("Pepe", "José"),
    ("Nacho", "Ignacio"),
    ("Memo", "Guillermo"),
    ("Beto", "Alberto"),
    ("Beto", "Roberto"),
    ("Lalo", "Eduardo"),
    ("Toño", "Antonio"),
    ("Quique", "Enrique"),
    ("Concha", "Concepción"),
    ("Lencho", "Lorenzo"),
    ("Poncho", "Alfonso"),
    ("Chalo", "Gonzalo"),
    ("Chava", "Salvador"),
    ("Ma.", "María"),
    ("Fco.", "Francisco"),
    ("Mohammed", "Muhammad"),
]


@pytest.mark.parametrize(("nick", "formal"), PAIRS)
def test_nickname_stands_for_formal_name(nick: str, formal: str) -> None:
    assert same_given_name(fold(nick).replace(" ", ""), fold(formal))
    assert same_given_name(fold(formal), fold(nick).replace(" ", ""))


def test_a_shared_nickname_does_not_join_two_formal_names() -> None:
    assert not same_given_name("ALBERTO", "ROBERTO")
    assert not same_given_name("FRANCISCO", "GUADALUPE")


def test_compound_names() -> None:
    assert "JOSEMARIA" in name_groups("CHEMA")
    assert formal_words("JOSEMARIA") == ("JOSE", "MARIA")
