"""Post-load hooks: what runs after a dataset version is put in force (a load or a rollback).

Capabilities add a hook here as "module:function" (imported on first use, so the core stays
light) or call `register` at run time. A hook gets the store, the dataset and the version now
in force, after the load has committed; a hook that fails is logged and never undoes the
load or stops the other hooks.

A batch hook gets every load of a batch at once: loads made inside `batch()` (`puente ingest
--all`, an updater round) run their hooks once at its end, so work that depends on several
datasets (the wait forecast reads two) is done once rather than once per dataset.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import import_module

from puente.logs import get_logger
from puente.store import Store

log = get_logger(__name__)

Load = tuple[str, int]
"""A dataset and the version of it put in force."""
PostLoad = Callable[[Store, str, int], None]
PostLoadBatch = Callable[[Store, Sequence[Load]], None]

_HOOK_PATHS: tuple[str, ...] = ("puente.watch.hooks:after_load",)
_BATCH_HOOK_PATHS: tuple[str, ...] = (
    "puente.border.fitting:after_loads",  # refits the wait forecast once on new waits data
)
_registered: list[PostLoad] = []
_pending: ContextVar[list[Load] | None] = ContextVar("puente_post_load_batch", default=None)


def register(hook: PostLoad) -> None:
    if hook not in _registered:
        _registered.append(hook)


def unregister(hook: PostLoad) -> None:
    if hook in _registered:
        _registered.remove(hook)


def _imported(paths: tuple[str, ...]) -> list[Callable[..., None]]:
    found: list[Callable[..., None]] = []
    for path in paths:
        module, _, attr = path.partition(":")
        found.append(getattr(import_module(module), attr))
    return found


def _run(store: Store, loads: Sequence[Load]) -> None:
    for dataset, version in loads:
        for hook in _imported(_HOOK_PATHS) + _registered:
            try:
                hook(store, dataset, version)
            except Exception as exc:  # a hook must never undo or fail the load
                log.error(
                    "ingest.post_load_failed", dataset=dataset, version=version, error=str(exc)
                )
    for batch_hook in _imported(_BATCH_HOOK_PATHS):
        try:
            batch_hook(store, loads)
        except Exception as exc:
            log.error("ingest.post_load_failed", datasets=[d for d, _ in loads], error=str(exc))


def run_post_load(store: Store, dataset: str, version: int) -> None:
    """Run the hooks for one new version now, or at the end of the batch this load is in."""
    pending = _pending.get()
    if pending is not None:
        pending.append((dataset, version))
        return
    _run(store, [(dataset, version)])


@contextmanager
def batch(store: Store) -> Iterator[list[Load]]:
    """Loads made inside run their post-load hooks once, when the block ends (also when it
    ends with an error: the loads that committed keep their hooks). A batch inside a batch
    joins the outer one. Yields the list of loads collected so far."""
    outer = _pending.get()
    if outer is not None:
        yield outer
        return
    loads: list[Load] = []
    token = _pending.set(loads)
    try:
        yield loads
    finally:
        _pending.reset(token)
        if loads:
            _run(store, loads)
