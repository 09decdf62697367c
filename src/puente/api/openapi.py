"""The OpenAPI document says what the API really answers: errors are `{"error", "detail"}`,
a bad parameter is a 400 (FastAPI's default schema says 422, which Puente never sends), a
body past its limit a 413, too many requests a 429."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

ERROR_SCHEMA: dict[str, Any] = {
    "title": "ErrorResponse",
    "type": "object",
    "required": ["error", "detail"],
    "properties": {
        "error": {"type": "string", "description": "A short code: invalid_input, not_found…"},
        "detail": {"type": "string", "description": "What went wrong and what was expected"},
    },
}
_REF = {"$ref": "#/components/schemas/ErrorResponse"}
COMMON_ERRORS: dict[str, str] = {
    "400": "Invalid input: a parameter or the body is not what was expected",
    "401": "A key is required (X-Api-Key or a signed-in session)",
    "403": "The key or token presented does not allow this",
    "404": "Not found (an unknown id, or a dataset that is not loaded)",
    "413": "The request body is larger than PUENTE_MAX_BODY_BYTES or PUENTE_MAX_UPLOAD_BYTES",
    "429": "Too many requests (PUENTE_RATE_LIMIT); see the Retry-After header",
    "503": "The store cannot answer (damaged, read-only or busy)",
}
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Rewrite a generated schema in place: 422 becomes 400, every operation lists the
    errors every route can give, all with the ErrorResponse shape."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorResponse"] = ERROR_SCHEMA
    for item in schema.get("paths", {}).values():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            for status, description in COMMON_ERRORS.items():
                entry = responses.setdefault(status, {"description": description})
                entry.setdefault("content", {"application/json": {"schema": _REF}})
    used = str(schema.get("paths"))
    for name in ("HTTPValidationError", "ValidationError"):
        if f"#/components/schemas/{name}" not in used:
            components.pop(name, None)
    return schema


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = error_responses(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
