"""Request dependencies: the store and the settings (defined in puente.httpdeps, which the
pages use too)."""

from __future__ import annotations

from puente.httpdeps import (
    Cursor,
    Format,
    SettingsDep,
    StoreDep,
    get_settings,
    get_store,
    read_cursor,
)

__all__ = [
    "Cursor",
    "Format",
    "SettingsDep",
    "StoreDep",
    "get_settings",
    "get_store",
    "read_cursor",
]
