"""Every router the application mounts, as "module:attribute", imported at start-up.

Each capability adds its JSON router to API_ROUTERS and its page router to WEB_ROUTERS.
"""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

API_ROUTERS: tuple[str, ...] = (
    "puente.api.datasets:router",
    "puente.api.border:router",
    "puente.api.waits:router",
    "puente.api.live:router",
    "puente.api.live:router_admin",
    "puente.api.trade:router",
    "puente.api.travel:router",
    "puente.api.exchanges:router",
    "puente.api.sanctions:router",
    "puente.api.jobs:router",
    "puente.api.reconcile:router",
    "puente.api.lists:router",
    "puente.api.watch:router",
    "puente.api.relations:router",
    "puente.api.highlights:router",
    "puente.api.security:router",
)

WEB_ROUTERS: tuple[str, ...] = (
    "puente.web.home:router",
    "puente.web.border:router",
    "puente.web.waits:router",
    "puente.web.trade:router",
    "puente.web.travel:router",
    "puente.web.exchanges:router",
    "puente.web.sanctions:router",
    "puente.web.lists:router",
    "puente.web.watch:router",
    "puente.web.relations:router",
    "puente.web.security:router",
)


def load_router(path: str) -> APIRouter:
    module, _, attr = path.partition(":")
    router = getattr(import_module(module), attr)
    if not isinstance(router, APIRouter):
        raise TypeError(f"{path} is not an APIRouter")
    return router
