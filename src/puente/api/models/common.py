"""What every area's answers share: the error body, the dataset version a figure came from,
and the base of every response model."""

from __future__ import annotations

from pydantic import BaseModel, Field

from puente.results import Answer, Rows, VersionRef

__all__ = ["Answer", "ErrorResponse", "Rows", "VersionRef"]


class ErrorResponse(BaseModel):
    """Every error the API answers (4xx and 5xx), whatever the route."""

    error: str = Field(description="A short code: invalid_input, not_found, rate_limited…")
    detail: str = Field(description="What went wrong and what was expected")
