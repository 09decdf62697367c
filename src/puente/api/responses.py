"""Responses shared by the routers: JSON payloads and their CSV form."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from fastapi.responses import JSONResponse, Response

from puente.csvout import dict_rows_to_csv
from puente.errors import InvalidInput

FORMATS = ("json", "csv")


def check_format(fmt: str | None) -> str:
    value = (fmt or "json").lower()
    if value not in FORMATS:
        raise InvalidInput(f"format {fmt!r} is not valid; expected json or csv")
    return value


def rows_to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """A table as CSV, every cell spreadsheet-safe (puente.csvout)."""
    return dict_rows_to_csv(rows, columns)


_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9 !#$&+.^_`|~()\[\]{}\-]")
MAX_FILENAME = 150


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _UNSAFE_ASCII.sub("_", plain).strip(" ._-")


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """A Content-Disposition header for any file name (RFC 6266): an ASCII `filename`
    for old clients and the exact name, UTF-8 and percent-encoded, as `filename*`
    (RFC 5987), which every current browser prefers. Path parts, quotes, control
    characters and separators never reach the header."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    name = name[:MAX_FILENAME] or "download"
    stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
    fallback = _ascii(stem) or "download"
    if dot and _ascii(ext):
        fallback += "." + _ascii(ext)
    header = f'{disposition}; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


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
