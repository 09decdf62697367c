"""Search, entity pages' data, programs and the records the engine indexes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puente.errors import InvalidInput, NotFound
from puente.sanctions.entities import (
    get_entity,
    list_programs,
    load_screening_records,
    search_entities,
)
from puente.sanctions.results import SanctionsSearch
from puente.store import Store


def test_kingpin_designations_with_mexico_ties_come_first(loaded: Store) -> None:
    with loaded.read() as cur:
        result = search_entities(cur)
    names = [r.name for r in result.results]
    assert names[:2] == ["CARTEL DE SINALOA", "GUZMAN LOERA, Joaquin"]
    assert names[2] == "COMERCIALIZADORA EJEMPLO, S.A. DE C.V."  # other narcotics, Mexico
    assert result.total == 8
    assert result.version.dataset == "ofac-sdn"


def test_search_ignores_accents_and_case_and_reports_the_alias_hit(loaded: Store) -> None:
    with loaded.read() as cur:
        by_accent = search_entities(cur, q="peña")
        by_plain = search_entities(cur, q="PENA NUNEZ jose")
        by_alias = search_entities(cur, q="el chapo")
    assert {r.entity_id for r in by_accent.results} == {7001, 7002}
    assert [r.entity_id for r in by_plain.results] == [7001]
    assert by_alias.results[0].entity_id == 6861
    assert by_alias.results[0].matched_name == "EL CHAPO"


def test_filters_by_program_country_and_type(loaded: Store) -> None:
    with loaded.read() as cur:
        sdnt = search_entities(cur, program="sdnt")
        colombia = search_entities(cur, country="Colombia")
        vessels = search_entities(cur, entity_type="vessel")
        none = search_entities(cur, q="chapo", country="CO")
    assert {r.entity_id for r in sdnt.results} == {7001, 7002}
    assert {r.entity_id for r in colombia.results} == {7001, 7002}
    assert [r.name for r in vessels.results] == ["MAR AZUL"]
    assert none.total == 0
    assert none.results == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"q": "x" * 10_000}, "10,000 characters"),
        ({"q": "abc\x00"}, "control character"),
        ({"entity_type": "boat"}, "type 'boat' is unknown"),
        ({"program": "SDN TK"}, "not a program tag"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_search_input_is_refused(loaded: Store, kwargs: dict, message: str) -> None:
    with loaded.read() as cur, pytest.raises(InvalidInput, match=message):
        search_entities(cur, **kwargs)


def test_an_unknown_country_is_not_found(loaded: Store) -> None:
    with loaded.read() as cur, pytest.raises(NotFound, match="no country 'Atlantis' is known"):
        search_entities(cur, country="Atlantis")


def test_a_query_of_only_wildcards_finds_nothing(loaded: Store) -> None:
    with loaded.read() as cur:
        found = search_entities(cur, q="%_ ,")
    assert (found.total, found.results) == (0, [])


def test_any_script_is_searched_not_refused(loaded: Store) -> None:
    with loaded.read() as cur:
        assert search_entities(cur, q="Гусман 古斯曼 جوزمان").total == 0


def test_entity_has_aliases_addresses_documents_and_links_both_ways(loaded: Store) -> None:
    with loaded.read() as cur:
        entity = get_entity(cur, 6861).entity
    assert [n.kind for n in entity.names] == ["primary", "aka", "aka", "weak"]
    assert entity.addresses[0].city == "Culiacan, Sinaloa"
    assert {(d.doc_type, d.number) for d in entity.documents} == {
        ("C.U.R.P.", "GULJ570404HSLZRQ02"),
        ("Passport", "A12345678"),
    }
    passport = next(d for d in entity.documents if d.doc_type == "Passport")
    assert (passport.issued, passport.expires) == ("2000-01-01", "2010-01-01")
    links = {(link.direction, link.entity_id) for link in entity.linked}
    assert links == {("to", 7000), ("from", 7005)}
    assert entity.program_descriptions["SDNTK"] == "Foreign Narcotics Kingpin Designation Act"


def test_unknown_entity_is_not_found(loaded: Store) -> None:
    with loaded.read() as cur, pytest.raises(NotFound, match="no entity 1"):
        get_entity(cur, 1)


def test_programs_count_entities_and_mexico_ties(loaded: Store) -> None:
    with loaded.read() as cur:
        programs = {p.program: p for p in list_programs(cur).programs}
    assert programs["SDNTK"].entities == 2
    assert programs["SDNTK"].mexico == 2
    assert programs["SDNT"].mexico == 0


def test_screening_records_follow_the_contract(loaded: Store) -> None:
    with loaded.read() as cur:
        records = {r.entity_id: r for r in load_screening_records(cur)}
    guzman = records["6861"]
    assert guzman.primary_name == "GUZMAN LOERA, Joaquin"
    assert [n.kind for n in guzman.names] == ["primary", "aka", "aka", "weak"]
    assert guzman.birth_dates == ("1957-04-04", "1954")
    assert guzman.countries == ("MX",)
    assert guzman.id_numbers == ("GULJ570404HSLZRQ02", "A12345678")
    assert records["7001"].countries == ("CO",)
    assert records["7003"].entity_type == "vessel"


def test_nothing_loaded_is_a_clear_not_found(store: Store) -> None:
    with store.read() as cur, pytest.raises(NotFound, match="puente ingest ofac-sdn"):
        load_screening_records(cur)


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_search_text_answers_or_is_refused(loaded: Store, text: str) -> None:
    with loaded.read() as cur:
        outcome: SanctionsSearch | InvalidInput
        try:
            outcome = search_entities(cur, q=text)
        except InvalidInput as exc:
            outcome = exc
    if isinstance(outcome, InvalidInput):
        assert outcome.status_code == 400
    else:
        assert outcome.total >= 0


@pytest.fixture
def ranking(store: Store) -> Store:
    """The full snapshot plus entries that compete for the same words (snapshot `ranking`)."""
    from tests.sanctions.conftest import load_sdn_fixture

    load_sdn_fixture(store, "ranking")
    return store


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # the name beginning with the word, then an alias beginning with it, then a name
        # holding it, then a name that merely contains the letters (though "A" sorts first)
        ("guzman", [6861, 7012, 7010, 7011]),
        # the entry with the alias CHAPO first; a partial match last
        ("chapo", [6861, 7014, 7013]),
        ("el chapo", [6861, 7014]),  # the alias EL CHAPO word for word, then one beginning so
        ("cartel de sinaloa", [7000, 7015]),  # the exact name before one that holds it
        ("sinaloa cartel org", [7000]),  # exact alias
        ("guzm", [7011, 7012, 6861, 7010]),  # partial only: by name
    ],
)
def test_search_is_ranked_by_relevance_then_name(
    ranking: Store, q: str, expected: list[int]
) -> None:
    with ranking.read() as cur:
        result = search_entities(cur, q=q)
    assert [r.entity_id for r in result.results] == expected
    assert result.total == len(expected)


def test_ranked_search_pages_without_repeats_or_gaps(ranking: Store) -> None:
    with ranking.read() as cur:
        whole = [r.entity_id for r in search_entities(cur, q="guzman").results]
        paged = [
            r.entity_id
            for offset in range(0, 6, 2)
            for r in search_entities(cur, q="guzman", limit=2, offset=offset).results
        ]
        past = search_entities(cur, q="guzman", limit=2, offset=10)
    assert paged == whole
    assert past.results == []
    assert past.total == len(whole)
