"""Monitoring: portfolios of subjects re-screened on every new version of any list.

`watch_service(store)` gives the one WatchService of a store (its reverse index and webhook
notifier live as long as the store); see puente.watch.service.
"""

from __future__ import annotations

import threading
import weakref

from puente.config import Settings, get_settings
from puente.store import Store
from puente.watch.notify import Notifier
from puente.watch.service import WatchService
from puente.watch.state import DuckDbWatchState, WatchState

_SERVICES: weakref.WeakKeyDictionary[Store, WatchService] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def watch_state(store: Store, state_url: str | None = None) -> WatchState:
    """Where monitoring is kept: PostgreSQL when PUENTE_STATE_URL names it, else the DuckDB
    file."""
    if state_url:
        from puente.state import pg_database
        from puente.watch.pgstate import PgWatchState

        return PgWatchState(pg_database(state_url))
    return DuckDbWatchState(store)


def watch_service(store: Store, settings: Settings | None = None) -> WatchService:
    with _LOCK:
        service = _SERVICES.get(store)
        if service is None:
            config = settings or get_settings()
            state = watch_state(store, config.state_url)
            notifier = Notifier(
                state,
                attempts=config.webhook_attempts,
                backoff=config.webhook_backoff,
                timeout=config.webhook_timeout,
            )
            threshold = (
                config.watch_threshold
                if config.watch_threshold is not None
                else config.screen_threshold
            )
            service = WatchService(store, threshold, state, notifier)
            _SERVICES[store] = service
        return service


__all__ = ["WatchService", "watch_service", "watch_state"]
