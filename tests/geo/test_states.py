"""Mexico's federal entities under the names publishers give them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puente.errors import NotFound
from puente.geo.states import ENTITIES, find_state, normalize_name, resolve_state

CASES = [
    ("Distrito Federal", "09", "old name of Mexico City (BTS, UNT geometry)"),
    ("Ciudad de México", "09", "current name"),
    ("CIUDAD DE MEXICO", "09", "upper case, no accent"),
    ("MX-DIF", "09", "ISO code before 2016"),
    ("MX-CMX", "09", "ISO code since 2016"),
    ("Estado de Mexico", "15", "BTS spelling of the State of Mexico"),
    ("México", "15", "INEGI's name of the State of Mexico"),
    ("Michoacan", "16", "unaccented"),
    ("Michoacán de Ocampo", "16", "official name"),
    ("Coahuila de Zaragoza", "05", "official name"),
    ("Veracruz de Ignacio de la Llave", "30", "official name"),
    ("nuevo leon", "19", "lower case, unaccented"),
    ("San Luis Potosi", "24", "unaccented"),
    ("Queretaro", "22", "unaccented"),
    ("Yucatan", "31", "unaccented"),
    ("9", "09", "INEGI key without its zero"),
    ("NLE", "19", "ISO code without the country"),
]


@pytest.mark.parametrize(("text", "inegi", "why"), CASES)
def test_names_resolve(text: str, inegi: str, why: str) -> None:
    entity = find_state(text)
    assert entity is not None, why
    assert entity.inegi == inegi, why


def test_thirty_two_distinct_entities() -> None:
    assert len({e.inegi for e in ENTITIES}) == 32
    assert len({e.iso for e in ENTITIES}) == 32
    assert all(find_state(e.name) is e and find_state(e.official) is e for e in ENTITIES)


def test_unknown_name() -> None:
    assert find_state("Texas") is None
    with pytest.raises(NotFound, match="32 federal entities"):
        resolve_state("Texas")


@given(st.text())
def test_normalize_never_crashes_and_is_idempotent(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once


@given(st.sampled_from(ENTITIES), st.booleans())
def test_case_and_accents_do_not_matter(entity, upper: bool) -> None:
    text = entity.name.upper() if upper else entity.name.lower()
    assert find_state(text) is entity
