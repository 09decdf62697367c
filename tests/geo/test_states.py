"""Mexico's federal entities under the names publishers give them: one table for trade,
travel and the maps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puente.errors import NotFound
from puente.geo.states import ENTITIES, ISO_CODES, find_state, normalize_name, resolve_state
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from puente.travel import places

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
    ("Mexico City", "09", "English name"),
    ("CDMX", "09", "abbreviation"),
    ("nuevo-leon", "19", "URL slug"),
    ("Edomex", "15", "abbreviation of the State of Mexico"),
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


def test_every_spelling_names_one_entity() -> None:
    """No alias, code or slug of one entity is a spelling of another."""
    owners: dict[str, set[str]] = {}
    for entity in ENTITIES:
        for key in entity.spellings():
            owners.setdefault(key, set()).add(entity.iso)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_the_table_is_complete() -> None:
    assert sorted(e.iso for e in ENTITIES) == sorted(ISO_CODES)
    assert all(e.slug == e.slug.lower() and " " not in e.slug for e in ENTITIES)


def test_travel_and_trade_resolve_every_spelling_alike(store: Store) -> None:
    """Travel's `mx-states` dataset is loaded from this same table: every spelling trade
    resolves, travel resolves to the same state."""
    ingest_source(store, get_source("mx-states"))
    with store.read() as cur:
        for entity in ENTITIES:
            for spelling in (entity.inegi, entity.iso, entity.official, *entity.aliases):
                assert places.resolve_state(cur, spelling).code == entity.iso, spelling
        loaded = {s.code: (s.inegi, s.name, s.official) for s in places.list_states(cur)}
    assert loaded == {e.iso: (e.inegi, e.name, e.official) for e in ENTITIES}
