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

# Who the caller is (puente.httpauth, shared with the pages).
from puente.httpauth import (
    AdminActor,
    ScreenerActor,
    ViewerActor,
    app_state,
    auth_mode,
    caller,
    get_keys,
    get_state,
    require,
    require_admin,
    require_screener,
    require_viewer,
)

__all__ += [
    "AdminActor",
    "ScreenerActor",
    "ViewerActor",
    "app_state",
    "auth_mode",
    "caller",
    "get_keys",
    "get_state",
    "require",
    "require_admin",
    "require_screener",
    "require_viewer",
]
