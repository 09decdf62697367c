"""Southwest land border encounters (OFO and USBP) by citizenship (Mexico first),
demographic, title of authority and encounter type."""

from __future__ import annotations

from typing import Any

import duckdb

from puente.security import figures
from puente.security.results import SecurityEncounters, SecurityEncountersByState
from puente.store.catalog import require_current

DATASET = "cbp-southwest-encounters"
TABLE = "cbp_southwest_encounters"
MEXICO = "Mexico"
NOTE = (
    "Encounters count events, not people: one person stopped twice is two encounters. "
    "Title 42 expulsions ended in May 2023."
)
_MEASURES = (("encounters", "encounters"),)


def southwest_encounters(
    cur: duckdb.DuckDBPyConnection, fiscal_year: int | None = None
) -> SecurityEncounters:
    version = require_current(cur, DATASET)
    span = figures.window(cur, TABLE, fiscal_year)

    def grouped(dim: str) -> list[dict[str, Any]]:
        return figures.compared(cur, TABLE, span, [dim], _MEASURES)

    by_citizenship = grouped("citizenship")
    by_citizenship.sort(key=lambda r: (r["citizenship"] != MEXICO, -r["encounters"]))
    total = sum(r["encounters"] for r in by_citizenship)
    previous = (
        sum(r["previous_encounters"] or 0 for r in by_citizenship)
        if span.previous_available
        else None
    )
    mexico = next((r["encounters"] for r in by_citizenship if r["citizenship"] == MEXICO), 0)
    monthly = figures.records(
        cur,
        f"SELECT strftime(period, '%Y-%m') AS period, citizenship, sum(encounters) AS encounters "
        f"FROM {TABLE} GROUP BY ALL ORDER BY 1, 2",
    )
    return SecurityEncounters(
        version=version.ref.as_dict(),
        region="Southwest Border",
        **span.as_dict(),
        total={
            "encounters": total,
            "previous_encounters": previous,
            "change": figures.change(total, previous),
            "mexico": mexico,
            "mexico_share": round(mexico / total, 4) if total else None,
        },
        by_citizenship=by_citizenship,
        by_demographic=grouped("demographic"),
        by_title=grouped("title_of_authority"),
        by_type=grouped("encounter_type"),
        by_component=grouped("component"),
        by_year=figures.by_year(cur, TABLE, _MEASURES),
        monthly=monthly,
        fiscal_years=figures.fiscal_years(cur, TABLE),
        notes=[figures.FISCAL_NOTE, NOTE],
    )


STATE_DATASET = "cbp-encounters-by-state"
STATE_TABLE = "cbp_encounters_by_state"
MEXICO_CODE = "MEXICO"
STATE_NOTE = (
    "Nationwide encounters by the U.S. state where they happened, ports of entry and Border "
    "Patrol together; the Southwest land border region is Arizona, California, New Mexico "
    "and Texas."
)


def encounters_by_state(
    cur: duckdb.DuckDBPyConnection, fiscal_year: int | None = None, region: str | None = None
) -> SecurityEncountersByState:
    """One fiscal year of encounters by U.S. state (default: every land border region), with
    Mexican citizens' share in each state, compared with the same months of the year before."""
    version = require_current(cur, STATE_DATASET)
    regions = figures.distinct(cur, STATE_TABLE, "region")
    chosen = None if region in (None, "", "all") else figures.choose(region, regions, "region")
    span = figures.window(cur, STATE_TABLE, fiscal_year)
    where = "region = $region" if chosen else "true"
    params = {"region": chosen} if chosen else {}
    by_state = figures.compared(
        cur, STATE_TABLE, span, ["region", "state"], _MEASURES, where, params
    )
    mexicans = {
        (r["region"], r["state"]): r["encounters"]
        for r in figures.compared(
            cur,
            STATE_TABLE,
            span,
            ["region", "state"],
            _MEASURES,
            f"{where} AND citizenship = $mexico",
            {**params, "mexico": MEXICO_CODE},
        )
    }
    for row in by_state:
        row["mexico"] = mexicans.get((row["region"], row["state"]), 0)
        row["mexico_share"] = (
            round(row["mexico"] / row["encounters"], 4) if row["encounters"] else None
        )
    total = sum(r["encounters"] for r in by_state)
    return SecurityEncountersByState(
        version=version.ref.as_dict(),
        region=chosen or "All regions",
        **span.as_dict(),
        total=total,
        by_state=by_state,
        by_region=figures.compared(cur, STATE_TABLE, span, ["region"], _MEASURES, where, params),
        by_year=figures.by_year(cur, STATE_TABLE, _MEASURES, where, params),
        regions=regions,
        fiscal_years=figures.fiscal_years(cur, STATE_TABLE),
        notes=[figures.FISCAL_NOTE, NOTE, STATE_NOTE],
    )
