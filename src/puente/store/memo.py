"""Results memoised per dataset version.

A figure computed from a dataset version never changes, so services can keep their results
keyed by the versions they read. A new load or a rollback changes the key; nothing is ever
invalidated by hand. Callers get a deep copy and may change it freely.
"""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import duckdb
from cachetools import LRUCache

from puente.store import catalog

P = ParamSpec("P")
R = TypeVar("R")

_MAX_ENTRIES = 512
_entries: LRUCache[tuple[Any, ...], Any] = LRUCache(maxsize=_MAX_ENTRIES)
_lock = threading.Lock()
_MISSING = object()


def _version_key(cur: duckdb.DuckDBPyConnection, datasets: tuple[str, ...]) -> tuple[Any, ...]:
    key: list[Any] = []
    for name in datasets:
        version = catalog.current_version(cur, name)
        key.append(
            None if version is None else (name, version.version, version.sha256, version.loaded_at)
        )
    return tuple(key)


def by_version(*datasets: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Memoise a service function `fn(cur, ...)` on its arguments and the versions in force of
    `datasets` (read in the caller's transaction, so the key matches what the function sees)."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            cur = args[0]
            assert isinstance(cur, duckdb.DuckDBPyConnection)
            try:
                key = (
                    fn.__module__,
                    fn.__qualname__,
                    _version_key(cur, datasets),
                    args[1:],
                    tuple(sorted(kwargs.items())),
                )
                hash(key)
            except TypeError:
                return fn(*args, **kwargs)
            with _lock:
                kept = _entries.get(key, _MISSING)
            if kept is not _MISSING:
                return copy.deepcopy(kept)  # type: ignore[no-any-return]
            result = fn(*args, **kwargs)
            with _lock:
                _entries[key] = result
            return copy.deepcopy(result)

        return wrapper

    return decorate


def clear() -> None:
    with _lock:
        _entries.clear()
