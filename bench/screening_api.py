"""`POST /api/screen` under 8 concurrent clients, one name per request, each screening
audited (the durable, hash-chained log), on the 2026 list; beside the same queries screened
in-process by the engine alone (no HTTP, no audit), in one run.

    python -m bench.screening_api      (or make bench)
"""

from __future__ import annotations

import json
import statistics
import sys
import time

from bench.common import WORK, free_port, machine, mirror, peak_rss_mb, server, wrk
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import open_store

NAMES = [
    {"name": "Joaquin Guzman Loera", "birth_date": "1957"},
    {"name": "Rafael Caro Quintero"},
    {"name": "Ismael Zambada Garcia", "country": "MX"},
    {"name": "Maria Fernanda Lopez Ortiz"},
    {"name": "Comercializadora Puente S.A. de C.V."},
]


def _lua(path: str, key: str | None = None) -> str:
    bodies = ",".join("[[" + json.dumps({"queries": [q]}) + "]]" for q in NAMES)
    script = WORK / ("screen-key.lua" if key else "screen.lua")
    auth = f', ["Authorization"] = "Bearer {key}"' if key else ""
    script.write_text(
        f"""
local bodies = {{{bodies}}}
local i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "{path}", {{["Content-Type"] = "application/json"{auth}}}, bodies[i])
end
"""
    )
    return str(script)


def run() -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    db = WORK / "screen.duckdb"
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    store = open_store(db)
    ingest_source(store, get_source("ofac-sdn"), mirror=mirror())

    from puente.sanctions.screener import screening_index, to_engine_query

    started = time.perf_counter()
    index, _version = screening_index(store)
    build_s = time.perf_counter() - started
    queries = [to_engine_query(q) for q in NAMES]
    timings = []
    for _ in range(400):
        for query in queries:
            t = time.perf_counter()
            index.screen_many([query], threshold=0.8, limit=5)
            timings.append((time.perf_counter() - t) * 1000)
    engine_p50 = statistics.median(timings)
    engine_p99 = statistics.quantiles(timings, n=100)[98]
    from puente.auth.keys import keyring
    from puente.state import state_for

    key = keyring(state_for(store).store).create("bench", "screener", "bench").key
    store.close()

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "puente", "--db", str(db), "serve", "--port", str(port)]
    with server(command, url, "/api/sanctions/programs") as pid:
        # the index is built while the server starts; wait for a first screening
        import httpx

        httpx.post(f"{url}/api/screen", json={"queries": [NAMES[0]]}, timeout=60).raise_for_status()
        result = wrk(
            f"{url}/api/screen", connections=8, seconds=10, threads=1, script=_lua("/api/screen")
        )
        keyed = wrk(
            f"{url}/api/screen",
            connections=8,
            seconds=10,
            threads=1,
            script=_lua("/api/screen", key),
        )
        rss = peak_rss_mb(pid)
    return f"""## Sanctions API

Command: `make bench` (`python -m bench.screening_api`). Machine: {machine()}.
List: `ofac-sdn` from the mirror (2026 snapshot, 19,249 entries). Five names in rotation, one
per request; every request is written to the audit log before it is answered.

| what | req/s | p50 (ms) | p99 (ms) | non-2xx |
|---|---|---|---|---|
| `POST /api/screen` at 8 concurrent clients (wrk, one thread, 10 s), with the audit write | {result["rps"]:.0f} | {result["p50"]:.1f} | {result["p99"]:.1f} | {result["errors"]:.0f} |
| the same with a screener key (`Authorization: Bearer`), verified on every request | {keyed["rps"]:.0f} | {keyed["p50"]:.1f} | {keyed["p99"]:.1f} | {keyed["errors"]:.0f} |
| baseline: the engine alone in-process, same queries, one at a time | — | {engine_p50:.2f} | {engine_p99:.2f} | — |

With a key: {keyed["rps"] / result["rps"]:.2f}× the anonymous req/s, p99 {keyed["p99"] / result["p99"]:.2f}×.
Index build (in-process, before serving): {build_s:.1f} s (target under 10 s).
Server peak resident memory: {rss:.0f} MB (target under 1 GB).
Target: p99 under 20 ms at 8 concurrent clients.
"""


if __name__ == "__main__":
    sys.stdout.write(run())
