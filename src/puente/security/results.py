"""The typed results of the security services (the Mérida goals, drug and currency seizures,
encounters, criminal organisations, seizures beside crossings, AMO): what the API sends (each
route's `response_model`), the pages read and the CLI prints."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from puente.results import Answer, Rows, VersionRef

Number = int | float
"""A figure as it was summed: an int stays an int in the JSON (0, not 0.0)."""


class SeizureTotal(Answer):
    """Pounds and seizure events of a year, and the change on the same months before."""

    lbs: Number
    events: int
    previous_lbs: Number | None
    change: float | None = Field(description="Change in pounds, as a fraction; none: no year")


class DrugTotal(Answer):
    lbs: Number
    events: int
    previous_lbs: Number | None
    previous_events: int | None
    change: float | None


class MoneyTotal(Answer):
    usd: Number
    events: int
    previous_usd: Number | None
    change: float | None


class EncounterTotal(Answer):
    encounters: int
    previous_encounters: int | None
    change: float | None
    mexico: int = Field(description="Encounters of Mexican citizens")
    mexico_share: float | None


class SecurityOverview(Answer):
    """GET /api/security"""

    goals: Rows = Field(description="criminals, drugs, money, arms: what the data can say")
    encounters: dict[str, Any] | None
    notes: list[str]


class SecurityDrugs(Answer):
    """GET /api/security/drugs"""

    version: VersionRef
    region: str
    drug: str | None
    fiscal_year: int
    months: list[str]
    complete: bool
    compared_with: str | None = Field(description='"FY2024, same months", or none')
    total: DrugTotal
    by_drug: Rows
    by_component: Rows
    by_area: Rows
    by_year: Rows
    monthly: Rows
    trend_drugs: list[str]
    regions: list[str]
    drugs: list[str]
    fiscal_years: list[int]
    notes: list[str]


class SecurityMoney(Answer):
    """GET /api/security/money"""

    version: VersionRef
    sample: bool
    sample_note: str
    region: str
    fiscal_year: int
    months: list[str]
    complete: bool
    compared_with: str | None = Field(description='"FY2024, same months", or none')
    total: MoneyTotal
    by_direction: Rows
    by_area: Rows
    by_year: Rows
    monthly: Rows
    regions: list[str]
    fiscal_years: list[int]
    notes: list[str]


class SecurityEncounters(Answer):
    """GET /api/security/encounters"""

    version: VersionRef
    region: str
    fiscal_year: int
    months: list[str]
    complete: bool
    compared_with: str | None = Field(description='"FY2024, same months", or none')
    total: EncounterTotal
    by_citizenship: Rows
    by_demographic: Rows
    by_title: Rows
    by_type: Rows
    by_component: Rows
    by_year: Rows
    monthly: Rows
    fiscal_years: list[int]
    notes: list[str]


class SecurityEncountersByState(Answer):
    """GET /api/security/encounters/states"""

    version: VersionRef
    region: str
    fiscal_year: int
    months: list[str]
    complete: bool
    compared_with: str | None = Field(description='"FY2024, same months", or none')
    total: int
    by_state: Rows
    by_region: Rows
    by_year: Rows
    regions: list[str]
    fiscal_years: list[int]
    notes: list[str]


class LinksVersion(VersionRef):
    """The version of the list the members' links were read from, and its date."""

    as_of: str


class SecurityOrganizations(Answer):
    """GET /api/security/organizations"""

    version: VersionRef
    links_version: LinksVersion | None
    lacks: list[str]
    total: int
    by_program: dict[str, int]
    organizations: Rows
    history: Rows
    notes: list[str]


class SecurityOrganization(Answer):
    """GET /api/security/organizations/100"""

    version: VersionRef
    links_version: LinksVersion | None
    lacks: list[str]
    organization: dict[str, Any]
    members: Rows
    edges: Rows
    history: Rows
    notes: list[str]


class SecurityCrossings(Answer):
    """GET /api/security/crossings"""

    version: VersionRef
    crossings_version: VersionRef
    fiscal_year: int
    months: list[str]
    complete: bool
    drug: str | None
    drugs: list[str]
    fiscal_years: list[int]
    field_offices: Rows
    corridors: Rows
    ports: Rows
    monthly: Rows
    areas: Rows
    notes: list[str]


class SecurityAmo(Answer):
    """GET /api/security/amo"""

    version: VersionRef
    region: str
    drug: str | None
    fiscal_year: int
    months: list[str]
    complete: bool
    compared_with: str | None = Field(description='"FY2024, same months", or none')
    total: SeizureTotal
    by_drug: Rows
    by_branch: Rows
    by_state: Rows
    by_year: Rows
    regions: list[str]
    fiscal_years: list[int]
    notes: list[str]
