"""Entry requirements and vaccinations for Mexico, each with who it applies to, its source
and whether its as-of date is still fresh."""

from __future__ import annotations

import duckdb

from puente.freshness import freshness, stale_limit, summarize
from puente.store import snapshot
from puente.travel.places import resolve_state
from puente.travel.results import TravelEntry, TravelVaccinations

ENTRY_DATASET = "mexico-entry-requirements"
VACCINES_DATASET = "mexico-vaccinations"

ENTRY_LABELS: dict[str, str] = {
    "passport_validity": "Passport validity",
    "blank_passport_pages": "Blank passport pages",
    "tourist_visa_required": "Tourist visa",
    "vaccinations": "Vaccinations required for entry",
    "currency_restrictions_entry": "Currency declaration on entry",
    "currency_restrictions_exit": "Currency declaration on exit",
    "max_stay_without_visa": "Longest stay without a visa",
    "passport_book_required_by_air": "Passport book required by air",
    "fmm_paperless_airports": "Airports without the paper tourist card (FMM)",
    "duty_free_tobacco": "Duty-free tobacco",
    "duty_free_alcohol": "Duty-free alcohol",
    "medication": "Medication",
    "us_citizen_emergency_phone": "Emergency line for U.S. citizens",
    "embassy_main_phone": "Embassy switchboard",
}


def _label(field: str) -> str:
    return ENTRY_LABELS.get(field, field.replace("_", " ").capitalize())


@snapshot.one_read
def entry_requirements(
    cur: duckdb.DuckDBPyConnection, stale_days: int | None = None
) -> TravelEntry:
    stale = stale_limit(stale_days)
    version = snapshot.require(cur, ENTRY_DATASET)
    rows = cur.execute(
        "SELECT field, value, applies_to, notes, source, as_of FROM entry_requirements "
        "ORDER BY line"
    ).fetchall()
    items = [
        {
            "field": r[0],
            "label": _label(r[0]),
            "value": r[1],
            "applies_to": r[2],
            "notes": r[3],
            "source": r[4],
            "freshness": freshness(r[5], stale),
        }
        for r in rows
    ]
    return TravelEntry(
        requirements=items, freshness_summary=summarize(items), datasets=[version.ref.as_dict()]
    )


@snapshot.one_read
def vaccinations(
    cur: duckdb.DuckDBPyConnection, state: str | None = None, stale_days: int | None = None
) -> TravelVaccinations:
    """Vaccines and medicines; with a state, only those that apply everywhere or name it."""
    stale = stale_limit(stale_days)
    version = snapshot.require(cur, VACCINES_DATASET)
    rows = cur.execute(
        "SELECT item, type, recommended_for, state_codes, details, as_of, as_of_note, "
        "confirmed_cdc_wording, source FROM vaccinations ORDER BY line"
    ).fetchall()
    items = [
        {
            "item": r[0],
            "type": r[1],
            "recommended_for": r[2],
            "states": [c.strip() for c in (r[3] or "").split(";") if c.strip()],
            "details": r[4],
            "as_of_note": r[6],
            "confirmed_cdc_wording": r[7],
            "source": r[8],
            "freshness": freshness(r[5], stale),
        }
        for r in rows
    ]
    found = None
    if state:
        found = resolve_state(cur, state)
        items = [i for i in items if not i["states"] or found.code in i["states"]]
    return TravelVaccinations(
        state=found.as_dict() if found else None,
        vaccinations=items,
        freshness_summary=summarize(items),
        note="Where “who it is for” says no data, the CDC wording could not be "
        "confirmed; it does not mean the vaccine is not recommended.",
        datasets=[version.ref.as_dict()],
    )
