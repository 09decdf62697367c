"""Response models of the security answers (each route's `response_model`): the services'
typed results (puente.security.results)."""

from __future__ import annotations

from puente.security.results import (
    LinksVersion,
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

__all__ = [
    "LinksVersion",
    "SecurityAmo",
    "SecurityCrossings",
    "SecurityDrugs",
    "SecurityEncounters",
    "SecurityEncountersByState",
    "SecurityMoney",
    "SecurityOrganization",
    "SecurityOrganizations",
    "SecurityOverview",
]
