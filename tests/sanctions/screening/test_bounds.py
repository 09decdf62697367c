"""The bound on a comparison's score (bounds.py): a comparison it stops could not have
reached the score asked for, so screenings answer exactly as when every name is compared."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puente.errors import InvalidInput
from puente.sanctions.screening import Query, ScreeningIndex
from puente.sanctions.screening import compare as compare_module
from puente.sanctions.screening.compare import compare_names
from puente.sanctions.screening.query import validate_query

from .bounds_check import check_bound, perturbed
from .scoring import scoring_records

LIST = ScreeningIndex.build(scoring_records(), "bounds-1")
FIXTURE_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FIXTURE_SETTINGS
@given(perturbed(LIST), st.integers(0, len(LIST.names.names) - 1))
def test_the_bound_never_stops_a_comparison_that_reaches_its_score(text: str, other: int) -> None:
    check_bound(LIST, text, extra=(other,))


@FIXTURE_SETTINGS
@given(
    perturbed(LIST),
    st.sampled_from((None, "1957-04-04", "1980-01-01")),
    st.sampled_from((None, "MX", "US")),
    st.sampled_from((0.5, 0.8, 0.95)),
)
def test_screening_answers_as_when_every_name_is_compared(
    monkeypatch: pytest.MonkeyPatch, text: str, born: str | None, country: str | None, t: float
) -> None:
    query = Query(text, birth_date=born, country=country)
    try:
        bounded = LIST.screen(query, threshold=t, limit=10)
    except InvalidInput:
        return
    with monkeypatch.context() as m:
        # Both ways in: from the candidate pairs, and from each token's best pair.
        m.setattr(compare_module, "cannot_reach", lambda *args: False)
        m.setattr(compare_module, "cannot_reach_best", lambda *args: False)
        assert LIST.screen(query, threshold=t, limit=10) == bounded


def test_a_name_far_from_the_query_is_not_compared_to_the_end() -> None:
    reading = LIST._prepare(validate_query(Query("Joaquin Guzman Loera")))[0]
    similarity = LIST._similarity(reading)
    known = LIST.names.known_names
    far = next(n for n in LIST.names.names if n.text == "HERNANDEZ SALAS, Francisco").prepared
    close = next(n for n in LIST.names.names if n.text == "GUZMAN LOERA, Joaquin").prepared
    assert compare_names(reading, far, similarity, known).score < 0.5
    assert compare_names(reading, far, similarity, known, at_least=0.5) is None
    assert compare_names(reading, close, similarity, known, at_least=0.99) is not None
