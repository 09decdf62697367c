"""What every service answer is built from: the base of the typed results the capabilities
return, and the dataset version a figure came from.

A service returns one of these models; the API sends it as JSON (each route declares it as
its `response_model`), the pages read its attributes and the CLI prints it or its tables. So
one computation, with one declared shape, is behind the three.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Answer(BaseModel):
    """The base of result models: the fields every answer of the route carries. An answer
    may carry more (a new field is not a breaking change), so extra fields are kept."""

    model_config = ConfigDict(extra="allow")

    def as_json(self) -> dict[str, Any]:
        """The answer as the API sends it: its fields in declared order, values unchanged; an
        optional field the service left out is left out."""
        return self.model_dump(exclude_unset=True)


class VersionRef(Answer):
    """The dataset version a figure came from (puente.store.catalog.VersionRef)."""

    dataset: str
    version: int
    sha256: str
    source: str = Field(description="The publisher's URL or the mirror-relative path")
    loaded_at: str


Rows = list[dict[str, Any]]
"""A table: one object per row (its CSV form has one column per key)."""


def plain(data: Any) -> Any:
    """An answer as plain JSON-shaped data (a model's dump, anything else as it is)."""
    return data.as_json() if isinstance(data, Answer) else data
