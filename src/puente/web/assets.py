"""Static assets, all served from this application: CSS, our JS, and the Vega bundle built
in-process by vl-convert (never fetched from a CDN).

Templates name an asset through `asset_url("css/puente.css")`, which gives
`/assets/<content hash>/css/puente.css`. That URL never changes meaning, so it is served with
`Cache-Control: public, max-age=31536000, immutable`: a browser fetches each version of each
file once. The bytes and their brotli and gzip encodings are held in memory, each encoding
made once per process (the best brotli in a background thread; meanwhile gzip). The plain
`/static/...` paths still answer, with `no-cache` and an ETag, for links made before.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from puente import httpcodings as compression
from puente.errors import NotFound

STATIC_DIR = Path(__file__).parent / "static"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
VEGA = "vendor/vega.js"
_DIGEST_CHARS = 16
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed in one script that sets window.vegaEmbed.

    vl-convert takes seconds to build it (half a minute on a busy machine), so the build is
    kept in the user's cache folder ($XDG_CACHE_HOME or ~/.cache, puente/), one file per
    vl-convert release, written whole or not at all; a later process reads it back."""
    cached = _cache_dir() / f"vega-{_vega_digest()}.js"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    import vl_convert

    bundle = str(vl_convert.javascript_bundle(snippet=None))  # type: ignore[arg-type]
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.part")
        partial.write_text(bundle, encoding="utf-8")
        partial.replace(cached)
    except OSError:
        pass  # no cache folder to write: built again by the next process
    return bundle


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "puente"


@dataclass(frozen=True, slots=True)
class Asset:
    path: str
    digest: str
    media_type: str
    encoded: compression.Encoded

    @property
    def url(self) -> str:
        return f"/assets/{self.digest}/{self.path}"


_assets: dict[str, Asset] = {}
_lock = threading.Lock()
_loading = threading.Lock()


@lru_cache(maxsize=1)
def _vega_digest() -> str:
    """The Vega bundle is a function of the vl-convert release that builds it. Building it
    takes seconds (half a minute on a busy machine), so its URL is named by a hash of that
    release and a page links it without waiting; it is built when first asked for."""
    from importlib.metadata import version

    release = f"vl-convert-python {version('vl-convert-python')}"
    return hashlib.sha256(release.encode()).hexdigest()[:_DIGEST_CHARS]


def _load(path: str) -> Asset:
    if path == VEGA:
        body = vega_bundle().encode()
        media_type = _TYPES[".js"]
        return Asset(path, _vega_digest(), media_type, compression.Encoded(body, "best", True))
    file = (STATIC_DIR / path).resolve()
    if STATIC_DIR.resolve() not in file.parents or not file.is_file():
        raise NotFound(f"no asset {path!r}")
    body = file.read_bytes()
    media_type = _TYPES.get(Path(path).suffix) or (
        mimetypes.guess_type(path)[0] or "application/octet-stream"
    )
    digest = hashlib.sha256(body).hexdigest()[:_DIGEST_CHARS]
    return Asset(path, digest, media_type, compression.Encoded(body, "best", background=True))


def get_asset(path: str) -> Asset:
    """The asset at `path` (relative to static/, or vendor/vega.js), read once."""
    with _lock:
        known = _assets.get(path)
    if known is not None:
        return known
    with _loading:  # one build of the Vega bundle, however many ask at once
        with _lock:
            known = _assets.get(path)
        if known is not None:
            return known
        asset = _load(path)
        with _lock:
            return _assets.setdefault(path, asset)


def asset_url(path: str) -> str:
    """The fingerprinted URL of a static asset: what templates link to."""
    if path == VEGA:
        return f"/assets/{_vega_digest()}/{VEGA}"
    return get_asset(path).url


def _serve(request: Request, asset: Asset, cache_control: str) -> Response:
    coding = compression.negotiate(request.headers.get("accept-encoding"))
    used, body = (
        asset.encoded.get(coding)
        if compression.compressible(asset.media_type)
        else (
            compression.IDENTITY,
            asset.encoded.body,
        )
    )
    suffix = {compression.BROTLI: "-br", compression.GZIP: "-gz"}.get(used, "")
    etag = f'"{asset.digest}{suffix}"'
    headers = {"ETag": etag, "Cache-Control": cache_control, "Vary": "Accept-Encoding"}
    wanted = request.headers.get("if-none-match", "")
    if any(
        t.strip().removeprefix("W/").strip('"').split("-")[0] == asset.digest
        for t in wanted.split(",")
        if t.strip()
    ):
        return Response(status_code=304, headers=headers)
    if used != compression.IDENTITY:
        headers["Content-Encoding"] = used
    return Response(body, media_type=asset.media_type, headers=headers)


def mount_docs(app: FastAPI) -> None:
    """The OpenAPI page at /docs with Swagger UI served from this application (FastAPI's
    default page loads it from a CDN)."""
    from importlib.resources import files

    # Swagger UI 5 (OpenAPI 3.1, which FastAPI writes), as packaged by fastapi-offline.
    bundle = Path(str(files("fastapi_offline") / "static"))
    app.mount("/static/swagger", StaticFiles(directory=bundle), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return docs_page(app.openapi_url or "/openapi.json")


def docs_page(openapi_url: str) -> HTMLResponse:
    """Swagger UI's page; its one inline script is allowed by hash (puente.web.protection)."""
    from fastapi.openapi.docs import get_swagger_ui_html

    page = get_swagger_ui_html(
        openapi_url=openapi_url,
        title="Puente API",
        swagger_js_url="/static/swagger/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger/swagger-ui.css",
        swagger_favicon_url=asset_url("favicon.svg"),
    )
    # The API reference is in English: say so, for screen readers and translation tools.
    body = bytes(page.body).decode().replace("<html>", '<html lang="en">', 1)
    return HTMLResponse(body, status_code=page.status_code)


def mount_assets(app: FastAPI) -> None:
    @app.get("/assets/{digest}/{path:path}", include_in_schema=False)
    def fingerprinted(request: Request, digest: str, path: str) -> Response:
        asset = get_asset(path)
        if digest != asset.digest:
            # an older version's URL: today's bytes, but not to be kept forever
            return _serve(request, asset, REVALIDATE)
        return _serve(request, asset, IMMUTABLE)

    @app.get("/static/vendor/vega.js", include_in_schema=False)
    def vega_js(request: Request) -> Response:
        return _serve(request, get_asset(VEGA), REVALIDATE)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
