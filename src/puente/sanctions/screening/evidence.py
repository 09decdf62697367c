"""What else than the name moves a score: birth date, country, identity document, type.

Birth date and country only raise a name that is already close (name score at least
`SUPPORT_FLOOR`) and lower any name: they never make a match alone. An identity document
number that is the same after folding is strong evidence on its own.
"""

from __future__ import annotations

from puente.countries import country_name
from puente.sanctions.records import ScreeningRecord
from puente.sanctions.screening.normalize import fold_id
from puente.sanctions.screening.query import CheckedQuery, Evidence

SUPPORT_FLOOR = 0.7
"""Below this name score, an agreeing birth date or country adds nothing."""

DOB_SAME_DAY = 0.06
DOB_SAME_YEAR = 0.03
DOB_CONFLICT = -0.25
COUNTRY_SAME = 0.02
"""The query's country is a nationality, citizenship, place of birth or address of the entry."""
COUNTRY_CONFLICT = -0.08
"""The entry lists nationalities or citizenships and the query's country is none of them (nor
any other country of the entry)."""
ID_FLOOR_NAME_CLOSE = 0.92
ID_FLOOR_NAME_FAR = 0.8
TYPE_CONFLICT = 0.7
"""Factor on the score when the query's type (individual, entity...) is not the entry's."""
INFERRED_TYPE_CONFLICT = 0.7
"""The same when the query gives no type but says what it is otherwise: a person (a birth
date, a title, person columns) is not a company, a vessel or an aircraft; a name with a
company form is not a person, a vessel or an aircraft."""


def _year(iso: str) -> int:
    return int(iso[:4])


def compare_birth(query_date: str, listed: tuple[str, ...], name_score: float) -> Evidence:
    """Compare an ISO birth date (as precise as known) with the list's."""
    if not listed:
        return Evidence(
            "birth_date",
            f"born {query_date}, list gives no birth date",
            query_date,
            "",
            "unknown",
            0.0,
        )
    best: tuple[float, str, str] | None = None
    for date in listed:
        precise = min(len(date), len(query_date))
        if query_date[:precise] == date[:precise] and precise >= 10:
            outcome = (DOB_SAME_DAY, date, "same date")
        elif _year(query_date) == _year(date):
            agree = query_date[:precise] == date[:precise]
            outcome = (
                (DOB_SAME_YEAR, date, "same year") if agree else (0.0, date, "same year, other day")
            )
        elif abs(_year(query_date) - _year(date)) <= 1:
            outcome = (0.0, date, "one year apart")
        else:
            outcome = (DOB_CONFLICT, date, "differs")
        if best is None or outcome[0] > best[0]:
            best = outcome
    assert best is not None
    effect, date, verdict = best
    if effect > 0 and name_score < SUPPORT_FLOOR:
        effect = 0.0
    return Evidence(
        "birth_date", f"born {query_date}, list says {date}", query_date, date, verdict, effect
    )


def compare_country(
    code: str, listed: tuple[str, ...], name_score: float, nationalities: tuple[str, ...] = ()
) -> Evidence:
    """Compare the query's country with the entry's: `nationalities` (nationality and
    citizenship) and `listed` (every country the entry is tied to, addresses and places of
    birth too). Any of them that is the query's supports a close name; only a nationality or
    citizenship can conflict: a person of another nationality may live in the query's country,
    and an address abroad says nothing of where a person is from."""
    ties = tuple(dict.fromkeys((*nationalities, *listed)))
    if not ties:
        return Evidence("country", f"country {code}, list gives none", code, "", "unknown", 0.0)
    if code in ties:
        effect = COUNTRY_SAME if name_score >= SUPPORT_FLOOR else 0.0
        what = "nationality" if code in nationalities else "address or place of birth"
        return Evidence(
            "country",
            f"country {code} ({country_name(code)}), {what} {code}",
            code,
            code,
            "same",
            effect,
        )
    if nationalities:
        shown = ", ".join(nationalities[:4])
        return Evidence(
            "country",
            f"country {code}, nationality {shown}",
            code,
            shown,
            "differs",
            COUNTRY_CONFLICT,
        )
    shown = ", ".join(ties[:4])
    return Evidence(
        "country",
        f"country {code}, no nationality listed, address or place of birth {shown}",
        code,
        shown,
        "neutral",
        0.0,
    )


def compare_id(number: str, record: ScreeningRecord) -> Evidence | None:
    """Evidence if the folded ID number is one of the entry's; None otherwise."""
    for listed in record.id_numbers:
        if fold_id(listed) == number:
            return Evidence("id_number", f"ID {listed} exact", number, listed, "exact", 0.0)
    return None


def apply_evidence(
    name_score: float, checked: CheckedQuery, record: ScreeningRecord
) -> tuple[float, list[Evidence]]:
    """The final score of an entry for a query whose best name scored `name_score`."""
    parts: list[Evidence] = []
    score = name_score
    if checked.entity_type and checked.entity_type != record.entity_type:
        score *= TYPE_CONFLICT
        parts.append(
            Evidence(
                "type",
                f"type {checked.entity_type}, list says {record.entity_type}",
                checked.entity_type,
                record.entity_type,
                "differs",
                round(score - name_score, 3),
            )
        )
    elif (
        checked.inferred_type and record.entity_type and checked.inferred_type != record.entity_type
    ):
        score *= INFERRED_TYPE_CONFLICT
        parts.append(
            Evidence(
                "type",
                f"looks like an {checked.inferred_type} ({checked.type_reason}), "
                f"list says {record.entity_type}",
                checked.inferred_type,
                record.entity_type,
                "differs",
                round(score - name_score, 3),
            )
        )
    if checked.birth_date and record.entity_type in ("individual", ""):
        ev = compare_birth(checked.birth_date, record.birth_dates, name_score)
        score += ev.effect
        parts.append(ev)
    if checked.country:
        ev = compare_country(checked.country, record.countries, name_score, record.nationalities)
        score += ev.effect
        parts.append(ev)
    if checked.id_number:
        same_id = compare_id(checked.id_number, record)
        if same_id is not None:
            floor = ID_FLOOR_NAME_CLOSE if name_score >= 0.5 else ID_FLOOR_NAME_FAR
            new = max(score, floor)
            parts.append(
                Evidence(
                    same_id.kind,
                    same_id.text,
                    same_id.query,
                    same_id.listed,
                    same_id.verdict,
                    round(new - score, 3),
                )
            )
            score = new
    return max(0.0, min(1.0, score)), parts


def lowest_name_score(floor: float, checked: CheckedQuery) -> float:
    """The least name score from which `apply_evidence` can give an entry `floor` or more
    for this query: below it, no entry's final score reaches `floor`, so its comparison need
    not be finished. 0 when the query has an ID number (an identical one lifts any name)."""
    if checked.id_number:
        return 0.0
    if floor <= SUPPORT_FLOOR:
        return floor  # nothing raises a name score under SUPPORT_FLOOR; a type only lowers
    lift = (DOB_SAME_DAY if checked.birth_date else 0.0) + (
        COUNTRY_SAME if checked.country else 0.0
    )
    return max(SUPPORT_FLOOR, floor - lift - 1e-9)
