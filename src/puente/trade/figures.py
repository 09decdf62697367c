"""Small rules every trade figure follows, in one place: shares are percentages rounded to
two places and unknown when the whole is unknown or zero; series come by year or by month."""

from __future__ import annotations

from puente.errors import InvalidInput

FREQUENCIES: tuple[str, ...] = ("year", "month")


def share_pct(part: float | None, whole: float | None) -> float | None:
    """`part` as a percentage of `whole` (14.53), or None when either is unknown or the whole
    is zero: a share of nothing is unknown, not 0 %."""
    if part is None or not whole:
        return None
    return round(part / whole * 100, 2)


def check_frequency(frequency: str) -> str:
    """The frequency of a series, "year" or "month"; anything else is an InvalidInput."""
    if frequency not in FREQUENCIES:
        raise InvalidInput(f"frequency {frequency!r} is not valid; expected year or month")
    return frequency
