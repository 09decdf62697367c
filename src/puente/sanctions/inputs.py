"""Checking what users type or upload before it reaches the list or the engine.

Any script is welcome (the list itself is Latin, but a customer file may hold Cyrillic,
Arabic or Chinese names); empty text, text longer than a name can be, control characters and
malformed dates or countries are refused with InvalidInput (HTTP 400) that says what was
expected.
"""

from __future__ import annotations

import re
import unicodedata

from puente.errors import InvalidInput
from puente.sanctions.countrynames import remark_country
from puente.sanctions.model import ENTITY_TYPES

MAX_NAME = 300
MAX_ID = 64
_BIRTH = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


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


def clean_name(value: str | None) -> str:
    return clean_text(value, "name")


def clean_birth_date(value: str | None) -> str | None:
    """'1957', '1957-04' or '1957-04-04' (also 04/04/1957 day first)."""
    text = clean_text(value, "birth_date", 20, required=False)
    if not text:
        return None
    day_first = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if day_first:
        text = f"{day_first.group(3)}-{int(day_first.group(2)):02d}-{int(day_first.group(1)):02d}"
    if not _BIRTH.match(text):
        raise InvalidInput(
            f"birth_date {text!r} is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD"
        )
    parts = [int(p) for p in text.split("-")]
    if (
        not 1850 <= parts[0] <= 2100
        or (len(parts) > 1 and not 1 <= parts[1] <= 12)
        or (len(parts) > 2 and not 1 <= parts[2] <= 31)
    ):
        raise InvalidInput(f"birth_date {text!r} is out of range; expected a real date")
    return text


def clean_country(value: str | None) -> str | None:
    """An ISO-2 code from a code or a country name ('MX', 'Mexico', 'México')."""
    text = clean_text(value, "country", 60, required=False)
    if not text:
        return None
    code = remark_country(text)
    if code is None:
        raise InvalidInput(
            f"country {text!r} is unknown; expected an ISO code such as MX or a country name"
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


def clean_id(value: str | None) -> str | None:
    return clean_text(value, "id_number", MAX_ID, required=False) or None


def clean_program(value: str | None) -> str | None:
    text = clean_text(value, "program", 40, required=False).upper()
    if text and not re.fullmatch(r"[A-Z0-9][A-Z0-9\-_.]*", text):
        raise InvalidInput(f"program {text!r} is not a program tag; expected e.g. SDNTK")
    return text or None
