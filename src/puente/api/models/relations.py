"""Response models of the relations answers (each route's `response_model`)."""

from __future__ import annotations

from typing import Any

from puente.api.models.common import Answer, Rows, VersionRef


class Relations(Answer):
    """GET /api/relations"""

    page: dict[str, Any]
    paragraphs: list[str]
    figures: dict[str, Any]
    verdicts: dict[str, Any]
    claims: Rows
    rows: Rows
    datasets: list[VersionRef]
