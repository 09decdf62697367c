"""The forms of query parameters that the OpenAPI document states and the services check.

Each rule lives twice on purpose: the service refuses a value with a message that names the
field and what was expected (a 400), and the schema carries the same rule as a `pattern` or
`maxLength`, so that a client (and schemathesis, tests/api/test_fuzz.py) knows which values
are well formed. The patterns are put in the schema only (`json_schema_extra`): FastAPI would
otherwise answer with pydantic's "should match pattern" instead of the service's message.

The patterns use what Python's `re`, Rust's `regex` (pydantic, jsonschema-rs) and ECMA
script agree on: classes of explicit ranges and `[0-9]` (no `\\d`, which is Unicode-wide in
two of them), no look-around.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query

from puente.httpdeps import _canonical
from puente.sanctions.inputs import clean_type
from puente.sanctions.lists import LISTS
from puente.sanctions.model import ENTITY_TYPES

# Control characters (Cc but tab) and private-use code points (Co): what
# puente.sanctions.inputs.clean_text refuses. Lone surrogates (Cs), which it also refuses,
# cannot be written in UTF-8 and are left out (Rust's regex cannot name them).
_UNPRINTABLE = r"\x00-\x08\x0A-\x1F\x7F-\x9F\uE000-\uF8FF\U000F0000-\U0010FFFF"
PRINTABLE = rf"^[^{_UNPRINTABLE}]*$"

_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_LEAP_YY = r"(?:0[48]|[2468][048]|[13579][26])"  # the last two digits of a leap year
_YEAR_1900_2100 = r"(?:19[0-9]{2}|20[0-9]{2}|2100)"
_LEAP_1900_2100 = rf"(?:19{_LEAP_YY}|20(?:00|{_LEAP_YY}))"
PERIOD = (
    rf"^(?:{_YEAR_1900_2100}(?:-(?:0[1-9]|1[0-2]))?"
    rf"|{_YEAR_1900_2100}-{_MONTH_DAY}|{_LEAP_1900_2100}-02-29)$"
)
"""YYYY, YYYY-MM or YYYY-MM-DD of a day that exists, 1900 to 2100
(puente.border.crossings.parse_period)."""

_YEAR = r"(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_LEAP = rf"(?:[0-9]{{2}}{_LEAP_YY}|{_LEAP_YY}00)"
_DATE = rf"(?:{_YEAR}-{_MONTH_DAY}|{_LEAP}-02-29)"
_TIME = (
    r"(?:[01][0-9]|2[0-3])(?::[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?)?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?"
)
DATE_TIME = rf"^{_DATE}(?:[T ]{_TIME})?$"
"""An ISO 8601 day, or day and time with an optional zone, as datetime.fromisoformat reads
it (puente.border.forecast.parse_at)."""


def text_rule(pattern: str, max_length: int | None = None) -> dict[str, Any]:
    """The `json_schema_extra` of a text parameter: its pattern and length."""
    rule: dict[str, Any] = {"pattern": pattern}
    if max_length is not None:
        rule["maxLength"] = max_length
    return rule


def _text(description: str, pattern: str, max_length: int | None = None) -> Any:
    """An optional text query parameter whose schema states its pattern and length."""
    return Annotated[
        str | None, Query(description=description, json_schema_extra=text_rule(pattern, max_length))
    ]


PrintableText = _text(
    "Words of a name or alias (any script, no control characters)", PRINTABLE, 300
)
Country = _text("ISO code or country name, e.g. MX or México", PRINTABLE, 60)
Program = _text("Program tag, e.g. SDNTK", r"^(?:[A-Za-z0-9][A-Za-z0-9_.\-]{0,39})?$")
Prefix = _text("What the user has typed (no control characters)", PRINTABLE, 100)
Period = _text("YYYY, YYYY-MM or YYYY-MM-DD", PERIOD)
EntityType = Annotated[
    Literal["individual", "entity", "vessel", "aircraft"] | None,
    _canonical(clean_type),  # person, company, empresa... are these by other names
    Query(description="individual, entity, vessel or aircraft"),
]

_NAME_OF_LIST = "(?:" + "|".join(LISTS) + ")"
LISTS_PATTERN = rf"^(?:{_NAME_OF_LIST}(?:,{_NAME_OF_LIST})*)?$"
"""Names of lists, comma-separated (puente.sanctions.lists.parse_lists)."""
Lists = _text("Lists to screen against, comma-separated; default: all", LISTS_PATTERN)

# A screening query's fields (puente.sanctions.screening.query.validate_query): a name of no
# control character (tab included) with a letter or a digit to compare, the words it takes
# for a type, and a birth date as ISO text (day-first 04/04/1957 is read too).
_NAME_CHAR = r"[^\x00-\x1F\x7F-\x9F]"
SCREEN_NAME = rf"^{_NAME_CHAR}*[\p{{L}}\p{{N}}]{_NAME_CHAR}*$"
SCREEN_TYPES = (
    *ENTITY_TYPES,
    *("person", "persona", "individuo", "company", "organization", "organisation", "empresa"),
)
BIRTH_DATE = (
    r"^(?:1[89][0-9]{2}|20[0-9]{2}|2100)"
    r"(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$"
)
