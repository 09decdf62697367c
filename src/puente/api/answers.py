"""Answers kept per URL and data generation.

Every figure comes from the dataset versions in force, which change only when a load or a
rollback commits (`Store.data_generation`). So a GET answer can be kept, as the bytes sent,
under (URL, generation, today's date — some answers say how old a fact is): a repeated
question costs no query, no thread hop and no JSON encoding, and a new load changes the key.
Nothing is invalidated by hand.

A request that reads the generation just before a load commits may keep the new answer under
the old generation; the answer is still whole (it carries the version it was computed from),
and later requests use the new generation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import duckdb
from cachetools import LRUCache
from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from puente.api.deps import get_store
from puente.api.responses import check_format, table_response

Build = Callable[[duckdb.DuckDBPyConnection], dict[str, Any]]
_MAX_ANSWERS = 2048
_lock = threading.Lock()
Kept = LRUCache[tuple[Any, ...], tuple[bytes, dict[str, str], int]]


def _kept(request: Request) -> Kept:
    state = request.app.state
    with _lock:
        if not hasattr(state, "kept_answers"):
            state.kept_answers = Kept(maxsize=_MAX_ANSWERS)
        kept: Kept = state.kept_answers
    return kept


async def answer(
    request: Request,
    build: Build,
    rows_key: str | None = None,
    fmt: str | None = None,
    filename: Callable[[dict[str, Any]], str] | None = None,
) -> Response:
    """The answer to this GET under the data now in force: kept bytes, or `build(cur)` in a
    read transaction (in the thread pool), as JSON or, with ?format=csv, its `rows_key` table."""
    check_format(fmt)
    store = get_store(request)
    generation = store.data_generation
    key = (
        request.url.path,
        tuple(sorted(request.query_params.multi_items())),
        generation,
        date.today().isoformat(),
    )
    answers = _kept(request)
    with _lock:
        kept = answers.get(key)  # a hit counts as a use: the least recently used goes first
    if kept is not None:
        return Response(content=kept[0], headers=kept[1], status_code=kept[2])

    def compute() -> dict[str, Any]:
        with store.read() as cur:
            return build(cur)

    payload = await run_in_threadpool(compute)
    if rows_key is None:
        response: Response = JSONResponse(payload)
    else:
        name = filename(payload) if filename else rows_key
        response = table_response(payload, rows_key, fmt, name)
    with _lock:
        answers[key] = (bytes(response.body), dict(response.headers), response.status_code)
    return response
