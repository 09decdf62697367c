"""Response models of the highlights answers (each route's `response_model`)."""

from __future__ import annotations

from puente.api.models.common import Answer, Rows


class Highlights(Answer):
    """GET /api/highlights"""

    updated: str | None
    items: Rows
