"""The Mérida Initiative's four tracking goals — criminals, drugs, money, arms — each with
what the loaded data can say about it, and plainly what it cannot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import duckdb

from puente.errors import NotFound
from puente.security import drugs, encounters, figures, money
from puente.security.results import SecurityDrugs, SecurityOverview
from puente.store.catalog import current_version

SANCTIONS_DATASET = "ofac-sdn"
R = TypeVar("R")


def _or_missing(build: Callable[[], R]) -> R | None:
    try:
        return build()
    except NotFound:
        return None


def overview(cur: duckdb.DuckDBPyConnection) -> SecurityOverview:
    """Southwest border fentanyl and methamphetamine, outbound money, encounters, and the
    Kingpin Act designations tied to Mexico, each with its dataset version."""
    sanctions = current_version(cur, SANCTIONS_DATASET)
    criminals: dict[str, Any] = {
        "goal": "criminals",
        "available": sanctions is not None,
        "link": "/sanctions?program=SDNTK&country=MX",
        "kingpin_mexico": sanctions.stats.get("sdntk_mexico_ties") if sanctions else None,
        "version": sanctions.ref.as_dict() if sanctions else None,
    }
    seizures = _or_missing(lambda: drugs.drug_seizures(cur))
    drug_goal: dict[str, Any] = {"goal": "drugs", "available": seizures is not None}
    if seizures is not None:
        trend = {d: _drug_row(seizures, d) for d in drugs.TREND_DRUGS}
        drug_goal.update(
            {
                "link": "/security/drugs",
                "fiscal_year": seizures.fiscal_year,
                "months": seizures.months,
                "compared_with": seizures.compared_with,
                "total": seizures.total.as_json(),
                "trend": trend,
                "by_year": _trend_years(cur),
                "version": seizures.version.as_json(),
            }
        )
    cash = _or_missing(lambda: money.currency_seizures(cur))
    money_goal: dict[str, Any] = {"goal": "money", "available": cash is not None}
    if cash is not None:
        money_goal.update(
            {
                "link": "/security/money",
                "fiscal_year": cash.fiscal_year,
                "months": cash.months,
                "total": cash.total.as_json(),
                "by_direction": cash.by_direction,
                "sample": True,
                "sample_note": money.SAMPLE_NOTE,
                "version": cash.version.as_json(),
            }
        )
    people = _or_missing(lambda: encounters.southwest_encounters(cur))
    return SecurityOverview(
        goals=[
            criminals,
            drug_goal,
            money_goal,
            {"goal": "arms", "available": False, "note": figures.ARMS_NOTE},
        ],
        encounters={
            "link": "/security/encounters",
            "fiscal_year": people.fiscal_year,
            "months": people.months,
            "total": people.total.as_json(),
            "by_year": people.by_year,
            "version": people.version.as_json(),
        }
        if people
        else None,
        notes=[figures.FISCAL_NOTE, figures.ENFORCEMENT_NOTE, figures.ARMS_NOTE],
    )


def _drug_row(seizures: SecurityDrugs, drug: str) -> dict[str, Any] | None:
    return next((r for r in seizures.by_drug if r["drug_type"] == drug), None)


def _trend_years(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Southwest border pounds of fentanyl and methamphetamine by fiscal year."""
    rows = cur.execute(
        f"SELECT fiscal_year, drug_type, any_value(m.months) AS months, "
        f"round(sum(lbs), 2) AS lbs FROM {drugs.TABLE} "
        f"JOIN ({figures.MONTHS_SQL.format(table=drugs.TABLE)}) m USING (fiscal_year) "
        "WHERE region = $region "
        "AND list_contains($drugs, drug_type) GROUP BY ALL ORDER BY 1, 2",
        {"region": drugs.SOUTHWEST, "drugs": list(drugs.TREND_DRUGS)},
    ).fetchall()
    return [{"fiscal_year": y, "drug_type": d, "months": m, "lbs": lbs} for y, d, m, lbs in rows]
