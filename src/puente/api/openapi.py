"""The OpenAPI document says what the API really answers.

- Errors are `{"error", "detail"}` (ErrorResponse); a bad parameter is a 400 (FastAPI's default
  schema says 422, which Puente never sends), a body past its limit a 413, too many requests a
  429, a store that cannot answer a 503. Each operation lists the statuses it can give, worked
  out from the route itself (its parameters, body and the role it requires), so a new route is
  documented the same way without a hand-written list.
- Operations that take a key name the security schemes httpauth accepts (`Authorization:
  Bearer`, `X-Api-Key`, the server's `X-Puente-Token`); screening, which an anonymous caller
  may do when PUENTE_AUTH is local, lists "no credential" as one way too.
- A `format` parameter that offers csv puts `text/csv` beside JSON in the 200 answer.
- Operation ids are `<tag>_<function>` (`border_get_port`): stable across releases, pinned by
  tests/api/test_contract.py.
- Query parameters of which one group must be given ("state or city", "near, or lat and
  lon") are one object parameter in the document (style form, exploded: its properties are
  the same query parameters on the wire) whose schema says which groups suffice (`anyOf` of
  `required`), as OpenAPI lets parameters say nothing of each other (docs/decisions/0031).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant as _Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from puente.api.methods import CANDIDATES, answers_options
from puente.api.models.common import ErrorResponse

ERROR_SCHEMA: dict[str, Any] = ErrorResponse.model_json_schema()
_REF = {"$ref": "#/components/schemas/ErrorResponse"}
ERROR_DESCRIPTIONS: dict[str, str] = {
    "400": "Invalid input: a parameter or the body is not what was expected",
    "401": "A key is required (Authorization: Bearer, X-Api-Key or a signed-in session), "
    "or the one given is not valid",
    "403": "The key presented does not hold the role this needs",
    "404": "Not found (an unknown id, or a dataset that is not loaded)",
    "405": "Not a method of this path; the Allow header names the ones it answers",
    "413": "The request body is larger than PUENTE_MAX_BODY_BYTES or PUENTE_MAX_UPLOAD_BYTES",
    "429": "Too many requests (PUENTE_RATE_LIMIT); see the Retry-After header",
    "503": "The store cannot answer (damaged, read-only or busy); see Retry-After if given",
}
SECURITY_SCHEMES: dict[str, Any] = {
    "BearerKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key (`puente keys create`) as `Authorization: Bearer <key>`",
    },
    "ApiKeyHeader": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Api-Key",
        "description": "The same API key in the X-Api-Key header",
    },
    "ServerToken": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Puente-Token",
        "description": "The admin token `puente serve` writes beside the database",
    },
}
_KEYED: list[dict[str, list[str]]] = [{"BearerKey": []}, {"ApiKeyHeader": []}, {"ServerToken": []}]
ROLE_EXTENSION = "x-puente-role"
"""`openapi_extra={ROLE_EXTENSION: "screener"}` marks a route that checks the role itself."""
ROLES = ("viewer", "screener", "admin")
ALTERNATIVES_EXTENSION = "x-puente-alternatives"
"""`openapi_extra={ALTERNATIVES_EXTENSION: alternatives("place", ["state"], ["city"])}` marks
a route whose query parameters are asked for in groups, one of which must be given."""
COMPONENTS_EXTENSION = "x-puente-components"
"""`openapi_extra={COMPONENTS_EXTENSION: {name: schema}}`: schemas a route's hand-written
request body or answer refers to (`#/components/schemas/<name>`), added to the document's."""
UNGUARDED_TAGS = frozenset({"operations"})
"""Operations that answer without the store or any limit but the rate limit."""
_METHODS = ("get", "put", "post", "delete", "patch")


def text_answer(
    *media_types: str, description: str = "Successful Response"
) -> dict[int | str, Any]:
    """`responses=` of a route whose answer is text (CSV, Atom, HTML...), not JSON; use with
    `response_class=Response` so that no JSON answer is documented."""
    content = {media: {"schema": {"type": "string"}} for media in media_types}
    return {200: {"description": description, "content": content}}


def alternatives(name: str, *groups: list[str], description: str = "") -> dict[str, Any]:
    """The ALTERNATIVES_EXTENSION of a route: its query parameters `groups` (one group must be
    given whole) stand in the document as one object parameter `name`."""
    return {"name": name, "groups": [list(g) for g in groups], "description": description}


def _property_schema(param: dict[str, Any]) -> dict[str, Any]:
    """A query parameter's schema as a property of an object: its non-null branch, with the
    parameter's description, and at least one character for text (an empty value is none)."""
    schema = {k: v for k, v in param.get("schema", {}).items() if k not in ("anyOf", "default")}
    for branch in param.get("schema", {}).get("anyOf", []):
        if branch.get("type") != "null":
            schema.update(branch)
            break
    if param.get("description"):
        schema["description"] = param["description"]
    if schema.get("type") == "string":
        schema.setdefault("minLength", 1)
    return schema


def fold_alternatives(operation: dict[str, Any]) -> None:
    """Replace the grouped query parameters of an operation by one required object parameter
    (see the module's docstring); the other parameters stay as they are."""
    spec = operation.pop(ALTERNATIVES_EXTENSION, None)
    if not spec:
        return
    names = {name for group in spec["groups"] for name in group}
    params = operation.get("parameters", [])
    folded = [p for p in params if p.get("in") == "query" and p["name"] in names]
    if {p["name"] for p in folded} != names:
        raise ValueError(f"{operation.get('operationId')}: no query parameter {names}")
    which = " or ".join(", ".join(g) for g in spec["groups"])
    parameter = {
        "name": spec["name"],
        "in": "query",
        "required": True,
        "style": "form",
        "explode": True,
        "description": spec["description"] or f"Give {which}",
        "schema": {
            "type": "object",
            "properties": {p["name"]: _property_schema(p) for p in folded},
            "additionalProperties": False,
            "anyOf": [{"required": group} for group in spec["groups"]],
        },
    }
    at = params.index(folded[0])
    rest = [p for p in params if p not in folded]
    operation["parameters"] = [*rest[:at], parameter, *rest[at:]]


def operation_id(route: Any) -> str:
    """`<tag>_<function>`: the first tag and the endpoint's name."""
    tag = str(route.tags[0]) if route.tags else "puente"
    return f"{tag}_{route.name}".replace("-", "_")


def role_of(route: Any) -> str | None:
    """The role the route requires (through a require_<role> dependency, or declared)."""
    declared = (route.openapi_extra or {}).get(ROLE_EXTENSION)
    if declared:
        return str(declared)
    found: list[str] = []

    def walk(dependant: _Dependant) -> None:
        name = getattr(dependant.call, "__name__", "")
        for role in ROLES:
            if name == f"require_{role}":
                found.append(role)
        for sub in dependant.dependencies:
            walk(sub)

    walk(route.dependant)
    return found[0] if found else None


def statuses_of(route: Any, method: str, operation: dict[str, Any]) -> list[str]:
    """The error statuses this operation can answer."""
    params = operation.get("parameters", [])
    body = "requestBody" in operation
    out: list[str] = []
    if params or body:
        out.append("400")
    if role_of(route):
        out += ["401", "403"]
    if not set(route.tags) & UNGUARDED_TAGS:
        out.append("404")
    if body:
        out.append("413")
    out.append("429")
    if route.path != "/healthz":
        out.append("503")
    return out


def documented_methods(path: str, item: dict[str, Any]) -> list[str]:
    """The methods a path of the schema answers, as its 405 answer's Allow header names them
    (puente.api.methods): its operations, HEAD beside GET, OPTIONS where it is answered."""
    found = {m.upper() for m in _METHODS if m in item}
    if "GET" in found:
        found.add("HEAD")
    if answers_options(path):
        found.add("OPTIONS")
    order = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
    return [m for m in order if m in found]


def not_allowed_answer(allow: list[str]) -> dict[str, Any]:
    """The 405 an operation's path gives to any other method. OpenAPI describes operations,
    one per method a path has, so a method the path lacks has no operation to carry its
    answer: each operation of the path documents it instead (docs/decisions/0028)."""
    methods = ", ".join(allow)
    return {
        "description": f"Another method than this path's ({methods}) is not allowed; "
        "the Allow header names them",
        "headers": {
            "Allow": {
                "description": f"The methods this path answers: {methods}",
                "schema": {"type": "string", "enum": [methods]},
            }
        },
    }


def api_routes(routes: list[Any]) -> list[Any]:
    """Every API route of the application as mounted (with its router's prefix, tags and
    dependencies), included routers unfolded; the ones in the schema."""
    found = []
    for context in iter_route_contexts(routes):
        if isinstance(context.original_route, APIRoute) and context.include_in_schema:
            found.append(context)
    return found


def _routes_by_operation(routes: list[Any]) -> dict[tuple[str, str], Any]:
    found: dict[tuple[str, str], Any] = {}
    for route in api_routes(routes):
        for method in route.methods or ():
            found[(route.path_format, method.lower())] = route
    return found


def _csv_content(operation: dict[str, Any]) -> bool:
    for param in operation.get("parameters", []):
        if param.get("name") == "format" and param.get("in") == "query":
            return "csv" in str(param.get("schema", {}))
    return False


def contract(schema: dict[str, Any], routes: list[Any]) -> dict[str, Any]:
    """Rewrite a generated schema in place (see the module's docstring)."""
    components = schema.setdefault("components", {})
    models = components.setdefault("schemas", {})
    models["ErrorResponse"] = ERROR_SCHEMA
    components["securitySchemes"] = SECURITY_SCHEMES
    by_operation = _routes_by_operation(routes)
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            route = by_operation.get((path, method))
            if operation is None or route is None:
                continue
            fold_alternatives(operation)
            models.update(operation.pop(COMPONENTS_EXTENSION, {}))
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            for status in statuses_of(route, method, operation):
                responses.setdefault(status, {})
            allow = documented_methods(path, item)
            if set(CANDIDATES) - set(allow):
                responses["405"] = not_allowed_answer(allow)
            for status, entry in responses.items():
                if status[0] in "45":
                    if entry.get("description") in (None, "", "Additional Response"):
                        entry["description"] = ERROR_DESCRIPTIONS.get(status, "An error")
                    entry["content"] = {"application/json": {"schema": _REF}}
            if _csv_content(operation) and "200" in responses:
                content = responses["200"].setdefault("content", {})
                content.setdefault("text/csv", {"schema": {"type": "string"}})
            if path.startswith("/reconcile") and "200" in responses:  # JSONP with ?callback=
                content = responses["200"].setdefault("content", {})
                content.setdefault("application/javascript", {"schema": {"type": "string"}})
            role = role_of(route)
            if role:
                operation["security"] = [*_KEYED, {}] if role == "screener" else list(_KEYED)
                operation.pop(ROLE_EXTENSION, None)
                operation["description"] = (
                    operation.get("description", "")
                    + f"\n\nNeeds a key with the {role} role"
                    + (" (or none when PUENTE_AUTH is local)." if role == "screener" else ".")
                ).strip()
    used = str(schema.get("paths"))
    for name in ("HTTPValidationError", "ValidationError"):
        if f"#/components/schemas/{name}" not in used:
            models.pop(name, None)
    return schema


def _settings_limits(schema: dict[str, Any], app: FastAPI) -> None:
    """Limits that are settings, stated with this server's values: the queries one screening
    request or reconciliation batch holds (PUENTE_MAX_QUERIES)."""
    settings = getattr(app.state, "settings", None)
    models = schema.get("components", {}).get("schemas", {})
    if settings is None:
        return
    if "ScreenRequest" in models:
        models["ScreenRequest"]["properties"]["queries"]["maxItems"] = settings.max_queries
    if "ReconciliationQueryBatch" in models:
        models["ReconciliationQueryBatch"]["maxProperties"] = settings.max_queries


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = contract(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                ),
                list(app.routes),
            )
            _settings_limits(app.openapi_schema, app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
