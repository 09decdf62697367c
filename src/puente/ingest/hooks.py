"""Post-load hooks: what runs after a dataset version is put in force (a load or a rollback).

Capabilities add a hook here as "module:function" (imported on first use, so the core stays
light) or call `register` at run time. A hook gets the store, the dataset and the version now
in force, after the load has committed; a hook that fails is logged and never undoes the
load or stops the other hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from puente.logs import get_logger
from puente.store import Store

log = get_logger(__name__)

PostLoad = Callable[[Store, str, int], None]

_HOOK_PATHS: tuple[str, ...] = (
    "puente.watch.hooks:after_load",
    "puente.border.fitting:after_load",  # refits the wait forecast on new waits data
)
_registered: list[PostLoad] = []


def register(hook: PostLoad) -> None:
    if hook not in _registered:
        _registered.append(hook)


def unregister(hook: PostLoad) -> None:
    if hook in _registered:
        _registered.remove(hook)


def _hooks() -> list[PostLoad]:
    found: list[PostLoad] = []
    for path in _HOOK_PATHS:
        module, _, attr = path.partition(":")
        found.append(getattr(import_module(module), attr))
    return found + _registered


def run_post_load(store: Store, dataset: str, version: int) -> None:
    for hook in _hooks():
        try:
            hook(store, dataset, version)
        except Exception as exc:  # a hook must never undo or fail the load
            log.error("ingest.post_load_failed", dataset=dataset, version=version, error=str(exc))
