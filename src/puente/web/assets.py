"""Static assets, all served from this application: CSS, our JS, and the Vega bundle built
in-process by vl-convert (never fetched from a CDN)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).parent / "static"


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed in one script that sets window.vegaEmbed."""
    import vl_convert

    return str(vl_convert.javascript_bundle(snippet=None))  # type: ignore[arg-type]


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

    return get_swagger_ui_html(
        openapi_url=openapi_url,
        title="Puente API",
        swagger_js_url="/static/swagger/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
    )


def mount_assets(app: FastAPI) -> None:
    @app.get("/static/vendor/vega.js", include_in_schema=False)
    def vega_js() -> Response:
        return Response(
            vega_bundle(),
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
