"""Scores that hang on one weight of `magic.py` and that no pinned score of test_scores.py
reaches: each case is a real-looking query whose decision (a match or not) a wrong weight
would turn."""

from __future__ import annotations

import pytest

from puente.sanctions.screening import ScreeningIndex

from .conftest import person
from .scoring import pair_score, scoring_records

THRESHOLD = 0.8

# Jorge Eduardo Costilla Sanchez, "El Cos": a three-letter nickname listed as an alias.
COS = person("8301", "COSTILLA SANCHEZ, Jorge Eduardo", "COSTILLA, Cos")


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex.build([*scoring_records(), COS], "weights-1")


def test_an_article_and_a_three_letter_nickname_is_a_match(index: ScreeningIndex) -> None:
    # NicknameWeights.min_length: "El Cos" names the listed alias as "El Chapo" does.
    assert pair_score(index, "El Cos", "COSTILLA, Cos") >= THRESHOLD
    assert pair_score(index, "La Cos", "COSTILLA, Cos") >= THRESHOLD


def test_a_three_letter_nickname_without_its_article_is_no_match(index: ScreeningIndex) -> None:
    # Without the article "Cos" is one given name: no more than "Chapo" alone.
    assert pair_score(index, "Cos", "COSTILLA, Cos") < THRESHOLD


def test_the_common_names_discount_does_not_jump_at_its_cut_off() -> None:
    # A partial match whose matched tokens carry just under the cut-off's information is
    # discounted by almost nothing, not by a sudden step.
    from puente.sanctions.screening.magic import WEIGHTS

    p = WEIGHTS.penalty
    assert p.common_base + p.common_slope * p.common_info == pytest.approx(1.0)
    assert 0 < p.common_base < 1
