"""The worker process: holds one screening index and screens chunks of a batch with it.

It never opens the database (DuckDB lets one process hold the file read-write, and that is
the server). The server sends it what it needs over a pipe and records what comes back:

    ("index", key, packed records, label)       -> ("indexed", seconds)
    ("chunk", key, header, columns, threshold, rows)
                                                -> ("rows", output_rows, audit_queries,
                                                    audit_results)
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
    from puente.sanctions.screening import ScreeningIndex

    held: tuple[Any, Any] | None = None
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
                _, key, records, label = message
                started = time.perf_counter()
                held = (key, ScreeningIndex.build(unpack_records(records), label))
                conn.send(("indexed", time.perf_counter() - started))
            elif kind == "chunk":
                _, key, header, columns, threshold, rows = message
                if held is None or held[0] != key:
                    conn.send(("error", f"the worker holds no index of {key}"))
                    continue
                conn.send(_screen(held[1], header, columns, threshold, rows))
            else:
                conn.send(("error", f"unknown message {kind!r}"))
        except PuenteError as exc:
            conn.send(("error", exc.detail))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


def _screen(
    index: Any, header: list[str], columns: dict[str, int], threshold: float, rows: list[Any]
) -> tuple[Any, ...]:
    from puente.sanctions import batch

    answers: list[dict[str, Any]] = []

    def screen(queries: list[dict[str, Any]]) -> dict[str, Any]:
        answer = batch.screen_unaudited(index, queries, threshold)
        answers.append(answer)
        return answer

    done = batch.screen_chunk(batch.BatchInput(header, columns, rows), rows, screen)
    audit_queries = answers[0]["audit_queries"] if answers else []
    audit_results = answers[0]["audit_results"] if answers else []
    return ("rows", done.rows, audit_queries, audit_results)


Packed = tuple[
    str,
    str,
    tuple[tuple[str, str], ...],
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
]


def pack_records(records: Any) -> list[Packed]:
    """Screening records as plain tuples, for the pipe."""
    return [
        (
            r.entity_id,
            r.entity_type,
            tuple((n.text, n.kind) for n in r.names),
            tuple(r.programs),
            tuple(r.birth_dates),
            tuple(r.countries),
            tuple(r.id_numbers),
        )
        for r in records
    ]


def unpack_records(packed: list[Packed]) -> list[Any]:
    from puente.sanctions.records import ScreeningName, ScreeningRecord

    return [
        ScreeningRecord(
            entity_id=entity_id,
            entity_type=entity_type,
            names=tuple(ScreeningName(text, kind) for text, kind in names),
            programs=programs,
            birth_dates=birth_dates,
            countries=countries,
            id_numbers=id_numbers,
        )
        for entity_id, entity_type, names, programs, birth_dates, countries, id_numbers in packed
    ]
