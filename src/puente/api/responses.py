"""Responses shared by the routers: JSON payloads and their CSV form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi.responses import JSONResponse, Response

from puente.csvout import dict_rows_to_csv
from puente.errors import InvalidInput
from puente.filenames import content_disposition

__all__ = ["check_format", "content_disposition", "rows_to_csv", "table_response"]

FORMATS = ("json", "csv")


def check_format(fmt: str | None) -> str:
    value = (fmt or "json").lower()
    if value not in FORMATS:
        raise InvalidInput(f"format {fmt!r} is not valid; expected json or csv")
    return value


def rows_to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """A table as CSV, every cell spreadsheet-safe (puente.csvout)."""
    return dict_rows_to_csv(rows, columns)


def table_response(
    payload: dict[str, Any],
    rows_key: str,
    fmt: str | None,
    filename: str,
    columns: Sequence[str] | None = None,
) -> Response:
    """The payload as JSON, or its table (payload[rows_key]) as CSV with the dataset version
    in a response header."""
    if check_format(fmt) == "json":
        return JSONResponse(payload)
    headers = {"Content-Disposition": content_disposition(f"{filename}.csv")}
    version = payload.get("version")
    if isinstance(version, dict):
        headers["X-Puente-Dataset-Version"] = f"{version.get('dataset')}@{version.get('version')}"
    return Response(
        rows_to_csv(payload[rows_key], columns),
        media_type="text/csv; charset=utf-8",
        headers=headers,
    )
