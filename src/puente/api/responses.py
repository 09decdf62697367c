"""Responses shared by the routers: JSON payloads and their CSV form."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from fastapi.responses import JSONResponse, Response

from puente.errors import InvalidInput

FORMATS = ("json", "csv")


def check_format(fmt: str | None) -> str:
    value = (fmt or "json").lower()
    if value not in FORMATS:
        raise InvalidInput(f"format {fmt!r} is not valid; expected json or csv")
    return value


def rows_to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    buffer = io.StringIO()
    fields = list(columns or (rows[0].keys() if rows else []))
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: ("; ".join(map(str, v)) if isinstance(v, list) else v) for k, v in row.items()}
        )
    return buffer.getvalue()


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
    headers = {"Content-Disposition": f'attachment; filename="{filename}.csv"'}
    version = payload.get("version")
    if isinstance(version, dict):
        headers["X-Puente-Dataset-Version"] = f"{version.get('dataset')}@{version.get('version')}"
    return Response(
        rows_to_csv(payload[rows_key], columns),
        media_type="text/csv; charset=utf-8",
        headers=headers,
    )
