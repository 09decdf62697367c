"""Checking what users type into the list's search before it reaches SQL.

Any script is welcome; empty text where text is required, text longer than a name can be,
control characters, unknown types and program tags are refused with InvalidInput (HTTP 400)
that says what was expected; a country of which no code or name is known, with NotFound
(404). Screening queries are checked by the engine (puente.sanctions.screening.validate_query).
"""

from __future__ import annotations

import re
import unicodedata

from puente.errors import InvalidInput, NotFound
from puente.sanctions.countrynames import remark_country
from puente.sanctions.model import ENTITY_TYPES

MAX_NAME = 300


def clean_text(value: str | None, what: str, limit: int = MAX_NAME, required: bool = True) -> str:
    """Trimmed text, or InvalidInput naming the field."""
    text = "" if value is None else str(value)
    bad = next(
        (c for c in text if unicodedata.category(c) in ("Cc", "Cs", "Co") and c not in "\t"),
        None,
    )
    if bad is not None:
        raise InvalidInput(
            f"{what} contains the control character U+{ord(bad):04X}; expected printable text"
        )
    text = " ".join(text.split())
    if not text:
        if required:
            raise InvalidInput(f"{what} is empty; expected some text")
        return ""
    if len(text) > limit:
        raise InvalidInput(f"{what} is {len(text):,} characters long; expected at most {limit}")
    return text


def clean_country(value: str | None) -> str | None:
    """An ISO-2 code from a code or a country name ('MX', 'Mexico', 'México')."""
    text = clean_text(value, "country", 60, required=False)
    if not text:
        return None
    code = remark_country(text)
    if code is None:  # well formed, but no country has that code or name: nothing to find
        raise NotFound(
            f"no country {text!r} is known; expected an ISO code such as MX or a country name"
        )
    return code


def clean_type(value: str | None) -> str | None:
    text = clean_text(value, "type", 20, required=False).lower()
    if not text:
        return None
    if text in ("person", "persona"):
        text = "individual"
    if text in ("organization", "organisation", "company", "empresa"):
        text = "entity"
    if text not in ENTITY_TYPES:
        raise InvalidInput(f"type {text!r} is unknown; expected one of {', '.join(ENTITY_TYPES)}")
    return text


def clean_program(value: str | None) -> str | None:
    text = clean_text(value, "program", 40, required=False).upper()
    if text and not re.fullmatch(r"[A-Z0-9][A-Z0-9\-_.]*", text):
        raise InvalidInput(f"program {text!r} is not a program tag; expected e.g. SDNTK")
    return text or None
