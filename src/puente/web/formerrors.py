"""The screening form's errors in the reader's language, each naming the field by its label.

The screening service refuses bad input with one English line that starts with the field's
name ("birth_date '04/31/57' is not a date: use 1957, 1957-04 or 1957-04-04"), which the API
and the CLI give as it is. The form reads that line into the field, the value typed and what
was wrong, and writes it again through the catalog: "Fecha o año de nacimiento: «04/31/57»
no es una fecha; escriba 1957, 1957-04 o 1957-04-04". A line of another shape is shown as
the service wrote it, after the field's label when the field is known.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from puente.web.locale.vocabulary import N_

Gettext = Callable[[str], str]

# The form's fields and their labels (the same msgids as the form's template).
LABELS = {
    "name": N_("Name"),
    "birth_date": N_("Date or year of birth"),
    "country": N_("Country"),
    "type": N_("Type"),
    "id_number": N_("ID number"),
    "threshold": N_("Threshold"),
}
_VALUE = r"'(?P<value>.*)'"


@dataclass(frozen=True, slots=True)
class _Shape:
    field: str
    pattern: re.Pattern[str]
    message: str  # placeholders: %(label)s, and %(value)s where the line holds the value


_SHAPES = (
    _Shape(
        "birth_date",
        re.compile(rf"birth_date {_VALUE} is not a date: use 1957, 1957-04 or 1957-04-04"),
        N_("%(label)s: “%(value)s” is not a date; write 1957, 1957-04 or 1957-04-04"),
    ),
    _Shape(
        "birth_date",
        re.compile(rf"birth_date {_VALUE}: year out of range"),
        N_("%(label)s: the year of “%(value)s” is out of range (1800 to 2100)"),
    ),
    _Shape(
        "birth_date",
        re.compile(rf"birth_date {_VALUE}: month out of range"),
        N_("%(label)s: the month of “%(value)s” is out of range (1 to 12)"),
    ),
    _Shape(
        "birth_date",
        re.compile(rf"birth_date {_VALUE}: day out of range"),
        N_("%(label)s: the day of “%(value)s” is out of range (1 to 31)"),
    ),
    _Shape(
        "country",
        re.compile(rf"country {_VALUE} is not a known country"),
        N_(
            "%(label)s: “%(value)s” is not a known country; write its name or its ISO code, "
            "such as Mexico or MX"
        ),
    ),
    _Shape(
        "threshold",
        re.compile(rf"threshold {_VALUE} is not a number in 0\.\.1"),
        N_("%(label)s: “%(value)s” is not a number; write one from 0 to 1, such as 0.7 or 0,7"),
    ),
    _Shape(
        "threshold",
        re.compile(r"threshold (?P<value>[^ ]+) is not valid; expected a number in 0\.\.1"),
        N_("%(label)s: %(value)s is not from 0 to 1; write a number such as 0.7 or 0,7"),
    ),
    _Shape("name", re.compile(r"name is empty"), N_("%(label)s: the name is empty")),
    _Shape(
        "name",
        re.compile(r"name has no letters or digits"),
        N_("%(label)s: the name has no letters or digits"),
    ),
    _Shape(
        "name",
        re.compile(r"name contains control characters"),
        N_("%(label)s: the name holds control characters"),
    ),
    _Shape(
        "name",
        re.compile(r"name is (?P<value>\d+) characters long; the limit is (?P<limit>\d+)"),
        N_("%(label)s: the name is %(value)s characters long; the limit is %(limit)s"),
    ),
    _Shape(
        "id_number",
        re.compile(r"id_number is (?P<value>\d+) characters long; the limit is (?P<limit>\d+)"),
        N_("%(label)s: the number is %(value)s characters long; the limit is %(limit)s"),
    ),
)
MESSAGES = tuple(shape.message for shape in _SHAPES)


def form_error(
    detail: str, gettext: Gettext, labels: Mapping[str, str] = LABELS
) -> tuple[str | None, str]:
    """The field a service error is about (None when it names no field of the form) and the
    error in the reader's language, starting with the field's label (`labels`: another form's
    labels for the same fields, such as the home page's "Person or company")."""
    for shape in _SHAPES:
        match = shape.pattern.fullmatch(detail)
        if match and shape.field in labels:
            values = {"label": gettext(labels[shape.field]), **match.groupdict()}
            return shape.field, gettext(shape.message) % values
    field = detail.split(" ", 1)[0]
    if field in labels:
        return field, f"{gettext(labels[field])}: {detail}"
    return None, detail
