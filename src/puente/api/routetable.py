"""A request's route found by one dictionary look-up instead of a walk over every route.

FastAPI keeps each included router as one entry of the application's routes, and a request
asks each entry in turn whether one of its routes takes the path: `POST /api/screen` asked
54 routes (the sanctions router is the ninth of the API's eighteen), and a page asked over a
hundred. Here, for every route whose path has no parameters, the entry the walk would choose
for each of its methods is worked out once, by asking the routes in order as the walk does,
and a request for that exact method and path goes straight to that entry. The entry then
matches and handles the request exactly as the walk would have (so scope, dependencies,
limits and the metrics' route template are the same). Everything else (paths with
parameters, a method a path does not answer: 405, no route: 404, HEAD, which puente.httpcache
turns into GET before routing) takes FastAPI's own walk, unchanged.

The table is made on first use and made again when a router in the tree gains a route.
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter
from typing import Any

from fastapi.routing import (
    APIRouter,
    _apply_router_form_limits,
    _update_scope,
    iter_route_contexts,
)
from fastapi.telemetry._api import _route_selected
from starlette._utils import get_route_path
from starlette.routing import BaseRoute, Host, Match, Mount
from starlette.types import ASGIApp, Receive, Scope, Send

Key = tuple[str, str]
"""(method, path within the application)."""
_VERSION = attrgetter("_routes_version")


class RouteTable:
    """The application router's entry point (its `middleware_stack`): a table look-up, and
    FastAPI's routing walk (`fallback`) for whatever the table does not hold."""

    def __init__(self, router: APIRouter, fallback: ASGIApp) -> None:
        self.router = router
        self.fallback = fallback
        self._routes: dict[Key, BaseRoute] = {}
        self._routers: list[APIRouter] = []
        self._signature: int | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if self._signature != self._current_signature():
                self._build()
            route = self._routes.get((scope["method"], get_route_path(scope)))
            if route is not None:
                match, child_scope = route.matches(scope)
                if match == Match.FULL:
                    # What FastAPI's router does once the walk has found `route`.
                    _apply_router_form_limits(scope, self.router.form_limits)
                    scope.setdefault("router", self.router)
                    _update_scope(scope, child_scope)
                    _route_selected(
                        scope=scope,
                        path=getattr(route, "path_format", None),
                        mount=isinstance(route, Mount),
                    )
                    await route.handle(scope, receive, send)
                    return
        await self.fallback(scope, receive, send)

    def lookup(self, method: str, path: str) -> BaseRoute | None:
        """The entry a request for `method` and `path` goes to without the walk, if any."""
        if self._signature != self._current_signature():
            self._build()
        return self._routes.get((method, path))

    def _current_signature(self) -> int:
        """Changes when any router in the tree gains a route or a router (FastAPI counts
        each router's changes in `_routes_version`)."""
        versions: int = sum(map(_VERSION, self._routers))
        return versions + len(self.router.routes)

    def _build(self) -> None:
        self._routers = [r for r in _routers(self.router) if hasattr(r, "_routes_version")]
        self._signature = self._current_signature()
        table: dict[Key, BaseRoute] = {}
        if not any(isinstance(r, Host) for r in _all_routes(self.router)):
            # A Host route matches on a header, not on the path: then nothing is tabled.
            for context in iter_route_contexts(self.router.routes):
                path = context.path_format
                if not path or "{" in path or not context.methods:
                    continue
                for method in context.methods:
                    if method == "HEAD" or (method, path) in table:
                        continue
                    chosen = self._walk(method, path)
                    if chosen is not None:
                        table[(method, path)] = chosen
        self._routes = table

    def _walk(self, method: str, path: str) -> BaseRoute | None:
        """The first entry that fully matches, as FastAPI's walk finds it."""
        for route in self.router.routes:
            probe: dict[str, Any] = {
                "type": "http",
                "method": method,
                "path": path,
                "root_path": "",
                "headers": [],
                "query_string": b"",
            }
            match, _ = route.matches(probe)
            if match == Match.FULL:
                return route
        return None


def _routers(router: APIRouter) -> Iterator[APIRouter]:
    yield router
    for route in router.routes:
        inner = getattr(route, "original_router", None)
        if isinstance(inner, APIRouter):
            yield from _routers(inner)


def _all_routes(router: APIRouter) -> Iterator[BaseRoute]:
    for each in _routers(router):
        yield from each.routes


def install_route_table(router: APIRouter) -> RouteTable | None:
    """Put the table in front of `router` (an application's router with no middleware of its
    own; otherwise nothing is changed and None is returned)."""
    if router.middleware_stack != router.app:
        return None
    table = RouteTable(router, router.middleware_stack)
    router.middleware_stack = table
    return table
