"""The answer to a screening (POST /api/screen, the screening page, `puente screen`): the
candidates per query, the list versions screened against, and the audit row's id.

A slotted dataclass, not a pydantic model: it is built on every screening request, whose
answer goes out as the plain JSON values it holds (no validation pass on the hot path). Its
schema, for the API, is `puente.api.models.screening.ScreenResult`, and a test holds the two
to the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class ScreeningAnswer:
    list_version: dict[str, Any]
    """The SDN list's version when it was screened, else the first list's."""
    list_versions: list[dict[str, Any]]
    """Every list version screened against (puente.store.catalog.VersionRef as JSON)."""
    lists: list[str]
    threshold: float
    results: list[dict[str, Any]]
    """One per query, in order: the query as read, its candidates best first (and an
    `error` when the query could not be screened)."""
    audit_id: int | None = None
    """The audit row's id, once the row is committed."""

    def as_dict(self) -> dict[str, Any]:
        """The answer as the API sends it."""
        return {
            "list_version": self.list_version,
            "list_versions": self.list_versions,
            "lists": self.lists,
            "threshold": self.threshold,
            "results": self.results,
            "audit_id": self.audit_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScreeningAnswer:
        """The answer read back from the API's JSON (the CLI through a running server)."""
        return cls(
            list_version=data["list_version"],
            list_versions=data.get("list_versions") or [data["list_version"]],
            lists=data.get("lists") or [data["list_version"]["dataset"]],
            threshold=data["threshold"],
            results=data["results"],
            audit_id=data.get("audit_id"),
        )

    def matched(self) -> bool:
        """Any candidate of any query at or above the threshold."""
        return any(m["match"] for r in self.results for m in r["matches"])
