"""Screening against the real 2026 SDN list in the mirror, loaded the way `puente ingest`
loads it (its index kept in the store and loaded back): known designations are found,
written the ways people write them, and people who are not listed are not alerted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.sanctions import screener
from puente.sanctions.screening import DEFAULT_THRESHOLD, Query, ScreeningIndex
from puente.store import Store, open_store

from ...conftest import shared_data_dir
from .bounds_check import check_bound, perturbed

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    mirror = shared_data_dir()
    if not (mirror / "ofac_sdn" / "current_2026").is_dir():
        pytest.skip(f"real data not found at {mirror}")
    store = open_store(tmp_path_factory.mktemp("sdn") / "p.duckdb")
    ingest_source(store, get_source("ofac-sdn"), mirror=mirror)
    yield store
    store.close()


@pytest.fixture(scope="module")
def real_index(real_store: Store) -> ScreeningIndex:
    index, version = screener.screening_index(real_store)
    assert version.rows == 19249
    return index


FOUND = [
    # (query, entity id on the 2026 list)
    (Query("Joaquin Guzman Loera"), "6861"),
    (Query("Joaquín Guzmán Loera", birth_date="1957-04-04"), "6861"),
    (Query("Joakin Gusman Loera"), "6861"),
    (Query("El Chapo Guzman"), "6861"),
    (Query("Ismael Zambada Garcia"), "7226"),
    (Query("Ismael Zambada"), "7226"),
    (Query("Rafael Caro Quintero"), "6707"),
    (Query("Raphael Caro Quintero"), "6707"),
    (Query("Joaquin Guzman Loera aaaa bbbb cccc"), "6861"),
    (Query("J o a q u i n Guzman Loera"), "6861"),
    (Query("Ismael Zambada Garcia xqzv wwkp"), "7226"),
]


@pytest.mark.parametrize(("query", "entity_id"), FOUND)
def test_designations_are_found(real_index: ScreeningIndex, query: Query, entity_id: str) -> None:
    matches = real_index.screen(query, limit=5)
    alerted = [m.entity_id for m in matches if m.match]
    assert entity_id in alerted, [(m.entity_id, m.name, m.score) for m in matches]


NOT_LISTED = [
    "Maria Fernanda Lopez Ortiz",
    "Juan Carlos Hernandez Martinez",
    "Comercializadora Puente S.A. de C.V.",
    "Jose Luis Rodriguez",
    "Joaquin Guzman Perez",
]


@pytest.mark.parametrize("name", NOT_LISTED)
def test_people_not_listed_are_not_alerted(real_index: ScreeningIndex, name: str) -> None:
    matches = real_index.screen(Query(name), limit=3)
    assert not [m for m in matches if m.score >= DEFAULT_THRESHOLD], [
        (m.name, m.score) for m in matches
    ]


def test_the_kept_index_equals_one_built_from_the_list(
    real_store: Store, real_index: ScreeningIndex
) -> None:
    from puente.sanctions.entities import load_screening_records

    with real_store.read() as cur:
        fresh = ScreeningIndex.build(load_screening_records(cur), real_index.list_version)
    assert dict(fresh.parts) == dict(real_index.parts)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_bound_never_stops_a_comparison_of_a_real_list_name_that_reaches_its_score(
    real_index: ScreeningIndex, data: st.DataObject
) -> None:
    check_bound(real_index, data.draw(perturbed(real_index)))
