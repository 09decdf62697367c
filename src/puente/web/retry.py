"""The form a GET page's error answer gives back: every value the person sent stays in a field
they can correct, and the field the error is about is named by its label in their language.

The filter forms (a year, a port's lane and month, a fiscal year, a city, an age, a country)
submit by GET; a value a page cannot answer (a year outside the data, letters in a number, an
unknown city or an old bookmark's version) reaches the error handler as one English line from
the service, such as "no crossings for 1800; the data covers 2023–2025". The page that would
have held the form cannot be drawn, so the error page draws the form again from the query:
the same action, one field per parameter with the value as typed, the refused one marked
invalid and focused, and a line "Año: “1800” no se acepta aquí" above the service's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request

from puente.web.locale.vocabulary import N_

Gettext = Callable[[str], str]

# Query parameters of the site's GET forms and their labels (msgids shared with the forms).
LABELS = {
    "year": N_("Year"),
    "fy": N_("Fiscal year"),
    "month": N_("Month"),
    "lane": N_("Lane"),
    "type": N_("Lane type"),
    "day": N_("Day"),
    "region": N_("Region"),
    "drug": N_("Drug"),
    "partner": N_("Partner"),
    "state": N_("Mexican state"),
    "city": N_("City"),
    "near": N_("Nearest posts to a city"),
    "date": N_("Advisory"),
    "audience": N_("Audience"),
    "direction": N_("Direction"),
    "age": N_("Age"),
    "duration": N_("Length"),
    "q": N_("Words"),
    "program": N_("Program"),
    "country": N_("Country"),
    "old": N_("Older"),
    "new": N_("Newer"),
    "port": N_("Port of entry"),
    "page": N_("Page"),
}
# Labels whose msgid means something else elsewhere ("Age" of a wait reading is "Antigüedad"),
# given the form's msgctxt (the same one the form's template uses).
CONTEXTS = {"age": "exchanges form"}
MESSAGE = N_("%(label)s: “%(value)s” is not accepted here; correct it and try again")
UNNAMED = N_("One of the values below is not accepted here; correct it and try again")
_RETRIED = frozenset({400, 404, 422})


@dataclass(frozen=True, slots=True)
class RetryField:
    name: str
    label: str
    value: str
    invalid: bool


@dataclass(frozen=True, slots=True)
class RetryForm:
    action: str
    fields: tuple[RetryField, ...]
    message: str


def _refused(detail: str, values: dict[str, str]) -> str | None:
    """The parameter the service's line is about: the one it starts with ("month 13 is not
    valid", "year: Input should be..."), else the one whose value it quotes, else the only one."""
    first = re.split(r"[\s:]", detail.strip(), maxsplit=1)[0]
    if first in values:
        return first
    for name, value in values.items():
        if value.strip() and re.search(rf"(?<![\w-]){re.escape(value.strip())}(?![\w-])", detail):
            return name
    return next(iter(values)) if len(values) == 1 else None


def refused_field(query: str, values: dict[str, str | None]) -> str | None:
    """The field of a form that holds the value the service refused (the first that does)."""
    return next((name for name, value in values.items() if value and value == query), None)


def _label(name: str, gettext: Gettext) -> str:
    """A field's label in the request's language (its msgctxt first, when it has one)."""
    if name not in LABELS:
        return name
    if name in CONTEXTS:
        # gettext's catalog keys a msgctxt entry as "context\x04msgid"
        key = f"{CONTEXTS[name]}\x04{LABELS[name]}"
        text = gettext(key)
        if "\x04" not in text:
            return text
    return gettext(LABELS[name])


def retry_form(request: Request, status: int, detail: str, gettext: Gettext) -> RetryForm | None:
    """The form to show on a GET page's 4xx answer, or None (no query, not a page's GET)."""
    if request.method != "GET" or status not in _RETRIED or detail.startswith("no page at "):
        return None
    values: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key != "lang" and key not in values:
            values[key] = value
    if not values:
        return None
    refused = _refused(detail, values)
    fields = tuple(
        RetryField(name, _label(name, gettext), value, name == refused)
        for name, value in values.items()
    )
    if refused is None:
        message = gettext(UNNAMED)
    else:
        label = next(f.label for f in fields if f.invalid)
        message = gettext(MESSAGE) % {"label": label, "value": values[refused]}
    return RetryForm(request.url.path, fields, message)
