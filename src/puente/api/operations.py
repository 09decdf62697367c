"""Operations endpoints: /healthz (the process answers), /readyz (data loaded and the
screening index built; 503 otherwise), /metrics (Prometheus text format), and the optional
CORS of the data API (PUENTE_CORS_ORIGINS).

Request latency is a histogram by route template (`/api/sanctions/entities/{entity_id}`, never
the raw path, so that ids do not explode the label set). Screening counts and ingest outcomes
are read from the store at scrape time (the audit log and the dataset versions), so every
replica sharing a database reports the same totals.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from puente.api.models.operations import Health, Ready
from puente.api.openapi import text_answer
from puente.config import Settings
from puente.logs import get_logger
from puente.store import Store

log = get_logger(__name__)
router = APIRouter(tags=["operations"])
SCREENING_DATASET = "ofac-sdn"


@router.get("/healthz", summary="Liveness: the process answers", response_model=Health)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


def _index_state(store: Store) -> str:
    """ready, building, or absent (no SDN list loaded)."""
    from puente.sanctions import screener

    with store.read() as cur:
        row = cur.execute(
            "SELECT current_version FROM datasets WHERE dataset = ?", [SCREENING_DATASET]
        ).fetchone()
    if row is None or row[0] is None:
        return "absent"
    built = screener._INDEXES.get(store)
    if built is not None and built.version.version == row[0]:
        return "ready"
    _warm(store)
    return "building"


_WARMING: set[int] = set()
_WARM_LOCK = threading.Lock()


def _warm(store: Store) -> None:
    """Build the screening index off the request, once at a time per store."""
    from puente.sanctions.screener import screening_index

    with _WARM_LOCK:
        if id(store) in _WARMING:
            return
        _WARMING.add(id(store))

    def build() -> None:
        try:
            screening_index(store)
        except Exception as exc:  # reported by the next /readyz, which retries
            log.warning("readyz.index_failed", error=str(exc))
        finally:
            with _WARM_LOCK:
                _WARMING.discard(id(store))

    threading.Thread(target=build, name="puente-index-warm", daemon=True).start()


@router.get(
    "/readyz",
    summary="Readiness: data loaded and the screening index built (503 otherwise)",
    responses={503: {"description": "Not ready: no data, or the index is being built"}},
    response_model=Ready,
)
def readyz(request: Request) -> JSONResponse:
    store: Store | None = request.app.state.store
    if store is None:
        return _not_ready("the database is not open")
    try:
        with store.read() as cur:
            loaded = [
                r[0]
                for r in cur.execute(
                    "SELECT dataset FROM datasets WHERE current_version IS NOT NULL ORDER BY 1"
                ).fetchall()
            ]
        index = _index_state(store)
    except Exception as exc:
        return _not_ready(f"the database cannot be read: {exc}"[:300])
    if not loaded:
        return _not_ready("no dataset is loaded; run `puente ingest`")
    if index == "building":
        return _not_ready("the screening index is being built", loaded, index)
    body: dict[str, Any] = {"status": "ready", "datasets": loaded, "screening_index": index}
    body["process"] = os.getpid()  # which worker answered (`puente serve --workers`)
    manifest = getattr(store, "manifest", None)
    if manifest is not None:  # a replica: the snapshot it serves
        body["snapshot"] = {"file": manifest.file, "sha256": manifest.sha256}
        body["snapshot"]["created"] = manifest.created
    return JSONResponse(body)


def _not_ready(
    detail: str, loaded: list[str] | None = None, index: str | None = None
) -> JSONResponse:
    body: dict[str, Any] = {"error": "not_ready", "detail": detail}
    if loaded is not None:
        body["datasets"] = loaded
        body["screening_index"] = index
    return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})


class StoreCollector(Collector):
    """Screening and ingest totals read from the store when /metrics is scraped."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def collect(self) -> Iterator[Any]:
        store: Store | None = self.app.state.store
        if store is None:
            return
        screenings = CounterMetricFamily(
            "puente_screenings", "Screening calls audited, by channel", labels=["channel"]
        )
        queries = CounterMetricFamily(
            "puente_screening_queries", "Names screened, by channel", labels=["channel"]
        )
        matches = CounterMetricFamily(
            "puente_screening_matches", "Candidates flagged as matches", labels=["channel"]
        )
        loads = CounterMetricFamily(
            "puente_ingest_versions",
            "Dataset versions loaded (successful ingests)",
            labels=["dataset"],
        )
        current = GaugeMetricFamily(
            "puente_dataset_version", "Version in force of each dataset", labels=["dataset"]
        )
        with store.read() as cur:
            for channel, calls, names, hits in cur.execute(
                "SELECT channel, count(*), coalesce(sum(query_count), 0), "
                "coalesce(sum(match_count), 0) FROM screening_audit GROUP BY 1 ORDER BY 1"
            ).fetchall():
                screenings.add_metric([channel], calls)
                queries.add_metric([channel], names)
                matches.add_metric([channel], hits)
            for dataset, count in cur.execute(
                "SELECT dataset, count(*) FROM dataset_versions GROUP BY 1 ORDER BY 1"
            ).fetchall():
                loads.add_metric([dataset], count)
            for dataset, version in cur.execute(
                "SELECT dataset, current_version FROM datasets "
                "WHERE current_version IS NOT NULL ORDER BY 1"
            ).fetchall():
                current.add_metric([dataset], version)
        yield from (screenings, queries, matches, loads, current)


class LatencyMiddleware:
    """Observes each HTTP request's duration under its route template."""

    def __init__(self, app: ASGIApp, histogram: Histogram) -> None:
        self.app = app
        self.histogram = histogram

    @staticmethod
    def _template(scope: Scope) -> str:
        """The matched route's path template (the router records it in the scope)."""
        route = scope.get("route")
        path = getattr(route, "path_format", None) or getattr(route, "path", None)
        return str(path) if path else "unmatched"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Scrapes are not traffic: /metrics is not observed, so that two scrapes with nothing
        # in between answer the same text (and a HEAD the same length as its GET).
        if scope["type"] != "http" or scope.get("path") == "/metrics":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [500]

        async def keep_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, keep_status)
        finally:
            self.histogram.labels(scope["method"], self._template(scope), str(status[0])).observe(
                time.perf_counter() - start
            )


def install(app: FastAPI, settings: Settings) -> None:
    """Mount the operations routes, the metrics middleware, and the CORS middlewares."""
    from puente.api.reconcile import ReconcileCORS

    registry = CollectorRegistry()
    histogram = Histogram(
        "puente_http_request_duration_seconds",
        "HTTP request latency by method, route template and status",
        ["method", "route", "status"],
        registry=registry,
    )
    registry.register(StoreCollector(app))

    def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    app.include_router(router)
    app.add_api_route(
        "/metrics",
        metrics,
        methods=["GET"],
        summary="Prometheus metrics (text exposition format)",
        tags=["operations"],
        response_class=Response,
        responses=text_answer("text/plain"),
    )
    app.add_middleware(ReconcileCORS)
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(_PathCORS, prefix="/api", origins=origins)
    app.add_middleware(LatencyMiddleware, histogram=histogram)


class _PathCORS:
    """Starlette's CORSMiddleware, applied to one path prefix only."""

    def __init__(self, app: ASGIApp, prefix: str, origins: list[str]) -> None:
        self.app = app
        self.prefix = prefix
        self.cors = CORSMiddleware(
            app,
            allow_origins=origins,
            allow_methods=["GET", "HEAD", "OPTIONS"],
            allow_headers=["X-API-Key", "Content-Type"],
            expose_headers=["X-Puente-Dataset-Version"],
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path == self.prefix or path.startswith(self.prefix + "/"):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
