"""Drug seizures (CBP OFO ports of entry and USBP): by drug, fiscal year, month, region,
component and area of responsibility, in pounds and seizure events."""

from __future__ import annotations

from typing import Any

import duckdb

from puente.security import figures
from puente.security.figures import FiscalWindow
from puente.security.results import DrugTotal, SecurityDrugs
from puente.store.catalog import require_current

DATASET = "cbp-drug-seizures"
TABLE = "cbp_drug_seizures"
SOUTHWEST = "Southwest Border"
TREND_DRUGS: tuple[str, ...] = ("Fentanyl", "Methamphetamine")
_MEASURES = (("lbs", "lbs"), ("events", "events"))


def _filters(region: str | None, drug: str | None) -> tuple[str, dict[str, Any]]:
    where, params = ["true"], {}
    if region is not None:
        where.append("region = $region")
        params["region"] = region
    if drug is not None:
        where.append("drug_type = $drug")
        params["drug"] = drug
    return " AND ".join(where), params


def drug_seizures(
    cur: duckdb.DuckDBPyConnection,
    drug: str | None = None,
    fiscal_year: int | None = None,
    region: str | None = SOUTHWEST,
) -> SecurityDrugs:
    """One fiscal year of seizures in a region (default the Southwest border; "all" for the
    whole country), optionally of one drug, each group compared with the same months of the
    fiscal year before, plus the yearly series and the monthly fentanyl/methamphetamine trend."""
    version = require_current(cur, DATASET)
    regions = figures.distinct(cur, TABLE, "region")
    drugs = figures.distinct(cur, TABLE, "drug_type")
    chosen_region = (
        None if region in (None, "", "all") else figures.choose(region, regions, "region")
    )
    chosen_drug = figures.choose(drug, drugs, "drug type")
    span = figures.window(cur, TABLE, fiscal_year)
    where, params = _filters(chosen_region, chosen_drug)
    by_drug = figures.compared(cur, TABLE, span, ["drug_type"], _MEASURES, where, params)
    by_area = figures.compared(
        cur,
        TABLE,
        span,
        ["region", "component", "area_of_responsibility"],
        _MEASURES,
        where,
        params,
    )
    by_component = figures.compared(cur, TABLE, span, ["component"], _MEASURES, where, params)
    total = _total(by_drug, span)
    trend_drugs = (chosen_drug,) if chosen_drug else TREND_DRUGS
    region_where, region_params = _filters(chosen_region, None)
    monthly = figures.records(
        cur,
        f"SELECT strftime(period, '%Y-%m') AS period, fiscal_year, drug_type, "
        f"round(sum(lbs), 2) AS lbs, sum(events) AS events FROM {TABLE} "
        f"WHERE {region_where} AND list_contains($drugs, drug_type) GROUP BY ALL ORDER BY 1, 3",
        {**region_params, "drugs": list(trend_drugs)},
    )
    return SecurityDrugs(
        version=version.ref.as_dict(),
        region=chosen_region or "All regions",
        drug=chosen_drug,
        **span.as_dict(),
        total=total,
        by_drug=by_drug,
        by_component=by_component,
        by_area=by_area,
        by_year=figures.by_year(cur, TABLE, _MEASURES, where, params),
        monthly=monthly,
        trend_drugs=list(trend_drugs),
        regions=regions,
        drugs=drugs,
        fiscal_years=figures.fiscal_years(cur, TABLE),
        notes=[figures.FISCAL_NOTE, figures.ENFORCEMENT_NOTE],
    )


def _total(rows: list[dict[str, Any]], span: FiscalWindow) -> DrugTotal:
    lbs = round(sum(r["lbs"] for r in rows), 2)
    events = sum(r["events"] for r in rows)
    previous = (
        round(sum(r["previous_lbs"] or 0 for r in rows), 2) if span.previous_available else None
    )
    return DrugTotal(
        lbs=lbs,
        events=events,
        previous_lbs=previous,
        previous_events=(
            sum(r["previous_events"] or 0 for r in rows) if span.previous_available else None
        ),
        change=figures.change(lbs, previous),
    )
