"""The route table (puente.api.routetable): a request for a path without parameters goes
where FastAPI's walk over every route would have sent it, and the table follows routes added
later."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Match

from puente.api import create_app
from puente.api.routetable import RouteTable, install_route_table
from puente.config import Settings


def _walk(app: FastAPI, method: str, path: str) -> Any:
    """The first top-level route that fully matches, as FastAPI's router looks for it."""
    scope = {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}
    for route in app.router.routes:
        if route.matches(dict(scope))[0] == Match.FULL:
            return route
    return None


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    scratch: Path = tmp_path_factory.mktemp("routetable")
    return create_app(Settings(db=scratch / "p.duckdb"))


def test_every_route_without_parameters_is_tabled_where_the_walk_goes(app: FastAPI) -> None:
    table = app.router.middleware_stack
    assert isinstance(table, RouteTable)
    for key in [("POST", "/api/screen"), ("GET", "/border"), ("GET", "/healthz")]:
        assert table.lookup(*key) is not None, key
    table.lookup("GET", "/")  # built
    assert len(table._routes) > 80
    for (method, path), route in table._routes.items():
        assert route is _walk(app, method, path), (method, path)
    # with a parameter, a method the path lacks, or no route: FastAPI's own walk
    assert table.lookup("GET", "/api/sanctions/entities/6861") is None
    assert table.lookup("DELETE", "/api/screen") is None
    assert table.lookup("GET", "/nothing/here") is None


def _shadowing_app() -> FastAPI:
    first, second = APIRouter(), APIRouter()

    @first.get("/items/{name}")
    def named(name: str) -> dict[str, str]:
        return {"route": "named", "name": name}

    @second.get("/items/special")
    def special() -> dict[str, str]:
        return {"route": "special"}

    @second.post("/items/special")
    def post_special() -> dict[str, str]:
        return {"route": "post special"}

    app = FastAPI()
    app.include_router(first)
    app.include_router(second)
    assert install_route_table(app.router) is not None
    return app


def test_a_path_an_earlier_route_takes_with_a_parameter_stays_with_it() -> None:
    with TestClient(_shadowing_app()) as client:
        # /items/{name} comes first, so it answers GET /items/special, as without the table
        assert client.get("/items/special").json() == {"route": "named", "name": "special"}
        # the POST has only the second router's route
        assert client.post("/items/special").json() == {"route": "post special"}
        assert client.delete("/items/special").status_code == 405


def test_a_route_added_after_the_first_request_is_served() -> None:
    app = _shadowing_app()
    first = app.router.routes[-2].original_router  # type: ignore[attr-defined]
    with TestClient(app) as client:
        assert client.post("/items/special").json() == {"route": "post special"}

        @first.post("/items/special")
        def earlier() -> dict[str, str]:
            return {"route": "earlier"}

        # the first router now takes the POST too, and comes first
        assert client.post("/items/special").json() == {"route": "earlier"}


def test_the_answers_and_their_route_template_are_those_of_the_walk(
    app: FastAPI, tmp_path: Path
) -> None:
    """The same request through the table and through FastAPI's walk alone: the same status,
    body and headers, and /metrics names the same route template."""
    walk_only = create_app(Settings(db=tmp_path / "w.duckdb"))
    walk_only.router.middleware_stack = walk_only.router.app
    answers = []
    for application in (app, walk_only):
        with TestClient(application) as client:
            got = [
                client.get("/healthz"),
                client.get("/api/datasets"),
                client.post("/api/screen", json={"queries": [{"name": "x"}]}),
                client.get("/api/watch", headers={"X-Api-Key": "pk_nope"}),
            ]
            metrics = client.get("/metrics").text
        answers.append(
            [(r.status_code, r.content, sorted(r.headers.items())) for r in got]
            + [sorted(line for line in metrics.splitlines() if "_count{" in line)]
        )
    assert answers[0] == answers[1]
