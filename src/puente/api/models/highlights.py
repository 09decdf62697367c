"""Response models of the highlights answers (each route's `response_model`): the highlights'
own typed result (puente.highlights.results)."""

from __future__ import annotations

from puente.highlights.results import Highlights

__all__ = ["Highlights"]
