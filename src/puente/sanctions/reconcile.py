"""The W3C Reconciliation Service API (version 0.2) over the SDN list, so that OpenRefine can
reconcile a spreadsheet column of names against it.

The service manifest says what the service is; a `queries` batch
(`{"q0": {"query": "...", "type": "individual", "limit": 3, "properties":
[{"pid": "birth_date", "v": "1957"}]}}`) answers candidates per key with a 0..100 score and a
`match` flag; `view.url` opens an entity's page. Every batch is screened by the engine and
audited like any other screening (channel `reconcile`).
"""

from __future__ import annotations

import re
from typing import Any

from puente import jsonsafe
from puente.errors import InvalidInput
from puente.jsonsafe import DEFAULT_MAX_DEPTH
from puente.sanctions.model import ENTITY_TYPES
from puente.sanctions.screener import MAX_BATCH, screen_queries

TYPES = [{"id": kind, "name": kind.capitalize()} for kind in ENTITY_TYPES]
PROPERTIES = [
    {"id": "birth_date", "name": "Date or year of birth"},
    {"id": "country", "name": "Country (nationality, citizenship or address)"},
    {"id": "id_number", "name": "Identity document number"},
]
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")
MAX_LIMIT = 25


def manifest(base_url: str) -> dict[str, Any]:
    base = base_url.rstrip("/")
    return {
        "versions": ["0.2"],
        "name": "Puente: OFAC SDN list",
        "identifierSpace": "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=",
        "schemaSpace": f"{base}/reconcile/schema",
        "defaultTypes": TYPES,
        "view": {"url": f"{base}/sanctions/entities/{{{{id}}}}"},
        "preview": {"url": f"{base}/reconcile/preview/{{{{id}}}}", "width": 420, "height": 180},
        "batchSize": 50,
        "propose_properties": {"service_url": base, "service_path": "/reconcile/properties"},
    }


def properties() -> dict[str, Any]:
    return {"type": "entity", "properties": PROPERTIES}


def check_callback(callback: str | None) -> str | None:
    if callback is None:
        return None
    if not _CALLBACK.match(callback):
        raise InvalidInput("callback must be a JavaScript function name")
    return callback


def parse_queries(
    text: str, max_queries: int = MAX_BATCH, max_depth: int = DEFAULT_MAX_DEPTH
) -> dict[str, dict[str, Any]]:
    """The `queries` parameter: a JSON object of query objects (or plain strings), nested
    at most `max_depth` deep, at most `max_queries` of them."""
    data = jsonsafe.loads(text, max_depth, "queries")
    if not isinstance(data, dict) or not data:
        raise InvalidInput('queries must be a JSON object such as {"q0": {"query": "..."}}')
    if len(data) > max_queries:
        raise InvalidInput(
            f"{len(data):,} queries; expected at most {max_queries:,} (PUENTE_MAX_QUERIES)"
        )
    out: dict[str, dict[str, Any]] = {}
    for key, query in data.items():
        if isinstance(query, str):
            query = {"query": query}
        if not isinstance(query, dict) or not isinstance(query.get("query"), str):
            raise InvalidInput(f"query {key!r} must be an object with a 'query' string")
        out[str(key)] = query
    return out


def _screening_query(query: dict[str, Any]) -> dict[str, Any]:
    raw: dict[str, Any] = {"name": query["query"]}
    kind = query.get("type")
    if isinstance(kind, str) and kind in ENTITY_TYPES:
        raw["type"] = kind
    for prop in query.get("properties") or []:
        if isinstance(prop, dict) and prop.get("pid") in ("birth_date", "country", "id_number"):
            value = prop.get("v")
            if isinstance(value, dict):  # {"id": ..., "name": ...} values
                value = value.get("id") or value.get("name")
            if value not in (None, ""):
                raw[str(prop["pid"])] = str(value)
    return raw


def _limit(query: dict[str, Any]) -> int:
    limit = query.get("limit", 3)
    return limit if isinstance(limit, int) and 1 <= limit <= MAX_LIMIT else 3


def reconcile(
    store: Any, queries: dict[str, dict[str, Any]], threshold: float, actor: str
) -> dict[str, Any]:
    keys = list(queries)
    raws = [_screening_query(queries[k]) for k in keys]
    limit = max(_limit(queries[k]) for k in keys)
    answer = screen_queries(
        store, raws, threshold, actor, "reconcile", limit=limit, single_raises=False
    )
    out: dict[str, Any] = {}
    for key, result in zip(keys, answer["results"], strict=True):
        candidates = [
            {
                "id": str(m["entity_id"]),
                "name": m["name"],
                "type": [
                    {
                        "id": m.get("entity_type") or "entity",
                        "name": (m.get("entity_type") or "entity").capitalize(),
                    }
                ],
                "score": round(float(m["score"]) * 100, 1),
                "match": bool(m["match"]),
                "description": "; ".join(m["programs"]) + " — " + m["explanation"],
            }
            for m in result["matches"][: _limit(queries[key])]
        ]
        out[key] = {"result": candidates}
    return out
