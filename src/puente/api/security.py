"""/api/security: the Mérida goals, drug and currency seizures, Southwest border encounters.
Every answer carries its dataset version; currency answers say the file is a sample."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from puente.api.answers import answer
from puente.api.models.security import (
    SecurityAmo,
    SecurityCrossings,
    SecurityDrugs,
    SecurityEncounters,
    SecurityEncountersByState,
    SecurityMoney,
    SecurityOrganization,
    SecurityOrganizations,
    SecurityOverview,
)
from puente.api.queryparams import KNOWN_PARAMETERS
from puente.errors import InvalidInput
from puente.httpdeps import Format, _canonical
from puente.security import amo, areas, drugs, encounters, money, organizations, overview

router = APIRouter(prefix="/api/security", tags=["security"], dependencies=[KNOWN_PARAMETERS])
FiscalYear = Annotated[
    int | None,
    Query(
        alias="fy", ge=1900, le=2100, description="CBP fiscal year (Oct–Sep); default the latest"
    ),
]
Region = Annotated[
    str, Query(description='"Southwest Border" (default), another CBP region, or "all"')
]
DRUG_TABLES = ("by_drug", "by_area", "by_component", "by_year", "monthly")
MONEY_TABLES = ("by_direction", "by_area", "by_year", "monthly")
CROSSING_TABLES = ("field_offices", "corridors", "monthly", "ports", "areas")
AMO_TABLES = ("by_drug", "by_branch", "by_state", "by_year")
STATE_TABLES = ("by_state", "by_region", "by_year")
ENCOUNTER_TABLES = (
    "by_citizenship", "by_demographic", "by_title", "by_type", "by_component", "by_year",
    "monthly",
)  # fmt: skip
DrugTable = Literal["by_drug", "by_area", "by_component", "by_year", "monthly"]
MoneyTable = Literal["by_direction", "by_area", "by_year", "monthly"]
CrossingTable = Literal["field_offices", "corridors", "monthly", "ports", "areas"]
AmoTable = Literal["by_drug", "by_branch", "by_state", "by_year"]
StateTable = Literal["by_state", "by_region", "by_year"]
EncounterTable = Literal[
    "by_citizenship", "by_demographic", "by_title", "by_type", "by_component", "by_year",
    "monthly",
]  # fmt: skip


def _checker(allowed: tuple[str, ...]) -> Callable[[str], str]:
    """The parameter's check: the same message as before the schema named the tables."""
    return lambda name: _table(name.strip().lower(), allowed)


def _table(name: str, allowed: tuple[str, ...]) -> str:
    if name not in allowed:
        raise InvalidInput(f"unknown table {name!r}; expected one of: {', '.join(allowed)}")
    return name


@router.get(
    "", summary="The Mérida goals: criminals, drugs, money, arms", response_model=SecurityOverview
)
async def get_overview(request: Request) -> Response:
    return await answer(request, overview.overview)


@router.get(
    "/drugs",
    summary="Drug seizures (lbs, events) by drug, area, month",
    response_model=SecurityDrugs,
)
async def get_drugs(
    request: Request,
    drug: Annotated[str | None, Query(description="e.g. Fentanyl")] = None,
    fiscal_year: FiscalYear = None,
    region: Region = drugs.SOUTHWEST,
    table: Annotated[
        DrugTable, _canonical(_checker(DRUG_TABLES)), Query(description=" / ".join(DRUG_TABLES))
    ] = "by_drug",
    format: Format = None,
) -> Response:
    rows = _table(table, DRUG_TABLES)
    return await answer(
        request,
        lambda cur: drugs.drug_seizures(cur, drug, fiscal_year, region),
        rows,
        format,
        lambda p: f"drug-seizures-fy{p.fiscal_year}-{rows}",
    )


@router.get(
    "/money",
    summary="Currency seizures inbound/outbound (a sample of CBP's file)",
    response_model=SecurityMoney,
)
async def get_money(
    request: Request,
    fiscal_year: FiscalYear = None,
    region: Region = "Southwest Border",
    table: Annotated[
        MoneyTable, _canonical(_checker(MONEY_TABLES)), Query(description=" / ".join(MONEY_TABLES))
    ] = "by_direction",
    format: Format = None,
) -> Response:
    rows = _table(table, MONEY_TABLES)
    response = await answer(
        request,
        lambda cur: money.currency_seizures(cur, fiscal_year, region),
        rows,
        format,
        lambda p: f"currency-seizures-sample-fy{p.fiscal_year}-{rows}",
    )
    # The CSV has no room for the note: the header says the figures come from a sample.
    response.headers["X-Puente-Sample"] = "true"
    return response


@router.get(
    "/encounters",
    summary="Southwest land border encounters by citizenship",
    response_model=SecurityEncounters,
)
async def get_encounters(
    request: Request,
    fiscal_year: FiscalYear = None,
    table: Annotated[
        EncounterTable,
        _canonical(_checker(ENCOUNTER_TABLES)),
        Query(description=" / ".join(ENCOUNTER_TABLES)),
    ] = "by_citizenship",
    format: Format = None,
) -> Response:
    rows = _table(table, ENCOUNTER_TABLES)
    return await answer(
        request,
        lambda cur: encounters.southwest_encounters(cur, fiscal_year),
        rows,
        format,
        lambda p: f"southwest-encounters-fy{p.fiscal_year}-{rows}",
    )


@router.get(
    "/organizations",
    summary="Designated criminal organisations tied to Mexico",
    response_model=SecurityOrganizations,
)
async def get_organizations(
    request: Request,
    format: Format = None,
) -> Response:
    return await answer(
        request,
        organizations.list_organizations,
        "organizations",
        format,
        lambda p: f"criminal-organizations-sdn-v{p.version.version}",
    )


@router.get(
    "/organizations/{entity_id}",
    summary="One organisation: members, companies, shared addresses, its network",
    response_model=SecurityOrganization,
)
async def get_organization(
    request: Request,
    entity_id: int,
    format: Format = None,
) -> Response:
    return await answer(
        request,
        lambda cur: organizations.get_organization(cur, entity_id),
        "members",
        format,
        lambda p: f"organization-{entity_id}-members",
    )


@router.get(
    "/crossings",
    summary="Seizures per million people crossing, at and between ports",
    response_model=SecurityCrossings,
)
async def get_crossings(
    request: Request,
    drug: Annotated[str | None, Query(description="e.g. Fentanyl; default all drugs")] = None,
    fiscal_year: FiscalYear = None,
    table: Annotated[
        CrossingTable,
        _canonical(_checker(CROSSING_TABLES)),
        Query(description=" / ".join(CROSSING_TABLES)),
    ] = "field_offices",
    format: Format = None,
) -> Response:
    rows = _table(table, CROSSING_TABLES)
    return await answer(
        request,
        lambda cur: areas.seizures_beside_crossings(cur, fiscal_year, drug),
        rows,
        format,
        lambda p: f"seizures-per-crossing-fy{p.fiscal_year}-{rows}",
    )


@router.get(
    "/amo",
    summary="Air and Marine Operations drug seizures by branch and state",
    response_model=SecurityAmo,
)
async def get_amo(
    request: Request,
    drug: Annotated[str | None, Query(description="e.g. Cocaine")] = None,
    fiscal_year: FiscalYear = None,
    region: Annotated[str, Query(description='a CBP region, or "all" (default)')] = "all",
    table: Annotated[
        AmoTable, _canonical(_checker(AMO_TABLES)), Query(description=" / ".join(AMO_TABLES))
    ] = "by_state",
    format: Format = None,
) -> Response:
    rows = _table(table, AMO_TABLES)
    return await answer(
        request,
        lambda cur: amo.amo_seizures(cur, drug, fiscal_year, region),
        rows,
        format,
        lambda p: f"amo-drug-seizures-fy{p.fiscal_year}-{rows}",
    )


@router.get(
    "/encounters/states",
    summary="Nationwide encounters by U.S. state",
    response_model=SecurityEncountersByState,
)
async def get_encounters_by_state(
    request: Request,
    fiscal_year: FiscalYear = None,
    region: Annotated[
        str, Query(description='"Southwest Land Border", another region, or "all" (default)')
    ] = "all",
    table: Annotated[
        StateTable, _canonical(_checker(STATE_TABLES)), Query(description=" / ".join(STATE_TABLES))
    ] = "by_state",
    format: Format = None,
) -> Response:
    rows = _table(table, STATE_TABLES)
    return await answer(
        request,
        lambda cur: encounters.encounters_by_state(cur, fiscal_year, region),
        rows,
        format,
        lambda p: f"encounters-by-state-fy{p.fiscal_year}-{rows}",
    )
