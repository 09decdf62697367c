"""The figures of the relations page that arrive as English words: a published fact's value
("1.6 million (estimated)", "about 14.94 million"), its period ("about 2010"), two ranks
("1 and 1"). Each is read into its parts and written again through the catalog, so a
Spanish page says "1.6 millones (estimación)", "alrededor de 2010", "1 y 1". Text of another
shape is returned as it is (a year, a range of years, a number)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from puente.web.locale.vocabulary import N_

Gettext = Callable[..., str]

_AMOUNT = re.compile(
    r"(?P<qualifier>about |approximately |some )?(?P<n>\d+(?:\.\d+)?)"
    r"(?: (?P<scale>thousand|million|billion))?(?P<estimated> \(estimated\))?"
)
_ABOUT_YEAR = re.compile(r"(?P<qualifier>about |approximately )(?P<year>\d{4})")
_TWO_RANKS = re.compile(r"(?P<first>\d+) and (?P<second>\d+)")

SCALES = {
    # (one, many): "1 million" is "1 millón", "1.5 million" "1.5 millones"
    "thousand": (N_("%(n)s thousand"), N_("%(n)s thousand")),
    "million": (N_("1 million"), N_("%(n)s million")),
    "billion": (N_("1 billion"), N_("%(n)s billion")),
}
QUALIFIERS = {
    "about ": N_("about %(amount)s"),
    "approximately ": N_("approximately %(amount)s"),
    "some ": N_("some %(amount)s"),
}
ESTIMATED = N_("%(amount)s (estimated)")
TWO_RANKS = N_("%(first)s and %(second)s")
MESSAGES = (
    *(m for pair in SCALES.values() for m in pair),
    *QUALIFIERS.values(),
    ESTIMATED,
    TWO_RANKS,
)


def said_value(value: Any, gettext: Gettext) -> Any:
    """`value` in the page's language when it is one of the shapes above; else unchanged."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if match := _TWO_RANKS.fullmatch(text):
        return gettext(TWO_RANKS, first=match["first"], second=match["second"])
    if match := _ABOUT_YEAR.fullmatch(text):
        return gettext(QUALIFIERS[match["qualifier"]], amount=match["year"])
    match = _AMOUNT.fullmatch(text)
    if match is None or not (match["scale"] or match["qualifier"] or match["estimated"]):
        return value
    amount = match["n"]
    if match["scale"]:
        one, many = SCALES[match["scale"]]
        amount = gettext(one) if amount == "1" and one != many else gettext(many, n=amount)
    if match["estimated"]:
        amount = gettext(ESTIMATED, amount=amount)
    if match["qualifier"]:
        amount = gettext(QUALIFIERS[match["qualifier"]], amount=amount)
    return amount
