"""What a screening asks (`Query`), what it answers (`Match`), and the checks on a query."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from puente.countries import country_code
from puente.errors import InvalidInput
from puente.sanctions.screening.normalize import fold_id, parse_name, split_title

MAX_ID_LENGTH = 64
"""Characters of an identity document number, as written."""
MAX_NAME_LENGTH = 500
ENTITY_TYPES = ("individual", "entity", "vessel", "aircraft")


@dataclass(frozen=True, slots=True)
class Query:
    """One name to screen, with what else is known of it.

    birth_date: "1957", "1957-04" or "1957-04-04" (also "04/04/1957" day first).
    country: a country name or ISO code ("Mexico", "México", "MX", "MEX").
    """

    name: str
    entity_type: str | None = None
    birth_date: str | None = None
    country: str | None = None
    id_number: str | None = None
    person_evidence: str | None = None
    """Why the caller knows the query is a person's although it gives no type (e.g. "given
    and family name columns" of a batch file); None when it does not know."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """One structured reason behind a score (a token pair, a missing name, a birth date...)."""

    kind: str
    """token, missing, extra, note, birth_date, country, id_number or type."""
    text: str
    """The reason in words, as it appears in the explanation."""
    query: str = ""
    listed: str = ""
    verdict: str = ""
    effect: float = 0.0
    """What it added to (or took from) the score; 0 for token parts (they make the name score)."""


@dataclass(frozen=True, slots=True)
class Match:
    entity_id: str
    name: str
    """The list name (primary or alias) that matched best."""
    score: float
    match: bool
    programs: tuple[str, ...]
    explanation: str
    entity_type: str = ""
    name_score: float = 0.0
    parts: tuple[Evidence, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "entity_id": self.entity_id,
            "name": self.name,
            "score": self.score,
            "match": self.match,
            "programs": list(self.programs),
            "explanation": self.explanation,
            "entity_type": self.entity_type,
            "name_score": self.name_score,
            "parts": [
                {
                    "kind": p.kind,
                    "text": p.text,
                    "query": p.query,
                    "listed": p.listed,
                    "verdict": p.verdict,
                    "effect": p.effect,
                }
                for p in self.parts
            ],
        }


@dataclass(frozen=True, slots=True)
class CheckedQuery:
    """A query after validation: the original plus the parsed optional fields."""

    query: Query
    entity_type: str | None
    birth_date: str | None
    """ISO, as precise as given."""
    country: str | None
    """ISO 3166-1 alpha-2."""
    id_number: str | None
    """Folded (letters and digits only)."""
    name: str = ""
    """The name to compare: the query's, without a leading title ("Dr.", "Sra.")."""
    inferred_type: str | None = None
    """When the query gives no type: "individual" if something says it is a person (a birth
    date, a title, the caller's person evidence), "entity" if its name carries a company
    form; None when nothing says either."""
    type_reason: str = ""
    """What the inferred type rests on, in words."""


_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def parse_birth_date(text: str) -> str:
    """ "1957", "1957-04", "1957-04-04" or "04/04/1957" (day first) as ISO text."""
    text = text.strip()
    m = _ISO_DATE.match(text)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
    else:
        m = _DMY.match(text)
        if not m:
            raise InvalidInput(
                f"birth_date {text[:40]!r} is not a date: use 1957, 1957-04 or 1957-04-04"
            )
        day, month, year = m.group(1), m.group(2), m.group(3)
    if not 1800 <= int(year) <= 2100:
        raise InvalidInput(f"birth_date {text[:40]!r}: year out of range")
    if month is not None and not 1 <= int(month) <= 12:
        raise InvalidInput(f"birth_date {text[:40]!r}: month out of range")
    if day is not None and not 1 <= int(day) <= 31:
        raise InvalidInput(f"birth_date {text[:40]!r}: day out of range")
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p is not None]
    return "-".join(parts)


def _has_control(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cs") for c in text)


def validate_query(query: Query) -> CheckedQuery:
    """Check a query and parse its optional fields; raise InvalidInput if it cannot be
    screened (empty or over-long name, control characters, bad date, unknown country)."""
    name = query.name
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput("name is empty")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(f"name is {len(name)} characters long; the limit is {MAX_NAME_LENGTH}")
    if _has_control(name):
        raise InvalidInput("name contains control characters")
    if not any(unicodedata.category(c)[0] in "LN" for c in name):
        raise InvalidInput("name has no letters or digits")
    entity_type = None
    if query.entity_type:
        entity_type = query.entity_type.strip().lower()
        if entity_type in ("person", "persona", "individuo"):
            entity_type = "individual"
        if entity_type in ("company", "organization", "organisation", "empresa"):
            entity_type = "entity"
        if entity_type not in ENTITY_TYPES:
            raise InvalidInput(
                f"type {query.entity_type[:40]!r} is not one of {', '.join(ENTITY_TYPES)}"
            )
    birth_date = parse_birth_date(query.birth_date) if query.birth_date else None
    country = None
    if query.country and query.country.strip():
        country = country_code(query.country)
        if country is None:
            raise InvalidInput(f"country {query.country[:40]!r} is not a known country")
    if query.id_number and len(query.id_number) > MAX_ID_LENGTH:
        # The limit is on what was written, as the API's schema says (maxLength): folding
        # may lengthen it (a Han character becomes a syllable) or shorten it (punctuation).
        raise InvalidInput(
            f"id_number is {len(query.id_number)} characters long; the limit is {MAX_ID_LENGTH}"
        )
    id_number = fold_id(query.id_number) if query.id_number else None
    title, bare = split_title(name)
    inferred, reason = (None, "") if entity_type else _infer_type(query, bare, title, birth_date)
    return CheckedQuery(
        query=query,
        entity_type=entity_type,
        birth_date=birth_date,
        country=country,
        id_number=id_number or None,
        name=bare,
        inferred_type=inferred,
        type_reason=reason,
    )


def _infer_type(
    query: Query, name: str, title: str | None, birth_date: str | None
) -> tuple[str | None, str]:
    """(type, reason) for a query that gives no type, from what else it carries."""
    person = []
    if birth_date:
        person.append("a birth date")
    if title:
        person.append(f"the title {title!r}")
    if query.person_evidence and query.person_evidence.strip():
        person.append(query.person_evidence.strip()[:80])
    if person:
        return "individual", "the query gives " + " and ".join(person)
    # The same arguments as the engine's own parse of the name, so it is one cached parse.
    if parse_name(name, comma_means_surname=True, forms=True).forms:
        return "entity", "the name carries a company form"
    return None, ""
