"""/reconcile: the W3C Reconciliation Service API 0.2 over the SDN list (for OpenRefine).

GET /reconcile gives the service manifest; GET or POST with `queries` (form field, query
parameter or a JSON body) reconciles a batch; `extend` (the same ways) fetches property
values of reconciled entities; `/reconcile/suggest/{entity,type,property}` complete what a
user types; `/reconcile/properties` proposes properties for data extension; `callback` wraps
any answer as JSONP for old clients. Every answer under /reconcile, errors and OPTIONS
included, carries `Access-Control-Allow-Origin: *` (ReconcileCORS): the list is public and
no cookie or credential is read from a browser here. Absolute URLs come from
PUENTE_BASE_URL when it is set, never from the request's Host header.
"""

from __future__ import annotations

import json
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import StringConstraints
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from puente.api.deps import get_settings, get_store, read_cursor, require_screener
from puente.api.models import reconcile_spec
from puente.api.models.reconcile import (
    ReconciliationReconcileProperties,
    ReconciliationReconcileSchema,
    ReconciliationSuggestEntity,
    ReconciliationSuggestProperty,
    ReconciliationSuggestType,
)
from puente.api.models.reconcile_spec import REF
from puente.api.openapi import COMPONENTS_EXTENSION, ROLE_EXTENSION
from puente.api.params import Prefix
from puente.config import Settings
from puente.errors import InvalidInput, NotFound
from puente.httpdeps import Lower, base_url
from puente.sanctions import entities, reconcile
from puente.sanctions.model import ENTITY_TYPES
from puente.store import Store

router = APIRouter(prefix="/reconcile", tags=["reconciliation"])

CORS_HEADERS = {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "Authorization, Content-Type, X-API-Key",
    "access-control-max-age": "600",
}


class ReconcileCORS:
    """CORS for /reconcile: every answer (errors too) allows any origin, and an OPTIONS
    preflight is answered 204 before routing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not (path == "/reconcile" or path.startswith("/reconcile/")):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            headers = [(k.encode(), v.encode()) for k, v in CORS_HEADERS.items()]
            await send({"type": "http.response.start", "status": 204, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if not k.lower().startswith(b"access-control-")
                ]
                headers += [(k.encode(), v.encode()) for k, v in CORS_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cors)


def _answer(data: dict[str, Any], callback: str | None) -> Response:
    name = reconcile.check_callback(callback)
    if name:
        body = f"/**/{name}({json.dumps(data, ensure_ascii=False)});"
        return Response(body, media_type="application/javascript")
    return JSONResponse(data)


async def _params(request: Request, settings: Settings) -> dict[str, Any]:
    """queries / extend / callback from the query string, a form body or a JSON body."""
    params: dict[str, Any] = dict(request.query_params)
    if request.method != "POST":
        return params
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        body = await request.body()
        data = reconcile.parse_json(
            body.decode("utf-8", "replace"), "the JSON body", settings.max_json_depth
        )
        if isinstance(data, dict) and ("queries" in data or "extend" in data):
            params.update({k: data[k] for k in ("queries", "extend", "callback") if k in data})
        else:  # the batch itself as the body
            params["queries"] = data
    elif kind in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.form()
        for key in ("queries", "extend", "callback"):
            value = form.get(key)
            if isinstance(value, str):
                params[key] = value
    elif kind:
        raise InvalidInput(
            f"content type {kind[:60]!r} is not read here; send queries as a form field "
            "(application/x-www-form-urlencoded) or as JSON"
        )
    return params


async def _run(request: Request, store: Store, settings: Settings) -> Response:
    params = await _params(request, settings)
    callback = params.get("callback")
    if callback is not None and not isinstance(callback, str):
        raise InvalidInput("callback must be a JavaScript function name")
    reconcile.check_callback(callback)
    queries, extend = params.get("queries"), params.get("extend")
    if queries not in (None, "") and extend not in (None, ""):
        raise InvalidInput("send either queries or extend, not both")
    if extend not in (None, ""):
        if isinstance(extend, str):
            extend = reconcile.parse_json(extend, "extend", settings.max_json_depth)
        ids, wanted = reconcile.parse_extend(extend)
        with store.read() as cur:
            return _answer(reconcile.extend(cur, ids, wanted), callback)
    if queries not in (None, ""):
        parsed = reconcile.parse_queries(queries, settings.max_queries, settings.max_json_depth)
        actor = require_screener(request)  # the key's actor; anonymous-local when auth is local
        answer = reconcile.reconcile(store, parsed, settings.screen_threshold, actor.label)
        return _answer(answer, callback)
    if request.method == "POST" or set(params) - {"callback"}:
        raise InvalidInput("expected a queries or an extend parameter (JSON)")
    return _answer(reconcile.manifest(base_url(request)), callback)


# The JSONP callback and the proposal's type and limit, stated in the schema (the service's own
# checks stay for the other ways in: a form field, a JSON body).
Callback = Annotated[
    Annotated[str, StringConstraints(pattern=reconcile.CALLBACK_PATTERN)] | None,
    Query(description="wrap the answer as JSONP in this JavaScript function"),
]
EntityType = Annotated[
    Annotated[str, StringConstraints(pattern="^(" + "|".join(ENTITY_TYPES) + ")?$")] | None,
    Lower,
    Query(description="one of the service's types: " + ", ".join(ENTITY_TYPES)),
]
ProposalLimit = Annotated[
    int | None, Query(ge=1, description="at most this many properties (default: all)")
]


def _get_parameters() -> list[dict[str, Any]]:
    """GET /reconcile's query parameters: `queries` or `extend` as JSON text (the 0.2
    schemas), `callback`. Neither gives the manifest; both are refused (OpenAPI parameters
    cannot say so of each other, nor can JSON text be one object parameter's property)."""
    either = "Give queries or extend, not both; neither gives the service manifest."
    return [
        {
            "name": "queries",
            "in": "query",
            "required": False,
            "description": "A query batch (W3C Reconciliation API 0.2) as JSON text: one "
            "result list per query. " + either,
            "content": {
                "application/json": {
                    "schema": {"$ref": REF + "ReconciliationQueryBatch"},
                    "example": reconcile.EXAMPLE_BATCH,
                }
            },
        },
        {
            "name": "extend",
            "in": "query",
            "required": False,
            "description": "A data extension query (0.2) as JSON text: the values of these "
            "properties for these entities. " + either,
            "content": {"application/json": {"schema": {"$ref": REF + "DataExtensionQuery"}}},
        },
        {
            "name": "callback",
            "in": "query",
            "required": False,
            "description": "wrap the answer as JSONP in this JavaScript function",
            "schema": {"type": "string", "pattern": reconcile.CALLBACK_PATTERN},
        },
    ]


@router.get(
    "",
    summary="Service manifest, or reconcile `queries`, or `extend`",
    response_class=JSONResponse,
    openapi_extra={ROLE_EXTENSION: "screener", "parameters": _get_parameters()},
    responses={
        200: {
            "description": "The manifest, one result list per query, or the property values",
            "content": {"application/json": {"schema": {"$ref": REF + "ReconciliationGetAnswer"}}},
        },
    },
)
async def reconcile_get(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Response:
    return await _run(request, store, settings)


def _post_body() -> dict[str, Any]:
    """POST /reconcile's body as the document states it: the form OpenRefine sends (`queries`
    or `extend`, each JSON text: `encoding` says so) or the same fields as a JSON object, or
    a bare query batch as the JSON body."""
    batch, ext = {"$ref": REF + "ReconciliationQueryBatch"}, {"$ref": REF + "DataExtensionQuery"}
    fields = {
        "type": "object",
        "properties": {
            "queries": {**batch, "description": "A query batch (W3C Reconciliation API 0.2)"},
            "extend": {**ext, "description": "A data extension query"},
            "callback": {
                "type": "string",
                "pattern": reconcile.CALLBACK_PATTERN,
                "description": "wrap the answer as JSONP in this JavaScript function",
            },
        },
        "oneOf": [{"required": ["queries"]}, {"required": ["extend"]}],
    }
    json_text = {"contentType": "application/json"}
    bare = {
        "allOf": [batch, {"not": {"anyOf": [{"required": ["queries"]}, {"required": ["extend"]}]}}],
        "description": "The query batch itself (no key named queries or extend)",
    }
    example = {"queries": reconcile.EXAMPLE_BATCH}
    return {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": fields,
                "encoding": {"queries": json_text, "extend": json_text},
                "example": example,
            },
            "application/json": {"schema": {"anyOf": [fields, bare]}, "example": example},
        },
    }


@router.post(
    "",
    summary="Reconcile `queries` or `extend` (form fields of JSON text, or a JSON body)",
    response_class=JSONResponse,
    openapi_extra={
        ROLE_EXTENSION: "screener",
        "requestBody": _post_body(),
        COMPONENTS_EXTENSION: reconcile_spec.components(
            reconcile.MAX_EXTEND_IDS, [p["id"] for p in reconcile.EXTEND_PROPERTIES]
        ),
    },
    responses={
        200: {
            "description": "One result list per query, or the property values asked for",
            "content": {"application/json": {"schema": {"$ref": REF + "ReconciliationPostAnswer"}}},
        },
    },
)
async def reconcile_post(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Response:
    return await _run(request, store, settings)


@router.get(
    "/properties",
    summary="Properties proposed for data extension of a type",
    response_model=ReconciliationReconcileProperties,
)
def reconcile_properties(
    type: EntityType = None,
    limit: ProposalLimit = None,
    callback: Callback = None,
) -> Response:
    return _answer(reconcile.propose_properties(type, limit), callback)


@router.get(
    "/schema",
    summary="The types and properties this service's schemaSpace names",
    response_model=ReconciliationReconcileSchema,
)
def reconcile_schema(
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
    callback: Callback = None,
) -> Response:
    return _answer(reconcile.schema_space(base_url(request)), callback)


@router.get(
    "/suggest/entity",
    summary="Entities whose names hold every word of `prefix`",
    response_model=ReconciliationSuggestEntity,
)
def suggest_entity(
    cur: Annotated[Any, Depends(read_cursor)],
    prefix: Prefix = None,
    callback: Callback = None,
) -> Response:
    return _answer(reconcile.suggest_entities(cur, prefix), callback)


@router.get(
    "/suggest/type", summary="Types matching `prefix`", response_model=ReconciliationSuggestType
)
def suggest_type(
    prefix: Prefix = None,
    callback: Callback = None,
) -> Response:
    return _answer(reconcile.suggest_types(prefix), callback)


@router.get(
    "/suggest/property",
    summary="Properties matching `prefix`",
    response_model=ReconciliationSuggestProperty,
)
def suggest_property(
    prefix: Prefix = None,
    callback: Callback = None,
) -> Response:
    return _answer(reconcile.suggest_properties(prefix), callback)


@router.get("/preview/{entity_id}", response_class=HTMLResponse, summary="A small preview")
def reconcile_preview(entity_id: str, cur: Annotated[Any, Depends(read_cursor)]) -> HTMLResponse:
    if not entity_id.isdigit() or len(entity_id) > 12:
        raise NotFound(f"no entity {entity_id[:40]!r}")
    data = entities.get_entity(cur, int(entity_id)).entity
    aliases = ", ".join(escape(n.name) for n in data.names[1:6])
    html = (
        "<div style='font:13px sans-serif'>"
        f"<strong>{escape(data.name)}</strong> ({escape(data.entity_type)})<br>"
        f"{escape('; '.join(data.programs))}<br>"
        f"{escape(', '.join(data.countries))}<br><small>{aliases}</small></div>"
    )
    return HTMLResponse(html)
