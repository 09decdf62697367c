"""Drug seizures by CBP Air and Marine Operations (AMO), by branch and by the U.S. state each
branch is based in, compared with the same months of the fiscal year before."""

from __future__ import annotations

from typing import Any

import duckdb

from puente.security import figures
from puente.security.results import SecurityAmo
from puente.store.catalog import require_current

DATASET = "cbp-amo-drug-seizures"
TABLE = "cbp_amo_drug_seizures"
# Where each branch is based, from its name (CBP's AMO locations). Branches that are not in
# one state (headquarters offices, operations abroad, the operations center, ground
# controllers) have none.
BRANCH_STATES: dict[str, str] = {
    "SAN DIEGO": "CA", "TUCSON": "AZ", "YUMA": "AZ", "SIERRA VISTA": "AZ", "EL PASO": "TX",
    "LAREDO": "TX", "MC ALLEN": "TX", "MCALLEN": "TX", "UVALDE": "TX", "SAN ANGELO": "TX",
    "HOUSTON": "TX", "CORPUS CHRISTI": "TX", "ALBUQUERQUE": "NM", "JACKSONVILLE": "FL",
    "MIAMI": "FL", "NEW ORLEANS": "LA", "OKLAHOMA CITY": "OK", "BELLINGHAM": "WA",
    "GREAT LAKES": "MI", "MANASSAS": "VA", "GRAND FORKS": "ND", "CARIBBEAN": "PR",
}  # fmt: skip
NOTE = (
    "Air and Marine Operations seizures are separate from the ports of entry (OFO) and the "
    "Border Patrol (USBP) figures; a branch's state is where it is based, not always where "
    "the seizure happened."
)
_MEASURES = (("lbs", "lbs"), ("events", "events"))


def branch_state(branch: str) -> str | None:
    upper = branch.upper()
    return next((state for city, state in BRANCH_STATES.items() if city in upper), None)


def amo_seizures(
    cur: duckdb.DuckDBPyConnection,
    drug: str | None = None,
    fiscal_year: int | None = None,
    region: str | None = None,
) -> SecurityAmo:
    """One fiscal year of AMO seizures (default: the latest, every region), by drug, branch
    and state, each compared with the same months of the year before."""
    version = require_current(cur, DATASET)
    regions = figures.distinct(cur, TABLE, "region")
    chosen_region = (
        None if region in (None, "", "all") else figures.choose(region, regions, "region")
    )
    chosen_drug = figures.choose(drug, figures.distinct(cur, TABLE, "drug_type"), "drug type")
    span = figures.window(cur, TABLE, fiscal_year)
    where, params = ["true"], {}
    if chosen_region:
        where.append("region = $region")
        params["region"] = chosen_region
    if chosen_drug:
        where.append("drug_type = $drug")
        params["drug"] = chosen_drug
    condition = " AND ".join(where)
    by_branch = figures.compared(
        cur, TABLE, span, ["region", "branch"], _MEASURES, condition, params
    )
    states: dict[str | None, dict[str, Any]] = {}
    for row in by_branch:
        row["state"] = branch_state(row["branch"])
        entry = states.setdefault(
            row["state"], {"state": row["state"], "lbs": 0.0, "events": 0, "previous_lbs": None}
        )
        entry["lbs"] = round(entry["lbs"] + row["lbs"], 2)
        entry["events"] += row["events"]
        if row["previous_lbs"] is not None:
            entry["previous_lbs"] = round((entry["previous_lbs"] or 0) + row["previous_lbs"], 2)
    by_state = sorted(states.values(), key=lambda r: -r["lbs"])
    for entry in by_state:
        entry["change"] = figures.change(entry["lbs"], entry["previous_lbs"])
    by_drug = figures.compared(cur, TABLE, span, ["drug_type"], _MEASURES, condition, params)
    lbs = round(sum(r["lbs"] for r in by_drug), 2)
    previous = (
        round(sum(r["previous_lbs"] or 0 for r in by_drug), 2) if span.previous_available else None
    )
    return SecurityAmo(
        version=version.ref.as_dict(),
        region=chosen_region or "All regions",
        drug=chosen_drug,
        **span.as_dict(),
        total={
            "lbs": lbs,
            "events": sum(r["events"] for r in by_drug),
            "previous_lbs": previous,
            "change": figures.change(lbs, previous),
        },
        by_drug=by_drug,
        by_branch=by_branch,
        by_state=by_state,
        by_year=figures.by_year(cur, TABLE, _MEASURES, condition, params),
        regions=regions,
        fiscal_years=figures.fiscal_years(cur, TABLE),
        notes=[figures.FISCAL_NOTE, figures.ENFORCEMENT_NOTE, NOTE],
    )
