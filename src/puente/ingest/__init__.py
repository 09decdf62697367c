"""Ingest: sources, fetching (mirror, path or URL), and atomic versioned loads."""

from puente.ingest.base import FileSpec, LoadContext, LoadResult, RawFile, Source
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
