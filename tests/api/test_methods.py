"""A method a path does not have: 405, with an Allow header naming every method the path
answers, in the one error shape (JSON under /api and /reconcile, the HTML error page
elsewhere); and what the OpenAPI document says about it is what each path really does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import Route

from puente.api import create_app
from puente.api.models.common import ErrorResponse
from puente.config import Settings

CANDIDATES = ("GET", "POST", "PUT", "PATCH", "DELETE")
ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    scratch: Path = tmp_path_factory.mktemp("methods")
    # Hundreds of requests from one address: the rate limit is not what is tested here.
    settings = Settings(db=scratch / "p.duckdb", rate_limit="100000/minute")
    return create_app(settings, admin_token="methods-token")


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def concrete(path: str) -> str:
    """A request path for a route's template: each parameter given a plain value."""
    path = re.sub(r"\{[^}:]+:path\}", "some/file.txt", path)
    return re.sub(r"\{[^}]+\}", "x1", path)


def real_methods(app: FastAPI) -> dict[str, set[str]]:
    """Every route of the application (pages, hidden admin routes, the schema's), by path."""
    found: dict[str, set[str]] = {}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, Route) and route.methods:
            found.setdefault(context.path_format, set()).update(route.methods)
    return found


def pattern(template: str) -> re.Pattern[str]:
    text = re.sub(r"\\\{[^}:]+:path\\\}", ".+", re.escape(template))
    return re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", text) + "$")


def methods_at(routes: dict[str, set[str]], path: str) -> set[str]:
    """What a concrete path answers: every route whose template it fits counts
    (/watch/login is also /watch/{name})."""
    return {m for template, ms in routes.items() if pattern(template).match(path) for m in ms}


def expected_allow(path: str, methods: set[str]) -> str:
    allowed = set(methods)
    if "GET" in allowed:
        allowed.add("HEAD")
    if path == "/reconcile" or path.startswith("/reconcile/"):
        allowed.add("OPTIONS")
    return ", ".join(m for m in ORDER if m in allowed)


def check_405(response: Any, method: str, path: str, allow: str) -> None:
    assert response.status_code == 405, (method, path, response.status_code)
    assert response.headers["allow"] == allow, (method, path)
    if method == "HEAD":
        assert response.content == b""
        return
    if path.startswith(("/api", "/reconcile")):
        body = response.json()
        jsonschema.validate(body, ErrorResponse.model_json_schema())
        assert body["error"] == "method_not_allowed"
        assert body["detail"] == f"{method} is not allowed on {path}; it answers {allow}"
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert "405" in response.text
        assert f"{method} is not allowed on {path}" in response.text


def test_every_path_answers_405_with_its_methods(app: FastAPI, client: TestClient) -> None:
    """Each path of the application (API, pages, assets), asked with every method it lacks."""
    routes = real_methods(app)
    assert len(routes) > 100
    asked = 0
    for template in sorted(routes):
        path = concrete(template)
        allow = expected_allow(template, methods_at(routes, path))
        for method in (*CANDIDATES, "HEAD"):
            if method in allow.split(", "):
                continue
            check_405(client.request(method, path), method, path, allow)
            asked += 1
    assert asked > 300


def test_static_files_name_their_methods(client: TestClient) -> None:
    check_405(client.post("/static/favicon.svg"), "POST", "/static/favicon.svg", "GET, HEAD")
    assert client.head("/static/favicon.svg").status_code == 200


def test_head_and_options_as_built(client: TestClient) -> None:
    """HEAD is answered wherever GET is; OPTIONS is the /reconcile preflight, 405 elsewhere."""
    assert client.head("/healthz").status_code == 200
    assert client.head("/api/border/ports").status_code == 404  # no data loaded, but routed
    assert client.options("/reconcile").status_code == 204
    check_405(client.options("/api/border/ports"), "OPTIONS", "/api/border/ports", "GET, HEAD")
    check_405(client.head("/api/screen"), "HEAD", "/api/screen", "POST")


def test_the_schema_documents_what_each_path_really_does(app: FastAPI, client: TestClient) -> None:
    """Every operation documents 405 with the Allow its path really sends, and every method
    the schema gives a path is one the path answers (not a 405)."""
    schema = app.openapi()
    routes = real_methods(app)
    for template, item in schema["paths"].items():
        documented = {m.upper() for m in item if m.upper() in CANDIDATES}
        assert documented <= routes[template], template
        allow = expected_allow(template, methods_at(routes, concrete(template)))
        for method, operation in item.items():
            if method.upper() not in CANDIDATES:
                continue
            answer = operation["responses"].get("405")
            assert answer is not None, f"{method} {template} does not document 405"
            assert answer["headers"]["Allow"]["schema"]["enum"] == [allow], template
            ref = answer["content"]["application/json"]["schema"]["$ref"]
            assert ref == "#/components/schemas/ErrorResponse"
        path = concrete(template)
        lacking = [m for m in CANDIDATES if m not in allow.split(", ")]
        response = client.request(lacking[0], path)
        assert response.headers["allow"] == allow
        for method in documented:
            assert client.request(method, path).status_code != 405, (method, template)
