"""Screening through the public API: queries, matches, evidence, bad input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puente.errors import InvalidInput
from puente.sanctions.screening import Match, Query, ScreeningIndex, validate_query


def _top(index: ScreeningIndex, **kwargs: str) -> Match:
    matches = index.screen(Query(**kwargs))
    assert matches, kwargs
    return matches[0]


def test_match_fields(index: ScreeningIndex) -> None:
    m = _top(index, name="Joaquín Guzmán Loera")
    assert m.entity_id == "6861"
    assert m.name == "GUZMAN LOERA, Joaquin"
    assert m.match is True
    assert m.programs == ("SDNTK",)
    assert 0.0 <= m.score <= 1.0
    assert m.as_dict()["parts"][0]["kind"] == "token"


def test_threshold_sets_the_flag_not_the_score(index: ScreeningIndex) -> None:
    low = index.screen(Query("Joakin Guzman"), threshold=0.5)
    high = index.screen(Query("Joakin Guzman"), threshold=0.99)
    assert low[0].score == high[0].score
    assert low[0].match
    assert not high[0].match


def test_results_are_ranked_and_limited(index: ScreeningIndex) -> None:
    matches = index.screen(Query("Joaquin Guzman"), limit=2)
    assert len(matches) == 2
    assert matches[0].score >= matches[1].score
    assert {m.entity_id for m in matches} == {"6861", "41897"}


def test_alias_matches_the_entity(index: ScreeningIndex) -> None:
    assert _top(index, name="Raphael Caro Quintero").entity_id == "6707"


def test_birth_date_raises_and_lowers(index: ScreeningIndex) -> None:
    plain = _top(index, name="Joaquin Guzman Loera").score
    same = _top(index, name="Joakin Guzman Loera", birth_date="1957-04-04")
    other = index.screen(Query("Joaquin Guzman Loera", birth_date="1990"))
    assert same.score >= _top(index, name="Joakin Guzman Loera").score
    assert "born 1957-04-04, list says 1957-04-04" in same.explanation
    assert all(m.entity_id != "6861" or m.score < plain for m in other)
    assert not any(m.entity_id == "6861" and m.match for m in other)


def test_birth_date_and_country_never_make_a_match_alone(index: ScreeningIndex) -> None:
    matches = index.screen(Query("Pedro Sanchez Ruiz", birth_date="1957-04-04", country="MX"))
    assert not any(m.match for m in matches)


def test_country_lowers_when_it_differs(index: ScreeningIndex) -> None:
    mx = _top(index, name="Ismael Zambada Garcia", country="Mexico").score
    us = _top(index, name="Ismael Zambada Garcia", country="US").score
    assert us < mx


def test_id_number_matches_exactly_after_folding(index: ScreeningIndex) -> None:
    m = _top(index, name="J. Guzman", id_number="gulj-570404-hslzrq05")
    assert m.entity_id == "6861"
    assert m.match
    assert "ID GULJ570404HSLZRQ05 exact" in m.explanation


def test_type_conflict_lowers(index: ScreeningIndex) -> None:
    person = _top(index, name="Farmacia Vida Suprema").score
    typed = index.screen(Query("Farmacia Vida Suprema", entity_type="individual"))
    assert not typed or typed[0].score < person


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (Query(""), "empty"),
        (Query("   "), "empty"),
        (Query("x" * 501), "limit"),
        (Query("Joaquin\x00Guzman"), "control"),
        (Query("Joaquin\nGuzman"), "control"),
        (Query("...---..."), "no letters"),
        (Query("Joaquin", birth_date="1957-13-01"), "month"),
        (Query("Joaquin", birth_date="yesterday"), "not a date"),
        (Query("Joaquin", country="Atlantis"), "not a known country"),
        (Query("Joaquin", entity_type="dragon"), "not one of"),
        (Query("Joaquin", id_number="7" * 65), "id_number is 65 characters long"),
    ],
)
def test_bad_queries_are_invalid_input(index: ScreeningIndex, query: Query, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        validate_query(query)
    with pytest.raises(InvalidInput):
        index.screen(query)


def test_valid_query_is_parsed() -> None:
    checked = validate_query(
        Query(
            "Joaquin",
            birth_date="04/04/1957",
            country="México",
            entity_type="Person",
            id_number="ab-12",
        )
    )
    assert checked.birth_date == "1957-04-04"
    assert checked.country == "MX"
    assert checked.entity_type == "individual"
    assert checked.id_number == "AB12"


@pytest.mark.parametrize("name", ["ʔ", "ЪЬ", "\u0627", "Ƹ Ɂ"])
def test_letters_without_a_latin_spelling_are_screened_not_refused(
    index: ScreeningIndex, name: str
) -> None:
    # The API's schema accepts any name with a letter or a digit; a name whose letters have
    # no Latin spelling (a glottal stop, a hard sign, a lone alef) is screened and matches
    # nothing, rather than refused as having no letters.
    assert validate_query(Query(name)).name == name
    assert index.screen(Query(name)) == []


def test_the_id_number_limit_is_on_what_was_written() -> None:
    # As the API's schema says (maxLength 64): 64 Han characters fold to more than 64 letters
    # and are still read; 65 dashes and digits fold to fewer and are still refused.
    assert validate_query(Query("Joaquin", id_number="習" * 64)).id_number
    with pytest.raises(InvalidInput, match="limit is 64"):
        validate_query(Query("Joaquin", id_number="1-" * 33))


def test_screen_many_keeps_going_past_bad_rows(index: ScreeningIndex) -> None:
    out = index.screen_many([Query("Rafael Caro Quintero"), Query(""), Query("Chuy Amezcua")])
    assert isinstance(out[1], InvalidInput)
    assert out[0][0].entity_id == "6707"  # type: ignore[index]
    assert out[2][0].entity_id == "6703"  # type: ignore[index]


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_any_text_gives_matches_or_invalid_input(index: ScreeningIndex, text: str) -> None:
    try:
        matches = index.screen(Query(text))
    except InvalidInput:
        return
    assert all(0.0 <= m.score <= 1.0 for m in matches)


def test_bad_threshold(index: ScreeningIndex) -> None:
    with pytest.raises(InvalidInput):
        index.screen(Query("Rafael"), threshold=1.5)
