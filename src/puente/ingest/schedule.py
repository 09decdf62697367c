"""The updater's schedule: a background thread (inside `puente serve --update-every`, or the
`puente updater` process) that checks each dataset when its next check is due and polls the
live border-wait feed at its own interval. One failing publisher never stops the others: each
check records its own error and backs off (puente.ingest.updates)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from puente.ingest.base import Source
from puente.ingest.updates import update_all
from puente.logs import get_logger
from puente.store import Store

log = get_logger(__name__)

TICK_SECONDS = 30.0  # how often the thread looks for due work


class Updater(threading.Thread):
    def __init__(
        self,
        store: Store,
        sources: Callable[[], list[Source]],
        interval: timedelta | None,
        poll: Callable[[Store], object] | None = None,
        poll_interval: timedelta | None = None,
        timeout: float = 60.0,
        publish_to: Path | None = None,
    ) -> None:
        super().__init__(name="puente-updater", daemon=True)
        self.publish_to = publish_to
        """A snapshot folder: after a round that loaded a new version, a snapshot of the
        database is published there (docs/decisions/0023-workers-replicas-snapshots.md)."""
        self.store = store
        self.sources = sources
        self.interval = interval
        self.poll = poll
        self.poll_interval = poll_interval
        self.timeout = timeout
        self.stopped = threading.Event()

    def stop(self) -> None:
        self.stopped.set()

    def run(self) -> None:
        next_poll = 0.0
        clock = 0.0
        while not self.stopped.is_set():
            if self.interval is not None:
                try:
                    reports = update_all(
                        self.store,
                        self.sources(),
                        timeout=self.timeout,
                        interval=self.interval,
                        due_only=True,
                    )
                    if any(r.outcome == "updated" for r in reports):
                        self.publish()
                except Exception as exc:  # the loop outlives any one round
                    log.warning("updater.round_failed", error=str(exc))
            if self.poll is not None and self.poll_interval is not None and clock >= next_poll:
                try:
                    self.poll(self.store)
                except Exception as exc:
                    log.warning("updater.poll_failed", error=str(exc))
                next_poll = clock + self.poll_interval.total_seconds()
            self.stopped.wait(TICK_SECONDS)
            clock += TICK_SECONDS

    def publish(self) -> None:
        if self.publish_to is None:
            return
        from puente.store.publish import publish

        publish(self.store, self.publish_to)
