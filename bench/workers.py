"""`puente serve --workers 2` against one `puente serve` process on the mixed load of the
performance benchmark (bench/web_load.py: pages, data APIs and screening POSTs), with the
state (audit log) in a PostgreSQL server the run starts, as several workers need; then the
GETs alone with two read-only workers. One process and two workers alternate, twice.

    python -m bench.run workers      (or make bench)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.common import ROOT, UNLIMITED, WORK, free_port, machine, wrk
from bench.web_load import (
    APIS,
    BROWSER_ENCODING,
    CLIENTS,
    NAMES,
    PAGES,
    _database,
    _mix_script,
)

SECONDS = 10
AUDIT_SECRET = "5e" * 32


def _serve(
    db: Path, *args: str, state_url: str | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "puente", "--db", str(db), "serve", "--port", str(port)]
    env = {**os.environ, "PUENTE_MIRROR": "", **UNLIMITED}
    if state_url:
        # Processes that share a state store key its audit chain with one secret.
        env["PUENTE_STATE_URL"] = state_url
        env["PUENTE_AUDIT_SECRET"] = AUDIT_SECRET
    process = subprocess.Popen(
        [*command, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # The rate limits are per process (a worker has its own): lifted on both sides, so
        # that every request of the load is served rather than refused.
        env=env,
    )
    deadline = time.monotonic() + 300
    while True:
        try:
            if httpx.get(url + "/", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"`puente serve {' '.join(args)}` did not start")
        time.sleep(0.5)
    # Warm every worker: each URL (and, with a state store, the screening POST, which loads
    # the index) over fresh connections (the kernel hands each to one worker) until six
    # answers in a row come back fast, so no worker is left cold.
    requests: list[tuple[str, str, dict[str, object] | None]] = [
        ("GET", path, None) for path in PAGES + APIS
    ]
    if state_url:
        requests += [("POST", "/api/screen", {"queries": [{"name": n}]}) for n in NAMES]
    for method, path, body in requests:
        fast = 0
        for _ in range(80):
            started = time.perf_counter()
            response = httpx.request(
                method,
                url + path,
                json=body,
                timeout=120,
                headers={"Accept-Encoding": BROWSER_ENCODING},
            )
            response.raise_for_status()
            fast = fast + 1 if time.perf_counter() - started < 0.25 else 0
            if fast >= 6:
                break
    return process, url


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def _measure(db: Path, *args: str, state_url: str | None = None) -> dict[str, float]:
    process, url = _serve(db, *args, state_url=state_url)
    try:
        script = str(_mix_script(screening=state_url is not None))
        return wrk(url, connections=CLIENTS, seconds=SECONDS, threads=2, script=script)
    finally:
        _stop(process)


def _errors(r: dict[str, float]) -> str:
    return f"{r.get('errors', 0) + r.get('socket_errors', 0):.0f}"


def _table(rows: list[tuple[str, dict[str, float]]]) -> list[str]:
    nan = float("nan")
    return [
        "| server | requests/s | p50 (ms) | p99 (ms) | errors |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {name} | {r['rps']:,.1f} | {r.get('p50', nan):,.1f} | {r.get('p99', nan):,.1f} "
            f"| {_errors(r)} |"
            for name, r in rows
        ),
    ]


def _ratio(ones: list[dict[str, float]], twos: list[dict[str, float]]) -> tuple[float, str]:
    one = statistics.mean(r["rps"] for r in ones)
    two = statistics.mean(r["rps"] for r in twos)
    ratio = two / one if one else float("nan")
    return ratio, f"{two:,.1f} / {one:,.1f} requests/s"


def run() -> str:
    from tests.pgserver import PgServer, pg_bin

    WORK.mkdir(parents=True, exist_ok=True)
    db = _database("current", ROOT, Path(sys.executable))
    bindir = pg_bin()
    if bindir is None:
        raise SystemExit("the workers benchmark needs PostgreSQL (apt-get install postgresql)")
    server = PgServer(bindir, durable=True).init().start()
    load_before = os.getloadavg()[0]
    try:
        mixed: list[tuple[str, dict[str, float]]] = []
        # Alternated, so that drift in what else the machine runs falls on both sides.
        for round_ in ("first", "again"):
            for label, args in (("one process", ()), ("`--workers 2`", ("--workers", "2"))):
                url = server.create_schema(f"w{len(mixed)}")
                mixed.append((f"{label} ({round_})", _measure(db, *args, state_url=url)))
        gets: list[tuple[str, dict[str, float]]] = []
        for round_ in ("first", "again"):
            for label, args in (
                ("one process", ()),
                ("`--workers 2 --read-only`", ("--workers", "2", "--read-only")),
            ):
                gets.append((f"{label} ({round_})", _measure(db, *args)))
    finally:
        server.remove()
    load_after = os.getloadavg()[0]
    mixed_ratio, mixed_text = _ratio([r for _, r in mixed[0::2]], [r for _, r in mixed[1::2]])
    gets_ratio, gets_text = _ratio([r for _, r in gets[0::2]], [r for _, r in gets[1::2]])
    return "\n".join(
        [
            "## Workers",
            "",
            "Command: `make bench` (`python -m bench.run workers`). "
            f"Machine: {machine()}; load average {load_before:.1f} before and "
            f"{load_after:.1f} after (the machine is shared: other work was running).",
            f"Load: `wrk -t2 -c{CLIENTS} -d{SECONDS}s` (wrk runs on the same two cores) with "
            f"the mixed load of web_load ({', '.join(PAGES + APIS)}, then one "
            f"`POST /api/screen`, in order, `Accept-Encoding: {BROWSER_ENCODING}`) against "
            "`puente serve` on a database with every dataset loaded, its state (the audit "
            "log of every screening) in a PostgreSQL server started for the run "
            "(`PUENTE_STATE_URL`, fsync on, a fresh schema per server): one process and "
            "`--workers 2` (serving the published snapshot), alternated twice. Rate limits "
            "are lifted on both sides (they count per process).",
            "",
            *_table(mixed),
            "",
            f"Two workers against one process, mixed load: **{mixed_ratio:.2f}x** "
            f"({mixed_text}, means of the two runs each; target at least 1.6x on 2 cores).",
            "",
            "The GETs alone (kept pages and answers, no screening), the embedded state store, "
            "two workers `--read-only`:",
            "",
            *_table(gets),
            "",
            f"Two workers against one process, GETs alone: {gets_ratio:.2f}x ({gets_text}). "
            "A kept answer costs the server about as much CPU as wrk spends asking for it, "
            "and wrk runs on the same two cores, so the GETs alone leave a second worker less "
            "of a core to take than the screening POSTs do.",
            "",
        ]
    )
