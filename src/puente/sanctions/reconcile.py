"""The W3C Reconciliation Service API (version 0.2) over the SDN list, so that OpenRefine can
reconcile a spreadsheet column of names against it.

The service manifest says what the service is; a `queries` batch
(`{"q0": {"query": "...", "type": "individual", "limit": 3, "properties":
[{"pid": "birth_date", "v": "1957-04-04T00:00:00Z"}]}}`) answers candidates per key with a
0..100 score and a `match` flag; `view.url` opens an entity's page. Every batch is screened by
the engine and audited like any other screening (channel `reconcile`).

Nothing a query carries is dropped in silence: a property value, type or limit the service
cannot use is ignored and named in that query's `warnings` (a Puente extension the 0.2 result
schema allows); a query that cannot be screened at all gets `result: []` and an `error`, and
the rest of the batch is answered. An entity id (or its OFAC URL) as the query finds that
entity with score 100.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from puente import jsonsafe
from puente.countries import country_code, country_name
from puente.errors import InvalidInput, NotFound
from puente.sanctions.model import ENTITY_TYPES
from puente.sanctions.screener import MAX_BATCH, screen_queries
from puente.sanctions.screening.query import parse_birth_date

TYPES = [{"id": kind, "name": kind.capitalize()} for kind in ENTITY_TYPES]
PROPERTIES = [
    {"id": "birth_date", "name": "Date or year of birth"},
    {"id": "country", "name": "Country (nationality, citizenship or address)"},
    {"id": "id_number", "name": "Identity document number"},
]
CALLBACK_PATTERN = r"^[A-Za-z_$][A-Za-z0-9_$.]{0,63}$"
"""A JSONP callback: a JavaScript name (ASCII letters, digits, `_`, `$`, dots), at most 64."""
_CALLBACK = re.compile(CALLBACK_PATTERN)
IDENTIFIER_SPACE = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id="
MAX_LIMIT = 25
DEFAULT_LIMIT = 3
_TYPE_ALIASES = {
    "person": "individual",
    "persona": "individual",
    "individuo": "individual",
    "company": "entity",
    "organization": "entity",
    "organisation": "entity",
    "empresa": "entity",
}
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%b %d, %Y", "%B %d, %Y")
_MONTHS_ES = {
    "ene": "Jan",
    "enero": "Jan",
    "febrero": "Feb",
    "marzo": "Mar",
    "abr": "Apr",
    "abril": "Apr",
    "mayo": "May",
    "junio": "Jun",
    "julio": "Jul",
    "ago": "Aug",
    "agosto": "Aug",
    "septiembre": "Sep",
    "sept": "Sep",
    "octubre": "Oct",
    "noviembre": "Nov",
    "dic": "Dec",
    "diciembre": "Dec",
}
_ISO_DATETIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
_ENTITY_ID = re.compile(r"^(?:" + re.escape(IDENTIFIER_SPACE) + r")?(\d{1,12})$")


def manifest(base_url: str) -> dict[str, Any]:
    """The service manifest; every URL in it starts with `base_url` (PUENTE_BASE_URL)."""
    base = base_url.rstrip("/")
    return {
        "versions": ["0.2"],
        "name": "Puente: OFAC SDN list",
        "identifierSpace": IDENTIFIER_SPACE,
        "schemaSpace": f"{base}/reconcile/schema",
        "documentation": f"{base}/docs",
        "defaultTypes": TYPES,
        "view": {"url": f"{base}/sanctions/entities/{{{{id}}}}"},
        "preview": {"url": f"{base}/reconcile/preview/{{{{id}}}}", "width": 420, "height": 180},
        "batchSize": 50,
        "suggest": {
            "entity": {"service_url": base, "service_path": "/reconcile/suggest/entity"},
            "type": {"service_url": base, "service_path": "/reconcile/suggest/type"},
            "property": {"service_url": base, "service_path": "/reconcile/suggest/property"},
        },
        "extend": {
            "propose_properties": {"service_url": base, "service_path": "/reconcile/properties"},
            "property_settings": [],
        },
    }


def schema_space(base_url: str) -> dict[str, Any]:
    """What `schemaSpace` names: the types and the properties of this service."""
    return {
        "schemaSpace": f"{base_url.rstrip('/')}/reconcile/schema",
        "types": TYPES,
        "query_properties": PROPERTIES,
        "extend_properties": EXTEND_PROPERTIES,
    }


def properties() -> dict[str, Any]:
    """The properties a query may carry (the older `/reconcile/properties` answer)."""
    return {"type": "entity", "properties": PROPERTIES}


def check_callback(callback: str | None) -> str | None:
    if callback is None:
        return None
    if not _CALLBACK.match(callback):
        raise InvalidInput("callback must be a JavaScript function name")
    return callback


def parse_json(text: str, what: str, max_depth: int = jsonsafe.DEFAULT_MAX_DEPTH) -> Any:
    """JSON text, nested at most `max_depth` deep (InvalidInput otherwise)."""
    return jsonsafe.loads(text, max_depth, what)


def parse_queries(
    data: str | dict[str, Any],
    max_queries: int = MAX_BATCH,
    max_depth: int = jsonsafe.DEFAULT_MAX_DEPTH,
) -> dict[str, Any]:
    """The `queries` parameter: a JSON object of query objects (or plain strings), at most
    `max_queries` of them. Each query is checked later, on its own, so that one bad query
    does not fail the batch."""
    if isinstance(data, str):
        data = parse_json(data, "queries", max_depth)
    else:
        jsonsafe.check_depth(json.dumps(data), max_depth, "queries")
    if not isinstance(data, dict) or not data:
        raise InvalidInput('queries must be a JSON object such as {"q0": {"query": "..."}}')
    if len(data) > max_queries:
        raise InvalidInput(
            f"{len(data):,} queries; expected at most {max_queries:,} (PUENTE_MAX_QUERIES)"
        )
    return {str(key): query for key, query in data.items()}


def birth_date_of(value: Any) -> str:
    """An ISO date text ("1957", "1957-04", "1957-04-04") from what OpenRefine sends: a year
    number, an ISO datetime, "04 Apr 1957", "April 4, 1957", "4 abril 1957", "04/04/1957"."""
    if isinstance(value, bool):
        raise InvalidInput(f"{value!r} is not a date")
    if isinstance(value, int | float):
        if float(value) != int(value):
            raise InvalidInput(f"{value!r} is not a year")
        return parse_birth_date(str(int(value)))
    text = " ".join(str(value).split())
    match = _ISO_DATETIME.match(text)
    if match:
        return parse_birth_date(match.group(1))
    try:
        return parse_birth_date(text)
    except InvalidInput:
        pass
    words = [_MONTHS_ES.get(w.lower().strip(".,"), w) for w in text.replace(" de ", " ").split()]
    folded = " ".join(words)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(folded, fmt).date().isoformat()
        except ValueError:
            continue
    raise InvalidInput(
        f"{text[:40]!r} is not a date; expected 1957, 1957-04-04, 1957-04-04T00:00:00Z "
        "or 04 Apr 1957"
    )


def _scalar(value: Any) -> Any:
    if isinstance(value, dict):  # {"id": ..., "name": ...}: a reconciled value
        return value.get("id") or value.get("name")
    return value


def _usable(pid: str, value: Any) -> str:
    if pid == "birth_date":
        return birth_date_of(value)
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        raise InvalidInput(f"{value!r} is not text")
    text = " ".join(str(value).split())
    if not text:
        raise InvalidInput("empty")
    if pid == "country" and country_code(text) is None:
        raise InvalidInput(f"{text[:40]!r} is not a known country")
    if pid == "id_number" and len(text) > 64:
        raise InvalidInput("longer than 64 characters")
    return text


def _types(value: Any, warnings: list[str]) -> str | None:
    """The entity type to screen for: one known type filters; several, none or unknown
    ones do not (each unknown one is reported)."""
    items = value if isinstance(value, list) else [value]
    known: set[str] = set()
    for item in items:
        if isinstance(item, dict):
            item = item.get("id")
        text = str(item).strip().lower() if isinstance(item, str) else ""
        text = _TYPE_ALIASES.get(text, text)
        if text in ENTITY_TYPES:
            known.add(text)
        else:
            warnings.append(
                f"type {item!r} ignored; expected one of {', '.join(ENTITY_TYPES)}"[:200]
            )
    return known.pop() if len(known) == 1 else None


def _limit(value: Any, warnings: list[str]) -> int:
    if value is None:
        return DEFAULT_LIMIT
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise InvalidInput(f"limit {value!r} is not a whole number; expected 1..{MAX_LIMIT}")
    if value < 1:
        raise InvalidInput(f"limit {value!r} is below 1; expected 1..{MAX_LIMIT}")
    if value > MAX_LIMIT:
        warnings.append(f"limit {int(value)} is above the maximum; answered at most {MAX_LIMIT}")
        return MAX_LIMIT
    return int(value)


def screening_query(query: Any) -> tuple[dict[str, Any], int, list[str]]:
    """(the screening query, the limit, the warnings) of one reconciliation query; raise
    InvalidInput if it cannot be screened at all."""
    if isinstance(query, str):
        query = {"query": query}
    if not isinstance(query, dict):
        raise InvalidInput("a query must be an object with a 'query' string")
    warnings: list[str] = []
    name = query.get("query")
    if name is not None and not isinstance(name, str):
        raise InvalidInput("'query' must be a string")
    raw: dict[str, Any] = {"name": name or ""}
    if query.get("type") is not None:
        kind = _types(query["type"], warnings)
        if kind:
            raw["type"] = kind
    limit = _limit(query.get("limit"), warnings)
    props = query.get("properties") or []
    if not isinstance(props, list):
        raise InvalidInput("'properties' must be a list of {pid, v} objects")
    for prop in props:
        pid = prop.get("pid") if isinstance(prop, dict) else None
        if pid not in ("birth_date", "country", "id_number"):
            warnings.append(
                f"property {pid!r} ignored; expected birth_date, country or id_number"[:200]
            )
            continue
        values = prop.get("v")
        for value in values if isinstance(values, list) else [values]:
            try:
                usable = _usable(pid, _scalar(value))
            except InvalidInput as exc:
                warnings.append(f"{pid} value ignored: {exc.detail}"[:200])
                continue
            if pid in raw:
                warnings.append(f"{pid} value {usable!r} ignored: one value per property is used")
                continue
            raw[pid] = usable
    if not raw["name"].strip():
        raise InvalidInput(
            "query has no name; the list is searched by name, so a query needs a 'query' string"
            " (properties refine a name, they cannot find an entity alone)"
        )
    return raw, limit, warnings


def entity_id_of(query: Any) -> int | None:
    """The SDN entity id a query names outright ("6861" or the OFAC details URL)."""
    text = query.get("query") if isinstance(query, dict) else query
    if not isinstance(text, str):
        return None
    match = _ENTITY_ID.match(text.strip())
    return int(match.group(1)) if match else None


def _candidate(m: dict[str, Any]) -> dict[str, Any]:
    kind = m.get("entity_type") or "entity"
    return {
        "id": str(m["entity_id"]),
        "name": m.get("primary_name") or m["name"],
        "type": [{"id": kind, "name": kind.capitalize()}],
        "score": round(float(m["score"]) * 100, 1),
        "match": bool(m["match"]),
        "description": "; ".join(m["programs"]) + " — " + m["explanation"],
    }


def reconcile(store: Any, queries: dict[str, Any], threshold: float, actor: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    keys: list[str] = []
    raws: list[dict[str, Any]] = []
    limits: dict[str, int] = {}
    for key, query in queries.items():
        try:
            raw, limit, warnings = screening_query(query)
        except InvalidInput as exc:
            out[key] = {"result": [], "error": exc.detail}
            continue
        wanted = entity_id_of(query)
        found = _by_id(store, wanted) if wanted is not None else None
        out[key] = {"result": [found] if found else []}
        if warnings:
            out[key]["warnings"] = warnings
        if found is None:
            keys.append(key)
            raws.append(raw)
            limits[key] = limit
    if raws:
        answer = screen_queries(
            store,
            raws,
            threshold,
            actor,
            "reconcile",
            limit=max(limits.values()),
            single_raises=False,
        )
        for key, result in zip(keys, answer["results"], strict=True):
            out[key]["result"] = [_candidate(m) for m in result["matches"][: limits[key]]]
            if result.get("error"):
                out[key]["error"] = result["error"]
    return {key: out[key] for key in queries}


def _by_id(store: Any, entity_id: int) -> dict[str, Any] | None:
    with store.read() as cur:
        row = cur.execute(
            "SELECT entity_id, name, entity_type, programs FROM sdn_entities WHERE entity_id = ?",
            [entity_id],
        ).fetchone()
    if row is None:
        return None
    kind = row[2] or "entity"
    return {
        "id": str(row[0]),
        "name": row[1],
        "type": [{"id": kind, "name": kind.capitalize()}],
        "score": 100.0,
        "match": True,
        "description": "; ".join(row[3] or []) + " — the query is this entity's id",
    }


# Suggest services (entity, type, property): prefix completion for OpenRefine's inputs.


def _suggest_text(prefix: str | None) -> str:
    """What the user has typed: printable text (the schema's pattern), up to 100 characters."""
    from puente.sanctions.inputs import clean_text

    return clean_text(prefix, "prefix", 100, required=False)


def suggest_types(prefix: str | None) -> dict[str, Any]:
    text = _suggest_text(prefix).lower()
    return {"result": [t for t in TYPES if t["id"].startswith(text) or text in t["name"].lower()]}


def suggest_properties(prefix: str | None) -> dict[str, Any]:
    text = _suggest_text(prefix).lower()
    every = {p["id"]: p for p in PROPERTIES + EXTEND_PROPERTIES}
    return {"result": [p for p in every.values() if text in p["id"] or text in p["name"].lower()]}


def suggest_entities(cur: Any, prefix: str | None, limit: int = 10) -> dict[str, Any]:
    from puente.sanctions.entities import search_entities

    text = _suggest_text(prefix)
    if not text:
        return {"result": []}
    found = search_entities(cur, q=text, limit=limit)
    return {
        "result": [
            {
                "id": str(r.entity_id),
                "name": r.name,
                "description": "; ".join(r.programs),
                "notable": [{"id": r.entity_type or "entity"}],
            }
            for r in found.results
        ]
    }


# Data extension: property values of reconciled entities.

EXTEND_PROPERTIES = [
    {"id": "birth_dates", "name": "Dates of birth"},
    {"id": "nationalities", "name": "Nationalities and citizenships"},
    {"id": "programs", "name": "Sanctions programs"},
    {"id": "addresses", "name": "Addresses"},
    {"id": "list_version", "name": "SDN list version"},
]
_EXTEND_IDS = {p["id"] for p in EXTEND_PROPERTIES}
MAX_EXTEND_IDS = 500


def propose_properties(kind: str | None, limit: int | None) -> dict[str, Any]:
    """The data-extension property proposal for a type (0.2 `extend.propose_properties`)."""
    chosen = (kind or "entity").strip().lower() or "entity"
    if chosen not in ENTITY_TYPES:
        raise InvalidInput(
            f"type {chosen[:40]!r} is unknown; expected one of {', '.join(ENTITY_TYPES)}"
        )
    props = [p for p in EXTEND_PROPERTIES if chosen == "individual" or p["id"] != "birth_dates"]
    if limit is not None:
        if limit < 1:
            raise InvalidInput(f"limit {limit} is below 1")
        props = props[:limit]
    answer: dict[str, Any] = {"type": chosen, "properties": props}
    if limit is not None:
        answer["limit"] = limit
    return answer


def parse_extend(text: str | dict[str, Any]) -> tuple[list[str], list[str]]:
    data = parse_json(text, "extend") if isinstance(text, str) else text
    if not isinstance(data, dict):
        raise InvalidInput('extend must be a JSON object {"ids": [...], "properties": [...]}')
    ids, props = data.get("ids"), data.get("properties")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise InvalidInput("extend.ids must be a list of entity id strings")
    if len(ids) > MAX_EXTEND_IDS:
        raise InvalidInput(f"extend.ids has {len(ids):,} ids; expected at most {MAX_EXTEND_IDS}")
    if not isinstance(props, list) or not props:
        raise InvalidInput("extend.properties must be a non-empty list of {id} objects")
    wanted: list[str] = []
    for prop in props:
        pid = prop.get("id") if isinstance(prop, dict) else None
        if pid not in _EXTEND_IDS:
            known = ", ".join(sorted(_EXTEND_IDS))
            raise InvalidInput(f"extend property {pid!r} is unknown; expected one of {known}")
        wanted.append(str(pid))
    return ids, wanted


def _date_cell(text: str) -> dict[str, Any]:
    """An ISO date as 0.2 wants it (a full datetime); partial dates stay strings."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return {"date": f"{text}T00:00:00Z"}
    return {"str": text}


def extend(cur: Any, ids: list[str], wanted: list[str]) -> dict[str, Any]:
    from puente.sanctions.entities import get_entity
    from puente.store.catalog import require_current

    version = require_current(cur, "ofac-sdn")
    rows: dict[str, Any] = {}
    for raw_id in ids:
        row: dict[str, list[dict[str, Any]]] = {pid: [] for pid in wanted}
        rows[raw_id] = row
        if not raw_id.isdigit() or len(raw_id) > 12:
            continue
        try:
            entity = get_entity(cur, int(raw_id)).entity
        except NotFound:  # an id not on the list has no values
            continue
        for pid in wanted:
            if pid == "birth_dates":
                row[pid] = [_date_cell(str(d)) for d in entity.birth_dates]
            elif pid == "nationalities":
                # The entry's nationalities and citizenships (ISO codes, never an address
                # country), named in English as the list names them.
                row[pid] = [{"str": country_name(code)} for code in entity.nationalities]
            elif pid == "programs":
                row[pid] = [{"str": str(p)} for p in entity.programs]
            elif pid == "addresses":
                row[pid] = [
                    {"str": ", ".join(p for p in (a.address, a.city, a.country) if p)}
                    for a in entity.addresses
                ]
            elif pid == "list_version":
                row[pid] = [{"str": f"ofac-sdn@{version.version}"}]
    names = {p["id"]: p["name"] for p in EXTEND_PROPERTIES}
    return {"meta": [{"id": pid, "name": names[pid]} for pid in wanted], "rows": rows}
