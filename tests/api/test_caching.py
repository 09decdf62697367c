"""The HTTP layer: kept pages and answers, 304s, a new ETag after a load, content codings,
HEAD on every GET route, immutable fingerprinted assets, and per-person pages never shared."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import brotli
import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Mount, Route

from puente.api import create_app
from puente.config import Settings
from puente.httpcache import KEEP_FLAG
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from puente.web.rendering import kept
from tests.conftest import FIXTURES, load_border_fixture, load_geometry

CROSSINGS_V2 = FIXTURES / "border-crossings" / "crossings_socrata_dates.csv"


@pytest.fixture
def app(store: Store, tmp_path: Path) -> FastAPI:
    load_border_fixture(store)
    load_geometry(store)
    return create_app(Settings(db=tmp_path / "puente.duckdb"), store=store)


@pytest.fixture
def web(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def test_matching_etag_gets_304_without_a_body(web: TestClient) -> None:
    for path in ("/border?year=2024", "/api/border/summary?year=2024"):
        first = web.get(path)
        assert first.status_code == 200
        etag = first.headers["etag"]
        assert first.headers["cache-control"].startswith("public, max-age=")
        again = web.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag
        other = web.get(path, headers={"If-None-Match": '"not-this-one"'})
        assert other.status_code == 200
        assert other.content == first.content


def test_if_modified_since_gets_304(web: TestClient) -> None:
    first = web.get("/border?year=2024")
    since = first.headers["last-modified"]
    assert web.get("/border?year=2024", headers={"If-Modified-Since": since}).status_code == 304
    older = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert web.get("/border?year=2024", headers={"If-Modified-Since": older}).status_code == 200


def test_a_load_gives_a_new_etag_and_the_new_data(web: TestClient, store: Store) -> None:
    before = web.get("/border")
    api_before = web.get("/api/border/summary")
    # a new version of the crossings (another file) is put in force
    ingest_source(store, get_source("border-crossings"), str(CROSSINGS_V2))
    after = web.get("/border", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200  # the old ETag no longer matches
    assert after.headers["etag"] != before.headers["etag"]
    api_after = web.get("/api/border/summary")
    assert api_after.headers["etag"] != api_before.headers["etag"]
    assert api_after.json()["version"]["version"] == api_before.json()["version"]["version"] + 1
    assert web.get("/border", headers={"If-None-Match": after.headers["etag"]}).status_code == 304


def test_a_kept_page_is_not_rendered_again(app: FastAPI, web: TestClient, store: Store) -> None:
    calls: list[int] = []

    @app.get("/counted", response_class=HTMLResponse)
    @kept
    def counted() -> HTMLResponse:
        calls.append(1)
        return HTMLResponse(f"<p>rendering {len(calls)}</p>")

    assert web.get("/counted").text == "<p>rendering 1</p>"
    assert web.get("/counted").text == "<p>rendering 1</p>"
    assert web.get("/counted?lang=es").text == "<p>rendering 2</p>"  # another key
    store.data_changed()
    assert web.get("/counted").text == "<p>rendering 3</p>"  # another data generation


def test_concurrent_requests_for_one_page_render_it_once(app: FastAPI) -> None:
    calls: list[int] = []

    @app.get("/slow")
    async def slow(request: Request) -> HTMLResponse:
        request.scope[KEEP_FLAG] = True
        calls.append(1)
        await asyncio.sleep(0.2)
        return HTMLResponse("<p>slow</p>")

    async def many() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await asyncio.gather(*(client.get("/slow") for _ in range(8)))

    with TestClient(app):  # the lifespan
        responses = asyncio.run(many())
    assert [r.status_code for r in responses] == [200] * 8
    assert len(calls) == 1


def _raw(web: TestClient, path: str, coding: str) -> tuple[httpx.Headers, bytes]:
    """The headers and the bytes as sent (the client does not decode them)."""
    with web.stream("GET", path, headers={"Accept-Encoding": coding}) as response:
        assert response.status_code == 200
        return response.headers, b"".join(response.iter_raw())


@pytest.mark.parametrize(
    "path", ["/border?year=2024", "/api/border/summary", "/api/border/crossings?format=csv"]
)
def test_content_coding_is_negotiated(web: TestClient, path: str) -> None:
    plain_headers, plain = _raw(web, path, "identity")
    assert "content-encoding" not in plain_headers
    assert "Accept-Encoding" in plain_headers["vary"]
    zipped_headers, zipped = _raw(web, path, "gzip")
    assert zipped_headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in zipped_headers["vary"]
    assert gzip.decompress(zipped) == plain
    assert len(zipped) < len(plain)
    if "content-length" in zipped_headers:
        assert int(zipped_headers["content-length"]) == len(zipped)
    br_headers, br = _raw(web, path, "gzip, br")
    assert br_headers["content-encoding"] == "br"
    assert brotli.decompress(br) == plain
    refused_headers, _ = _raw(web, path, "br;q=0, gzip")
    assert refused_headers["content-encoding"] == "gzip"
    if "etag" in plain_headers:  # each coding is its own representation, with its own ETag
        etags = {plain_headers["etag"], zipped_headers["etag"], br_headers["etag"]}
        assert len(etags) == 3


def _sample_path(route_path: str) -> str:
    return re.sub(r"\{[^}]+\}", "2504", route_path)


def _get_paths(routes: list[BaseRoute], prefix: str = "") -> list[str]:
    """Every GET path of the application, routers included (walked, however FastAPI keeps
    them), with a sample value for each path parameter."""
    paths = []
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            context = route.include_context  # type: ignore[attr-defined]
            paths += _get_paths(included.routes, prefix + context.prefix)
        elif isinstance(route, APIRoute | Route) and "GET" in (route.methods or ()):
            paths.append(_sample_path(prefix + route.path))
        elif isinstance(route, Mount):
            paths.append(prefix + route.path + "/favicon.svg")
    return paths


def test_head_answers_every_get_route_with_the_same_headers(app: FastAPI, web: TestClient) -> None:
    paths = _get_paths(app.routes)
    assert len(paths) > 60  # the walk found the API and the pages
    for path in paths:
        got = web.get(path, headers={"Accept-Encoding": "gzip"})
        head = web.head(path, headers={"Accept-Encoding": "gzip"})
        assert head.status_code == got.status_code != 405, path
        assert head.content == b"", path
        for name in ("content-type", "content-length", "content-encoding", "etag", "vary"):
            assert head.headers.get(name) == got.headers.get(name), (path, name)


def test_head_is_kept_like_get(web: TestClient) -> None:
    head = web.head("/border?year=2024")
    got = web.get("/border?year=2024", headers={"If-None-Match": head.headers["etag"]})
    assert got.status_code == 304


def test_fingerprinted_assets_are_immutable(web: TestClient) -> None:
    html = web.get("/").text
    links = re.findall(r'(?:href|src)="(/assets/[0-9a-f]{16}/[^"]+)"', html)
    assert any(link.endswith("/css/puente.css") for link in links)
    assert "/static/" not in html
    for link in links:
        response = web.get(link)
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        digest = link.split("/")[2]
        assert hashlib.sha256(response.content).hexdigest()[:16] == digest
    css = next(link for link in links if link.endswith("/css/puente.css"))
    stale = web.get(css.replace(css.split("/")[2], "0" * 16))
    assert stale.status_code == 200
    assert "immutable" not in stale.headers["cache-control"]
    assert web.get("/assets/" + "0" * 16 + "/../../config.py").status_code == 404


def test_chart_pages_link_the_fingerprinted_vega_bundle(web: TestClient) -> None:
    html = web.get("/border?year=2024").text
    vega = re.search(r'src="(/assets/[0-9a-f]{16}/vendor/vega\.js)"', html)
    assert vega is not None
    headers, body = _raw(web, vega.group(1), "gzip")
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-encoding"] == "gzip"
    assert b"vegaEmbed" in gzip.decompress(body)
    revalidated = web.get(vega.group(1), headers={"If-None-Match": headers["etag"]})
    assert revalidated.status_code == 304


def _per_person_routes(app: FastAPI) -> None:
    @app.get("/whoami", response_class=HTMLResponse)
    @kept
    def whoami(request: Request) -> HTMLResponse:
        who = request.cookies.get("session") or request.headers.get("authorization") or "nobody"
        return HTMLResponse(f"<p>signed in as {who}</p>")

    counter: list[int] = []

    @app.get("/form", response_class=HTMLResponse)
    @kept
    def form() -> HTMLResponse:
        counter.append(1)
        token = f"token-{len(counter)}"
        response = HTMLResponse(f'<form><input name="csrf" value="{token}"></form>')
        response.set_cookie("csrf", token)
        return response

    @app.get("/private", response_class=HTMLResponse)
    @kept
    def private() -> HTMLResponse:
        counter.append(1)
        return HTMLResponse(f"<p>{len(counter)}</p>", headers={"Cache-Control": "private"})


def test_pages_with_per_person_content_are_never_shared(app: FastAPI, web: TestClient) -> None:
    _per_person_routes(app)
    alice = web.get("/whoami", headers={"Cookie": "session=alice"})
    assert alice.text == "<p>signed in as alice</p>"
    assert "public" not in alice.headers.get("cache-control", "")
    # nobody else gets Alice's page, whatever order the requests come in
    assert web.get("/whoami").text == "<p>signed in as nobody</p>"
    assert web.get("/whoami", headers={"Cookie": "session=bob"}).text == "<p>signed in as bob</p>"
    assert web.get("/whoami", headers={"Cookie": "lang=en; session=carol"}).text.endswith(
        "carol</p>"
    )
    assert web.get("/whoami", headers={"Authorization": "Bearer dan"}).text.endswith("dan</p>")
    assert web.get("/whoami").text == "<p>signed in as nobody</p>"
    # a page that sets a cookie (a CSRF token) is rendered for each person
    first = web.get("/form").text
    second = web.get("/form").text
    assert first != second
    assert web.get("/private").text != web.get("/private").text


def test_screening_posts_are_never_kept(web: TestClient) -> None:
    web.get("/api/border/summary")
    response = web.post("/api/border/summary")
    assert response.status_code == 405
