"""Request dependencies: the store and the settings."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
from fastapi import Request

from puente.config import Settings
from puente.store import Store


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def read_cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read transaction for the request: one consistent snapshot of every dataset."""
    with get_store(request).read() as cur:
        yield cur
