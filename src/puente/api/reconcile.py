"""/reconcile: the W3C Reconciliation Service API over the SDN list (for OpenRefine).

GET /reconcile gives the service manifest; GET or POST with `queries` (form field or query
parameter, a JSON object) reconciles a batch; `callback` wraps the answer as JSONP for old
clients. Candidates link to the entity pages (`view.url`)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Header, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from puente.api.deps import get_settings, get_store, read_cursor
from puente.config import Settings
from puente.errors import NotFound
from puente.httpdeps import actor_of
from puente.sanctions import entities, reconcile
from puente.store import Store

router = APIRouter(prefix="/reconcile", tags=["reconciliation"])


def _answer(data: dict[str, Any], callback: str | None) -> Response:
    name = reconcile.check_callback(callback)
    if name:
        body = f"{name}({json.dumps(data, ensure_ascii=False)});"
        return Response(body, media_type="application/javascript")
    return JSONResponse(data, headers={"Access-Control-Allow-Origin": "*"})


def _run(
    request: Request,
    store: Store,
    settings: Settings,
    queries: str | None,
    callback: str | None,
    api_key: str | None,
) -> Response:
    if not queries:
        return _answer(reconcile.manifest(str(request.base_url)), callback)
    parsed = reconcile.parse_queries(queries, settings.max_queries, settings.max_json_depth)
    answer = reconcile.reconcile(
        store, parsed, settings.screen_threshold, actor_of(request, api_key)
    )
    return _answer(answer, callback)


@router.get("", summary="Service manifest, or reconcile `queries`")
def reconcile_get(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    queries: Annotated[str | None, Query()] = None,
    callback: Annotated[str | None, Query()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> Response:
    return _run(request, store, settings, queries, callback, x_api_key)


@router.post("", summary="Reconcile `queries` (form field)")
def reconcile_post(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    queries: Annotated[str | None, Form()] = None,
    callback: Annotated[str | None, Form()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> Response:
    return _run(request, store, settings, queries, callback, x_api_key)


@router.get("/properties", summary="Properties a query may carry")
def reconcile_properties(callback: Annotated[str | None, Query()] = None) -> Response:
    return _answer(reconcile.properties(), callback)


@router.get("/preview/{entity_id}", response_class=HTMLResponse, summary="A small preview")
def reconcile_preview(entity_id: str, cur: Annotated[Any, Depends(read_cursor)]) -> HTMLResponse:
    if not entity_id.isdigit():
        raise NotFound(f"no entity {entity_id[:40]!r}")
    data = entities.get_entity(cur, int(entity_id))["entity"]
    from html import escape

    aliases = ", ".join(escape(n["name"]) for n in data["names"][1:6])
    html = (
        "<div style='font:13px sans-serif'>"
        f"<strong>{escape(data['name'])}</strong> ({escape(data['entity_type'])})<br>"
        f"{escape('; '.join(data['programs']))}<br>"
        f"{escape(', '.join(data['countries']))}<br><small>{aliases}</small></div>"
    )
    return HTMLResponse(html)
