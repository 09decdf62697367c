"""Response models of the security answers (each route's `response_model`)."""

from __future__ import annotations

from typing import Any

from puente.api.models.common import Answer, Rows, VersionRef


class SecurityOverview(Answer):
    """GET /api/security"""

    goals: Rows
    encounters: dict[str, Any]
    notes: list[str]


class SecurityDrugs(Answer):
    """GET /api/security/drugs"""

    version: VersionRef
    region: str | None
    drug: Any = None
    fiscal_year: int | None
    months: list[str]
    complete: bool | None
    compared_with: str | None
    total: dict[str, Any]
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
    sample: bool | None
    sample_note: str | None
    region: str | None
    fiscal_year: int | None
    months: list[str]
    complete: bool | None
    compared_with: str | None
    total: dict[str, Any]
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
    region: str | None
    fiscal_year: int | None
    months: list[str]
    complete: bool | None
    compared_with: str | None
    total: dict[str, Any]
    by_citizenship: Rows
    by_demographic: Rows
    by_title: Rows
    by_type: Rows
    by_component: Rows
    by_year: Rows
    monthly: Rows
    fiscal_years: list[int]
    notes: list[str]


class SecurityOrganizations(Answer):
    """GET /api/security/organizations"""

    version: VersionRef
    links_version: VersionRef
    lacks: list[str]
    total: int | None
    by_program: dict[str, Any]
    organizations: Rows
    history: Rows
    notes: list[str]


class SecurityOrganization(Answer):
    """GET /api/security/organizations/100"""

    version: VersionRef
    links_version: VersionRef
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
    fiscal_year: int | None
    months: list[str]
    complete: bool | None
    drug: Any = None
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
    region: str | None
    drug: Any = None
    fiscal_year: int | None
    months: list[str]
    complete: bool | None
    compared_with: str | None
    total: dict[str, Any]
    by_drug: Rows
    by_branch: Rows
    by_state: Rows
    by_year: Rows
    regions: list[str]
    fiscal_years: list[int]
    notes: list[str]


class SecurityEncountersByState(Answer):
    """GET /api/security/encounters/states"""

    version: VersionRef
    region: str | None
    fiscal_year: int | None
    months: list[str]
    complete: bool | None
    compared_with: str | None
    total: int | None
    by_state: Rows
    by_region: Rows
    by_year: Rows
    regions: list[str]
    fiscal_years: list[int]
    notes: list[str]
