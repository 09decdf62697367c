"""One read, one look at the catalog: within a service call, the current dataset versions
and the small reference tables (states, cities, posts, districts) are read once and reused.

A state page touches six datasets and resolves the state several times; without this it
would ask the catalog for the same versions a dozen times. The memo lives only for the
outermost decorated call (a context variable), so nothing outlives the read transaction it
was taken in, and threads or requests never share it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import duckdb

from puente.errors import NotFound
from puente.store import DatasetVersion, catalog

P = ParamSpec("P")
R = TypeVar("R")

_active: ContextVar[dict[tuple[int, Any], Any] | None] = ContextVar("puente_snapshot", default=None)


def one_read(func: Callable[P, R]) -> Callable[P, R]:
    """Memoize catalog and reference-table reads for the duration of this call."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if _active.get() is not None:
            return func(*args, **kwargs)
        token = _active.set({})
        try:
            return func(*args, **kwargs)
        finally:
            _active.reset(token)

    return wrapper


def memo(cur: duckdb.DuckDBPyConnection, key: Any, load: Callable[[], R]) -> R:
    """`load()` once per cursor and key inside a one_read call; every time outside one."""
    cache = _active.get()
    if cache is None:
        return load()
    slot = (id(cur), key)
    if slot not in cache:
        cache[slot] = load()
    value: R = cache[slot]
    return value


def _versions(cur: duckdb.DuckDBPyConnection) -> dict[str, DatasetVersion]:
    return {v.dataset: v for v in catalog.list_versions(cur) if v.current}


def current(cur: duckdb.DuckDBPyConnection, dataset: str) -> DatasetVersion | None:
    return memo(cur, "versions", lambda: _versions(cur)).get(dataset)


def require(cur: duckdb.DuckDBPyConnection, dataset: str) -> DatasetVersion:
    """The version in force, or the catalog's NotFound telling how to load it."""
    version = current(cur, dataset)
    if version is None:
        raise NotFound(f"dataset {dataset!r} is not loaded; run `puente ingest {dataset}`")
    return version
