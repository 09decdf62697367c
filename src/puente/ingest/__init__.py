"""Ingest: sources, fetching (mirror, path or URL), and atomic versioned loads.

The runner (and with it the HTTP client) is imported when first asked for: a command that
only reads a source's model (`puente screen`) does not pay for it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from puente.ingest.base import FileSpec, LoadContext, LoadResult, RawFile, Source

if TYPE_CHECKING:
    from puente.ingest.runner import IngestReport, ingest_source

__all__ = [
    "FileSpec",
    "IngestReport",
    "LoadContext",
    "LoadResult",
    "RawFile",
    "Source",
    "ingest_source",
]


def __getattr__(name: str) -> Any:
    if name in ("IngestReport", "ingest_source"):
        from puente.ingest import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
