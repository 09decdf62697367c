"""The ingest runner's post-load hook: a new version of a list re-screens the portfolios."""

from __future__ import annotations

from puente.sanctions.lists import LISTS
from puente.store import Store


def after_load(store: Store, dataset: str, version: int) -> None:
    if dataset not in LISTS:
        return
    from puente.watch import watch_service

    service = watch_service(store)
    if not service.state.portfolios():
        # Nothing to re-screen; the first portfolio records the version it is screened at.
        return
    service.sync(dataset)
    # The load may run in a CLI process that exits next: deliver the webhooks first.
    service.flush()
