"""create_app(): the FastAPI application serving the JSON API and the web pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from puente import __version__
from puente.api.openapi import operation_id
from puente.api.routers import API_ROUTERS, WEB_ROUTERS, load_router
from puente.config import Settings, get_settings
from puente.errors import PuenteError
from puente.logs import get_logger
from puente.store import Store, open_store

log = get_logger(__name__)

DESCRIPTION = (
    "Puente's JSON API: border crossings, trade, sanctions screening, travel and exchanges, "
    "each figure with the dataset version it came from. Errors are "
    '`{"error": ..., "detail": ...}` with the HTTP status that fits.'
)


def create_app(
    settings: Settings | None = None, store: Store | None = None, admin_token: str | None = None
) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = app.state.store is None
        if owned:
            from puente.store.check import require_healthy

            app.state.store = open_store(settings.db, keep_versions=settings.keep_versions)
            require_healthy(app.state.store)
        try:
            yield
        finally:
            if owned:
                app.state.store.close()
                app.state.store = None

    app = FastAPI(
        title="Puente",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,  # <tag>_<function>, pinned by a test
        docs_url=None,  # served by puente.web.assets.mount_docs, with local assets
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.admin_token = admin_token
    from puente.web.protection import install_protection

    install_protection(app, _error_response)  # security headers, CSRF, sign-in redirects
    for path in API_ROUTERS:
        app.include_router(load_router(path))
    from puente.web.assets import mount_assets, mount_docs

    mount_docs(app)  # before /static, which would otherwise take /static/swagger
    mount_assets(app)
    for path in WEB_ROUTERS:
        app.include_router(load_router(path))
    _install_error_handlers(app)
    from puente.api.routetable import install_route_table

    install_route_table(app.router)  # a request's route by one look-up (docs there)
    from puente.httpcache import HttpCache

    # Outermost: kept answers are sent before routing; every response is encoded and HEAD
    # is answered for every GET route (docs/decisions/0010-kept-pages-and-http-caching.md).
    app.add_middleware(HttpCache, state=app.state)
    # Limits outermost of all: a request over a limit is refused before any kept answer.
    from puente.api.limits import LimitsMiddleware
    from puente.api.openapi import install_openapi

    install_openapi(app)
    app.add_middleware(LimitsMiddleware, settings=settings, render=_error_response)

    from puente.api import operations

    # /healthz, /readyz, /metrics and CORS: outermost, so that refusals carry CORS too.
    operations.install(app, settings)
    from puente.api.accesslog import AccessLog, open_sink

    sink = open_sink(settings.access_log)  # outermost: every answer is logged, refusals too
    if sink is not None:
        app.add_middleware(AccessLog, sink=sink)
    return app


def _wants_json(request: Request) -> bool:
    path: str = request.scope["path"]  # as request.url.path begins, without parsing a URL
    return path.startswith(("/api", "/reconcile"))


def _error_response(request: Request, status: int, error: str, detail: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": error, "detail": detail}, status_code=status)
    from puente.web.rendering import render_error

    return render_error(request, status, error, detail)


_HTTP_ERRORS = {
    400: "invalid_input",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    429: "rate_limited",
}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PuenteError)
    async def puente_error(request: Request, exc: PuenteError) -> Response:
        if exc.status_code >= 500:
            log.error("request.failed", path=request.url.path, error=exc.detail)
        return _error_response(request, exc.status_code, exc.error, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body"))
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        return _error_response(request, 400, "invalid_input", "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        error = _HTTP_ERRORS.get(exc.status_code, "http_error")
        detail = str(exc.detail) if exc.status_code != 404 else f"no page at {request.url.path}"
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            from puente.api.methods import allowed_methods, not_allowed_detail

            allowed = allowed_methods(list(app.router.routes), request.scope)
            headers["Allow"] = ", ".join(allowed)
            detail = not_allowed_detail(request.method, request.url.path, allowed)
        answer = _error_response(request, exc.status_code, error, detail)
        answer.headers.update(headers)
        return answer

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        # Still a 500 (a bug), but in the documented shape and without a traceback.
        log.error("request.crashed", path=request.url.path, error=repr(exc)[:500])
        return _error_response(
            request, 500, "internal_error", "the server failed on this request; it is logged"
        )
