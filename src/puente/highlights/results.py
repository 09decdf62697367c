"""The typed result of the highlights: what the API sends (its `response_model`), the page
and the Atom feed read and the CLI prints."""

from __future__ import annotations

from puente.results import Answer, Rows


class Highlights(Answer):
    """GET /api/highlights: the items newest first; `updated` is the newest item's date."""

    updated: str | None
    items: Rows
