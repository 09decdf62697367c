"""Currency and other monetary instrument seizures: inbound and outbound (money going south
at the Southwest border). The loaded file is a transcribed sample of CBP's release, and every
answer says so."""

from __future__ import annotations

import duckdb

from puente.security import figures
from puente.security.results import SecurityMoney
from puente.store.catalog import require_current

DATASET = "cbp-currency-seizures"
TABLE = "cbp_currency_seizures"
SAMPLE_NOTE = (
    "Sample: this is a transcribed sample of CBP's currency seizure file (FY2025 to July 2026), "
    "not the full release; it may leave out events, so totals are lower bounds."
)
_MEASURES = (("usd", "usd"), ("events", "events"))


def currency_seizures(
    cur: duckdb.DuckDBPyConnection,
    fiscal_year: int | None = None,
    region: str | None = "Southwest Border",
) -> SecurityMoney:
    """Dollars seized by direction (Inbound, Outbound, Other) and by area in one fiscal year
    and region, each compared with the same months of the year before when the data has them."""
    version = require_current(cur, DATASET)
    regions = figures.distinct(cur, TABLE, "region")
    chosen = None if region in (None, "", "all") else figures.choose(region, regions, "region")
    span = figures.window(cur, TABLE, fiscal_year)
    where = "region = $region" if chosen else "true"
    params = {"region": chosen} if chosen else {}
    by_direction = figures.compared(cur, TABLE, span, ["direction"], _MEASURES, where, params)
    usd = round(sum(r["usd"] for r in by_direction), 2)
    previous = (
        round(sum(r["previous_usd"] or 0 for r in by_direction), 2)
        if span.previous_available
        else None
    )
    monthly = figures.records(
        cur,
        f"SELECT strftime(period, '%Y-%m') AS period, direction, round(sum(usd), 2) AS usd, "
        f"sum(events) AS events FROM {TABLE} WHERE {where} GROUP BY ALL ORDER BY 1, 2",
        params,
    )
    return SecurityMoney(
        version=version.ref.as_dict(),
        sample=True,
        sample_note=SAMPLE_NOTE,
        region=chosen or "All regions",
        **span.as_dict(),
        total={
            "usd": usd,
            "events": sum(r["events"] for r in by_direction),
            "previous_usd": previous,
            "change": figures.change(usd, previous),
        },
        by_direction=by_direction,
        by_area=figures.compared(
            cur,
            TABLE,
            span,
            ["component", "area_of_responsibility", "direction"],
            _MEASURES,
            where,
            params,
        ),
        by_year=figures.by_year(cur, TABLE, _MEASURES, where, params),
        monthly=monthly,
        regions=regions,
        fiscal_years=figures.fiscal_years(cur, TABLE),
        notes=[SAMPLE_NOTE, figures.FISCAL_NOTE, figures.ENFORCEMENT_NOTE],
    )
