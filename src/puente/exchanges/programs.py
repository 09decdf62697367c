"""The exchange programs directory: list with filters, and one program.

Filters never guess: a program whose age limits or length the sources do not state is not
claimed to match an age or duration filter; it is listed apart as "not stated".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb

from puente.errors import InvalidInput, NotFound
from puente.exchanges.results import ExchangesProgram, ExchangesPrograms
from puente.exchanges.sources import AUDIENCES, DIRECTIONS
from puente.freshness import freshness, stale_limit
from puente.store import snapshot
from puente.text import fold, suggest

DATASET = "exchange-programs"
DURATIONS: dict[str, tuple[float, float]] = {
    "short": (0, 8),
    "medium": (8, 26),
    "long": (26, 1e9),
}
"""Duration bands in weeks: short (up to 8 weeks), medium (up to 6 months), long."""
AUDIENCE_ALIASES: dict[str, str] = {
    "student": "students",
    "estudiantes": "students",
    "teacher": "teachers",
    "professional": "professionals",
    "scholar": "scholars",
    "leader": "leaders",
    "entrepreneur": "entrepreneurs",
    "institution": "institutions",
    "young": "youth",
    "jovenes": "youth",
}
DIRECTION_ALIASES: dict[str, str] = {
    "to us": "to_us",
    "mx to us": "to_us",
    "mexico to us": "to_us",
    "inbound": "to_us",
    "to mexico": "to_mexico",
    "us to mx": "to_mexico",
    "us to mexico": "to_mexico",
    "outbound": "to_mexico",
    "in mexico": "in_mexico",
    "in country": "in_mexico",
    "both": "both",
}

_COLUMNS = (
    "slug, program, sponsor, implementer, direction, direction_code, audience, audience_tags, "
    "eligibility, min_age, max_age, age_basis, duration, duration_weeks_min, "
    "duration_weeks_max, scale, mexico_notes, source, as_of"
)
_NAMES = _COLUMNS.split(", ")


def _program(row: tuple[Any, ...], stale_days: int) -> dict[str, Any]:
    item = dict(zip(_NAMES, row, strict=True))
    item["audience_tags"] = [t.strip() for t in item["audience_tags"].split(";") if t.strip()]
    item["direction_label"] = DIRECTIONS[item["direction_code"]]
    item["freshness"] = freshness(item.pop("as_of"), stale_days)
    return item


def _all(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    stale = stale_limit()
    rows = cur.execute(f"SELECT {_COLUMNS} FROM exchange_programs ORDER BY program").fetchall()
    return [_program(r, stale) for r in rows]


def _audience(value: str) -> str:
    key = fold(value).replace(" ", "")
    key = AUDIENCE_ALIASES.get(key, key)
    if key not in AUDIENCES:
        raise InvalidInput(
            f"audience {value!r} is not known; expected one of {', '.join(AUDIENCES)}"
        )
    return key


def _direction(value: str) -> str:
    key = fold(value)
    snake = key.replace(" ", "_")
    code = snake if snake in DIRECTIONS else DIRECTION_ALIASES.get(key)
    if code is None:
        raise InvalidInput(
            f"direction {value!r} is not known; expected one of {', '.join(DIRECTIONS)}"
        )
    return code


canonical_audience = _audience
canonical_direction = _direction


def _in_band(item: dict[str, Any], band: tuple[float, float]) -> bool | None:
    low, high = item["duration_weeks_min"], item["duration_weeks_max"]
    if low is None and high is None:
        return None
    low = low if low is not None else high
    high = high if high is not None else low
    return bool(low <= band[1] and high > band[0])


def _fits_age(item: dict[str, Any], age: int) -> bool | None:
    low, high = item["min_age"], item["max_age"]
    if low is None and high is None:
        return None
    return (low is None or age >= low) and (high is None or age <= high)


def _sift(
    items: list[dict[str, Any]],
    fits: Callable[[dict[str, Any]], bool | None],
    missing: str,
    why: str,
    not_stated: list[dict[str, str]],
) -> list[dict[str, Any]]:
    """The programs that fit; those whose sources do not say (`fits` gives None) are added to
    `not_stated` with what is `missing` and the program's own words (its `why` field)."""
    kept = []
    for item in items:
        verdict = fits(item)
        if verdict is None:
            not_stated.append(
                {
                    "slug": item["slug"],
                    "program": item["program"],
                    "missing": missing,
                    "why": item[why],
                }
            )
        elif verdict:
            kept.append(item)
    return kept


@snapshot.one_read
def list_programs(
    cur: duckdb.DuckDBPyConnection,
    audience: str | None = None,
    direction: str | None = None,
    age: int | None = None,
    duration: str | None = None,
    q: str | None = None,
) -> ExchangesPrograms:
    version = snapshot.require(cur, DATASET)
    filters: dict[str, Any] = {}
    items = _all(cur)
    if audience:
        filters["audience"] = _audience(audience)
        items = [i for i in items if filters["audience"] in i["audience_tags"]]
    if direction:
        filters["direction"] = _direction(direction)
        wanted = {filters["direction"], "both"} if filters["direction"] != "both" else {"both"}
        items = [i for i in items if i["direction_code"] in wanted]
    if q:
        filters["q"] = q
        needle = fold(q)
        items = [
            i
            for i in items
            if needle
            in fold(
                " ".join(
                    str(i[k] or "")
                    for k in ("program", "sponsor", "audience", "eligibility", "mexico_notes")
                )
            )
        ]
    not_stated: list[dict[str, str]] = []
    if age is not None:
        if not 0 <= age <= 120:
            raise InvalidInput(f"age {age} is not valid; expected 0-120")
        filters["age"] = age
        items = _sift(items, lambda i: _fits_age(i, age), "age limits", "age_basis", not_stated)
    if duration:
        key = fold(duration)
        if key not in DURATIONS:
            raise InvalidInput(
                f"duration {duration!r} is not known; expected short (up to 8 weeks), "
                "medium (up to 6 months) or long"
            )
        filters["duration"] = key
        band = DURATIONS[key]
        items = _sift(items, lambda i: _in_band(i, band), "length", "duration", not_stated)
    return ExchangesPrograms(
        filters=filters,
        programs=items,
        count=len(items),
        not_stated=not_stated,
        choices={
            "audience": list(AUDIENCES),
            "direction": DIRECTIONS,
            "duration": list(DURATIONS),
        },
        datasets=[version.ref.as_dict()],
    )


@snapshot.one_read
def get_program(cur: duckdb.DuckDBPyConnection, slug: str) -> ExchangesProgram:
    version = snapshot.require(cur, DATASET)
    items = _all(cur)
    wanted = fold(slug)
    found = next((i for i in items if wanted in {fold(i["slug"]), fold(i["program"])}), None)
    if found is None:
        close = suggest(slug, [i["slug"] for i in items] + [i["program"] for i in items])
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise NotFound(f"no exchange program {slug!r}{hint}")
    return ExchangesProgram(program=found, datasets=[version.ref.as_dict()])
