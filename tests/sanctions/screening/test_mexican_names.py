"""Mexican names against common US and Mexican names: a first surname left out, and a known
given name that is another name spelled alike."""

from __future__ import annotations

import pytest

from puente.sanctions.screening import Query, ScreeningIndex

from .conftest import person
from .scoring import scoring_records


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex.build(
        [
            *scoring_records(),
            person("7701", "BELTRAN SANCHEZ, Hector Manuel"),
            person("7702", "GONZALEZ RAMIREZ, Francisco Noe"),
            person("7703", "MORALES ZAMBRANO, Christian"),
            # CHRISTIAN is a given name of the list, as it is of the SDN list.
            person("7704", "PEREZ TAPIA, Christian"),
            person("7705", "LUNA SOTO, Christian"),
        ],
        "mexican-1",
    )


def _matched(index: ScreeningIndex, query: str) -> list[str]:
    return [m.entity_id for m in index.screen(Query(query), limit=3) if m.match]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Hector Sanchez", []),
        ("Francisco Ramirez", []),
        ("Hector Beltran", ["7701"]),
        ("Hector Manuel Sanchez", ["7701"]),
        ("Francisco Gonzalez", ["7702"]),
    ],
)
def test_a_query_without_the_first_surname_leaves_out_no_more_cheaply(
    index: ScreeningIndex, query: str, expected: list[str]
) -> None:
    """A person goes by the first surname (a Mexican one's father's): a common given name and
    the second surname alone is someone else, unless another name of the listed one is
    there; the first surname with the given name is still a match."""
    assert _matched(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Christina Morales", []),
        ("Cristina Morales", []),
        ("Christian Morales", ["7703"]),
        ("Christain Morales", ["7703"]),
    ],
)
def test_a_given_name_of_the_nickname_table_is_no_misspelling(
    index: ScreeningIndex, query: str, expected: list[str]
) -> None:
    """CHRISTINA is no list name here, but it is a known given name: not CHRISTIAN
    misspelled, as a typo of CHRISTIAN still is."""
    assert _matched(index, query) == expected
