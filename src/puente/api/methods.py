"""What a path answers to a method it does not have: 405 with an `Allow` header naming every
method the path does answer (RFC 9110 section 15.5.6), in the one error shape (JSON under /api
and /reconcile, the HTML error page elsewhere).

Starlette's router names only the methods of the first route whose path matched, and its
static files name none; here every route of the application is asked, with each method in
turn, so a path served by several routes (GET and DELETE of /api/watch/{name}) lists them all.
HEAD is listed beside GET (puente.httpcache answers HEAD for every GET route) and OPTIONS
where it is answered before routing (the CORS preflight of /reconcile).
"""

from __future__ import annotations

from typing import Any

from starlette.routing import Match, Mount
from starlette.types import Scope

CANDIDATES = ("GET", "POST", "PUT", "PATCH", "DELETE")
"""The methods a route may declare; HEAD and OPTIONS are answered as said above."""


def answers_options(path: str) -> bool:
    """The paths whose OPTIONS is answered before routing (ReconcileCORS)."""
    return path == "/reconcile" or path.startswith("/reconcile/")


def allowed_methods(routes: list[Any], scope: Scope) -> list[str]:
    """Every method the request's path answers, in a stable order."""
    found: set[str] = set()
    # Inside a mount, the scope's root_path has grown by the mount's path; routing is asked
    # from the application's root again.
    root = scope.get("app_root_path", scope.get("root_path", ""))
    for method in CANDIDATES:
        probe = {**scope, "method": method, "root_path": root}
        for route in routes:
            match, _ = route.matches(probe)
            if match == Match.FULL:
                # A mounted static folder matches whatever the method; it serves GET and HEAD.
                found |= {"GET"} if isinstance(route, Mount) else {method}
                break
    if "GET" in found:
        found.add("HEAD")
    if found and answers_options(str(scope.get("path", ""))):
        found.add("OPTIONS")
    order = (*CANDIDATES[:1], "HEAD", *CANDIDATES[1:], "OPTIONS")
    return [m for m in order if m in found]


def not_allowed_detail(method: str, path: str, allowed: list[str]) -> str:
    if not allowed:
        return f"{method} is not allowed on {path}"
    return f"{method} is not allowed on {path}; it answers {', '.join(allowed)}"
