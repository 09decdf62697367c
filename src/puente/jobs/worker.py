"""The worker process: holds the screening index of each list and screens chunks of a batch.

It never opens the database (DuckDB lets one process hold the file read-write, and that is
the server). The server sends it what it needs over a pipe and records what comes back:

    ("index", ListParts)                        -> ("indexed", seconds)
    ("chunk", list keys, header, columns, threshold, first row number, rows)
                                                -> ("rows", output_rows, audit_queries,
                                                    audit_results)

A list's index travels as its flat parts (bytes pickle at memory speed and load without a
rebuild); the worker keeps one version of each list.
    None                                        -> the process exits

Any failure answers ("error", message) and the worker goes on with the next message.
Screening is CPU-bound; in its own process it runs on its own core and its own GIL, so the
server's event loop never waits for it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from multiprocessing.connection import Connection
from typing import Any

NICENESS = 5
"""How much lower the worker's CPU priority is than the server's."""


def serve_worker(conn: Connection, log_level: str = "WARNING") -> None:
    """The worker's main loop (the target of the spawned process)."""
    from puente.logs import configure_logging

    configure_logging(log_level)  # to stderr, as the server logs: stdout may be a CSV
    # Ctrl-C reaches the whole process group: the server decides when its worker stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Batch work gives way to the server's requests when cores are short.
    with contextlib.suppress(OSError):
        os.nice(NICENESS)
    from puente.errors import PuenteError

    held: dict[tuple[str, int, str], Any] = {}
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        try:
            kind = message[0]
            if kind == "index":
                _, parts = message
                started = time.perf_counter()
                loaded = parts.load()
                for key in [k for k in held if k[0] == loaded.dataset]:
                    del held[key]  # one version of each list at a time
                held[loaded.key] = loaded
                conn.send(("indexed", time.perf_counter() - started))
            elif kind == "chunk":
                _, keys, header, columns, threshold, first_row, rows = message
                missing = [k for k in keys if k not in held]
                if missing:
                    conn.send(("error", f"the worker holds no index of {missing[0]}"))
                    continue
                lists = [held[k] for k in keys]
                conn.send(_screen(lists, header, columns, threshold, first_row, rows))
            else:
                conn.send(("error", f"unknown message {kind!r}"))
        except PuenteError as exc:
            conn.send(("error", exc.detail))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


def _screen(
    lists: list[Any],
    header: list[str],
    columns: dict[str, int],
    threshold: float,
    first_row: int,
    rows: list[Any],
) -> tuple[Any, ...]:
    from puente.sanctions import batch

    answers: list[dict[str, Any]] = []

    def screen(queries: list[dict[str, Any]]) -> dict[str, Any]:
        answer = batch.screen_unaudited(lists, queries, threshold)
        answers.append(answer)
        return answer

    done = batch.screen_chunk(batch.BatchInput(header, columns, rows), rows, screen, first_row)
    audit_queries = answers[0]["audit_queries"] if answers else []
    audit_results = answers[0]["audit_results"] if answers else []
    return ("rows", done.rows, audit_queries, audit_results)
