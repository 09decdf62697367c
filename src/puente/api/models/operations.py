"""Response models of /healthz and /readyz."""

from __future__ import annotations

from pydantic import Field

from puente.api.models.common import Answer


class Health(Answer):
    status: str = Field(description="ok: the process answers")


class Ready(Answer):
    status: str = Field(description="ready")
    datasets: list[str] = Field(description="The datasets with a version in force")
    screening_index: str = Field(description="ready, or absent when no SDN list is loaded")
