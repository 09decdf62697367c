"""Shares and frequencies, the same for goods, freight and energy."""

from __future__ import annotations

import pytest

from puente.errors import InvalidInput
from puente.trade.figures import check_frequency, share_pct

CASES = [
    (50.0, 200.0, 25.0, "a quarter"),
    (1.0, 3.0, 33.33, "rounded to two places"),
    (None, 100.0, None, "unknown part"),
    (5.0, None, None, "unknown whole"),
    (5.0, 0.0, None, "a share of nothing is unknown, not 0 %"),
]


@pytest.mark.parametrize(("part", "whole", "expected", "why"), CASES)
def test_share_pct(part: float | None, whole: float | None, expected: float | None, why: str):
    assert share_pct(part, whole) == expected, why


def test_frequency_is_year_or_month() -> None:
    assert check_frequency("month") == "month"
    with pytest.raises(InvalidInput, match="expected year or month"):
        check_frequency("week")
