"""What every area's answers share: the error body, the dataset version a figure came from,
and the base of every response model."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorResponse(BaseModel):
    """Every error the API answers (4xx and 5xx), whatever the route."""

    error: str = Field(description="A short code: invalid_input, not_found, rate_limited…")
    detail: str = Field(description="What went wrong and what was expected")


class Answer(BaseModel):
    """The base of response models: the fields every answer of the route carries. An answer
    may carry more (a new field is not a breaking change), so extra fields are kept."""

    model_config = ConfigDict(extra="allow")


class VersionRef(Answer):
    """The dataset version a figure came from (puente.store.catalog.VersionRef)."""

    dataset: str
    version: int
    sha256: str
    source: str = Field(description="The publisher's URL or the mirror-relative path")
    loaded_at: str


Rows = list[dict[str, Any]]
"""A table: one object per row (its CSV form has one column per key)."""
