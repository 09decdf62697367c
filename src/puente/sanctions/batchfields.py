"""The optional fields of one batch row, checked before the row is screened.

A customer file's optional fields are often wrong in ways that say nothing about the customer:
a country the system that exported it spells its own way, a birth date typed 1974-01-32, a
type column holding "cliente". Such a field must not keep the name from being screened: it is
left out of the query (it is no evidence either way) and named in the row's `warnings`, and
the row is screened on the rest. Only the name itself can keep a row from being screened (an
empty name, control characters): that is the row's `error`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from puente.countries import country_code
from puente.errors import InvalidInput
from puente.sanctions.screening.normalize import fold_id
from puente.sanctions.screening.query import ENTITY_TYPES, parse_birth_date

MAX_ID = 64
"""Folded identity document numbers longer than this are no document number."""

_TYPES = {
    "person": "individual",
    "persona": "individual",
    "persona fisica": "individual",
    "individuo": "individual",
    "company": "entity",
    "organization": "entity",
    "organisation": "entity",
    "empresa": "entity",
    "persona moral": "entity",
    "buque": "vessel",
    "aeronave": "aircraft",
}


@dataclass(frozen=True, slots=True)
class CheckedRow:
    query: dict[str, str]
    """What is screened: the name and every optional field that could be read."""
    warnings: tuple[str, ...]
    """One line per field left out, naming the field, the value and what was expected."""


def _shown(value: str) -> str:
    text = " ".join(value.split())
    return repr(text if len(text) <= 40 else text[:39] + "…")


def check_birth_date(value: str) -> str:
    """ISO text as precise as given; InvalidInput for a date no calendar has (1974-01-32,
    1974-02-30)."""
    iso = parse_birth_date(value)
    if len(iso) == 10:
        try:
            dt.date.fromisoformat(iso)
        except ValueError as exc:
            raise InvalidInput(
                f"birth_date {_shown(value)} is not a date in the calendar ({exc}); expected "
                "e.g. 1957-04-04, 04/04/1957 or 1957"
            ) from exc
    return iso


def check_row(raw: Mapping[str, str]) -> CheckedRow:
    """The row's query with its unreadable optional fields left out, and why."""
    query: dict[str, str] = {"name": raw.get("name", "")}
    warnings: list[str] = []
    birth = (raw.get("birth_date") or "").strip()
    if birth:
        try:
            query["birth_date"] = check_birth_date(birth)
        except InvalidInput as exc:
            detail = exc.detail
            if "expected" not in detail:
                detail += "; expected e.g. 1957-04-04, 04/04/1957 or 1957"
            warnings.append(f"{detail}; ignored, screened without it")
    country = (raw.get("country") or "").strip()
    if country:
        code = country_code(country)
        if code is None:
            warnings.append(
                f"country {_shown(country)} is not a known country; expected a country name "
                "(English or Spanish) or an ISO code such as MX; ignored, screened without it"
            )
        else:
            query["country"] = code
    kind = " ".join((raw.get("type") or "").strip().lower().split())
    if kind:
        kind = _TYPES.get(kind, kind)
        if kind in ENTITY_TYPES:
            query["type"] = kind
        else:
            warnings.append(
                f"type {_shown(raw.get('type', ''))} is not a type; expected one of "
                f"{', '.join(ENTITY_TYPES)}; ignored, screened without it"
            )
    number = (raw.get("id_number") or "").strip()
    if number:
        folded = fold_id(number)
        if not folded or len(folded) > MAX_ID:
            warnings.append(
                f"id_number {_shown(number)} is not a document number; expected letters and "
                f"digits, at most {MAX_ID}; ignored, screened without it"
            )
        else:
            query["id_number"] = number
    return CheckedRow(query, tuple(warnings))
