"""A JSON API request with a query parameter its operation does not take, or one given twice,
is refused with a 400 naming it (puente.api.queryparams); the pages never send one."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.api.openapi import api_routes
from puente.api.queryparams import ALWAYS, query_parameters
from puente.config import Settings
from puente.store import open_store
from tests.api.contract_data import load_everything

TOKEN = "queryparams-admin-token"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    scratch = tmp_path_factory.mktemp("queryparams")
    store = load_everything(open_store(scratch / "puente.duckdb"), scratch)
    yield create_app(
        Settings(db=scratch / "puente.duckdb", mirror=None), store=store, admin_token=TOKEN
    )
    store.close()


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, headers={"X-Puente-Token": TOKEN}) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("url", "named", "taken"),
    [
        ("/api/security/drugs?year=2023", "'year'", "drug, format, fy, region, table"),
        ("/api/lists/ofac-sdn/diff?from=1&to=2", "'from'", "new, old"),
        ("/api/datasets?format=csv", "'format'", "no query parameters"),
        ("/api/travel/posts/nearest?near=Tijuana&radius=5", "'radius'", "lat, limit, lon"),
        ("/api/watch?verbose=1", "'verbose'", "no query parameters"),
    ],
)
def test_an_unknown_parameter_is_named_with_the_ones_taken(
    client: TestClient, url: str, named: str, taken: str
) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "invalid_input"
    assert f"unknown query parameter {named}" in body["detail"]
    assert taken in body["detail"]


def test_a_parameter_given_twice_is_refused(client: TestClient) -> None:
    response = client.get("/api/security/drugs?fy=2023&fy=2024")
    assert response.status_code == 400
    assert response.json()["detail"] == "query parameter 'fy' is given 2 times; expected one value"
    assert client.get("/api/security/drugs?fy=2023").status_code == 200


def test_lang_and_the_cache_version_are_taken_everywhere(client: TestClient) -> None:
    assert client.get("/api/datasets?lang=es&v=0123abcd").status_code == 200
    assert client.get("/api/trade/states/geometry?v=0123abcd").status_code == 200


def test_a_key_is_checked_before_the_parameters(app: FastAPI) -> None:
    with TestClient(app) as anonymous:
        for url in ("/api/watch?verbose=1", "/api/audit/verify?x=1", "/api/keys?x=1&x=2"):
            assert anonymous.get(url).status_code == 401, url
        wrong = anonymous.get("/api/audit/verify?x=1", headers={"X-Puente-Token": "wrong"})
        assert wrong.status_code == 401


def test_pages_and_reconcile_are_not_held_to_it(client: TestClient) -> None:
    assert client.get("/border?utm_source=x").status_code == 200
    assert client.get("/reconcile/suggest/type?prefix=ind&utm_source=x").status_code == 200


def test_every_operation_takes_what_its_document_names(app: FastAPI) -> None:
    """What the check lets through is what the OpenAPI document lists (and lang, v)."""
    document = app.openapi()
    routes = {
        (r.path_format, m.lower()): r for r in api_routes(list(app.routes)) for m in r.methods
    }
    for path, item in document["paths"].items():
        if not path.startswith("/api"):
            continue
        for method, operation in item.items():
            documented = set()
            for param in operation.get("parameters", []):
                if param["in"] != "query":
                    continue
                schema = param.get("schema", {})
                if param.get("explode") and schema.get("type") == "object":
                    documented |= set(schema["properties"])  # one object of several
                else:
                    documented.add(param["name"])
            taken, _ = query_parameters(routes[(path, method)].original_route.dependant)
            assert taken - ALWAYS == documented - ALWAYS, f"{method.upper()} {path}"


_LINK = re.compile(r"""(?:href|src|action|data-[a-z-]+)=["']([^"']+)["']|"url": ?"([^"]+)\"""")


def _links(page: str) -> Iterator[str]:
    for match in _LINK.finditer(page):
        yield html.unescape(match.group(1) or match.group(2))


def test_no_page_links_to_the_api_with_a_parameter_it_refuses(client: TestClient) -> None:
    """Every page reachable from the home page and the section pages (in English and in
    Spanish): each /api URL it links or fetches answers without a 400."""
    todo = ["/", "/border", "/trade", "/sanctions", "/travel", "/exchanges", "/security"]
    todo += [f"{u}?lang=es" for u in todo]
    pages: set[str] = set()
    api: dict[str, str] = {}
    while todo and len(pages) < 300:
        url = todo.pop()
        if url in pages:
            continue
        pages.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.headers["content-type"]:
            continue
        for link in _links(response.text):
            if not link.startswith("/") or link.startswith("//"):
                continue
            if link.startswith("/api/"):
                api.setdefault(link, url)
            elif (
                not link.startswith(("/static", "/docs", "/reconcile"))
                and "." not in (urlsplit(link).path.rsplit("/", 1)[-1])
            ):
                todo.append(link)
    assert len(pages) > 40
    assert len(api) > 30
    refused = []
    for link, page in sorted(api.items()):
        response = client.get(link, headers={"Accept": "application/json"})
        if response.status_code == 400:
            refused.append(f"{link} (on {page}): {response.text[:160]}")
    assert not refused, "\n".join(refused)
