"""What runs after a new dataset version is in force.

Capabilities register a post-load hook (`register_post_load`); the ingest runner calls every
hook once the new version has committed, with the store and the load's report. A failing hook
is logged and never undoes the load or stops the other hooks: the new version is already what
readers see. Hooks run in the process that wrote the load (the server, or the CLI when no
server holds the store).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from puente.logs import get_logger

if TYPE_CHECKING:
    from puente.ingest.runner import IngestReport
    from puente.store import Store

log = get_logger(__name__)

PostLoadHook = Callable[["Store", "IngestReport"], None]
_HOOKS: dict[str, PostLoadHook] = {}


def register_post_load(name: str, hook: PostLoadHook) -> None:
    """Run `hook(store, report)` after every new version; registering a name again replaces
    its hook (so re-importing a module does not run it twice)."""
    _HOOKS[name] = hook


def unregister_post_load(name: str) -> None:
    _HOOKS.pop(name, None)


def post_load_hooks() -> dict[str, PostLoadHook]:
    return dict(_HOOKS)


def run_post_load(store: Store, report: IngestReport) -> dict[str, str]:
    """Call every hook; returns the errors by hook name (empty when all succeeded)."""
    errors: dict[str, str] = {}
    for name, hook in list(_HOOKS.items()):
        try:
            hook(store, report)
        except Exception as exc:  # a hook never undoes a committed load
            errors[name] = f"{type(exc).__name__}: {exc}"
            log.warning(
                "ingest.post_load_failed", hook=name, dataset=report.dataset, error=str(exc)
            )
    return errors
