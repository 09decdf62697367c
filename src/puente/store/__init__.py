"""The embedded DuckDB store: one file, dataset versions, provenance."""

from puente.store.catalog import DatasetVersion, VersionRef
from puente.store.database import Store, open_store

__all__ = ["DatasetVersion", "Store", "VersionRef", "open_store"]
