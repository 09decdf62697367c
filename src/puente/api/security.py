"""/api/security: the Mérida goals, drug and currency seizures, Southwest border encounters.
Every answer carries its dataset version; currency answers say the file is a sample."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from puente.api.answers import answer
from puente.errors import InvalidInput
from puente.httpdeps import Format
from puente.security import drugs, encounters, money, overview

router = APIRouter(prefix="/api/security", tags=["security"])
FiscalYear = Annotated[
    int | None, Query(alias="fy", description="CBP fiscal year (Oct–Sep); default the latest")
]
Region = Annotated[
    str, Query(description='"Southwest Border" (default), another CBP region, or "all"')
]
DRUG_TABLES = ("by_drug", "by_area", "by_component", "by_year", "monthly")
MONEY_TABLES = ("by_direction", "by_area", "by_year", "monthly")
ENCOUNTER_TABLES = (
    "by_citizenship", "by_demographic", "by_title", "by_type", "by_component", "by_year",
    "monthly",
)  # fmt: skip


def _table(name: str, allowed: tuple[str, ...]) -> str:
    if name not in allowed:
        raise InvalidInput(f"unknown table {name!r}; expected one of: {', '.join(allowed)}")
    return name


@router.get("", summary="The Mérida goals: criminals, drugs, money, arms")
async def get_overview(request: Request) -> Response:
    return await answer(request, overview.overview)


@router.get("/drugs", summary="Drug seizures (lbs, events) by drug, area, month")
async def get_drugs(
    request: Request,
    drug: Annotated[str | None, Query(description="e.g. Fentanyl")] = None,
    fiscal_year: FiscalYear = None,
    region: Region = drugs.SOUTHWEST,
    table: Annotated[str, Query(description=" / ".join(DRUG_TABLES))] = "by_drug",
    format: Format = None,
) -> Response:
    rows = _table(table, DRUG_TABLES)
    return await answer(
        request,
        lambda cur: drugs.drug_seizures(cur, drug, fiscal_year, region),
        rows,
        format,
        lambda p: f"drug-seizures-fy{p['fiscal_year']}-{rows}",
    )


@router.get("/money", summary="Currency seizures inbound/outbound (a sample of CBP's file)")
async def get_money(
    request: Request,
    fiscal_year: FiscalYear = None,
    region: Region = "Southwest Border",
    table: Annotated[str, Query(description=" / ".join(MONEY_TABLES))] = "by_direction",
    format: Format = None,
) -> Response:
    rows = _table(table, MONEY_TABLES)
    response = await answer(
        request,
        lambda cur: money.currency_seizures(cur, fiscal_year, region),
        rows,
        format,
        lambda p: f"currency-seizures-sample-fy{p['fiscal_year']}-{rows}",
    )
    # The CSV has no room for the note: the header says the figures come from a sample.
    response.headers["X-Puente-Sample"] = "true"
    return response


@router.get("/encounters", summary="Southwest land border encounters by citizenship")
async def get_encounters(
    request: Request,
    fiscal_year: FiscalYear = None,
    table: Annotated[str, Query(description=" / ".join(ENCOUNTER_TABLES))] = "by_citizenship",
    format: Format = None,
) -> Response:
    rows = _table(table, ENCOUNTER_TABLES)
    return await answer(
        request,
        lambda cur: encounters.southwest_encounters(cur, fiscal_year),
        rows,
        format,
        lambda p: f"southwest-encounters-fy{p['fiscal_year']}-{rows}",
    )
