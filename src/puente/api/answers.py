"""Answers kept per URL and data generation.

Every figure comes from the dataset versions in force, which change only when a load or a
rollback commits (`Store.data_generation`). So a GET answer can be kept, as the bytes sent,
under (URL, generation, today's date — some answers say how old a fact is): a repeated
question costs no query, no thread hop and no JSON encoding, and a new load changes the key.
Nothing is invalidated by hand. The keeping itself, with the ETag, the 304s and the content
codings, is done for pages and answers alike by puente.httpcache; `answer` marks its
response as one that may be kept and computes it.

A request that reads the generation just before a load commits may keep the new answer under
the old generation; the answer is still whole (it carries the version it was computed from),
and later requests use the new generation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from puente.api.deps import get_store
from puente.api.responses import check_format, table_response
from puente.httpcache import KEEP_FLAG
from puente.results import Answer, plain

Result = Answer | dict[str, Any]
Build = Callable[[duckdb.DuckDBPyConnection], Result]


async def answer(
    request: Request,
    build: Build,
    rows_key: str | None = None,
    fmt: str | None = None,
    filename: Callable[[Any], str] | None = None,
) -> Response:
    """The answer to this GET under the data now in force: kept bytes, or `build(cur)` in a
    read transaction (in the thread pool), as JSON or, with ?format=csv, its `rows_key` table
    (named by `filename(result)`)."""
    check_format(fmt)
    store = get_store(request)
    request.scope[KEEP_FLAG] = True

    def compute() -> Result:
        with store.read() as cur:
            return build(cur)

    result = await run_in_threadpool(compute)
    payload = plain(result)
    if rows_key is None:
        return JSONResponse(payload)
    name = filename(result) if filename else rows_key
    return table_response(payload, rows_key, fmt, name)
