"""`puente serve --workers 2` against one `puente serve` process on the mixed load of the
performance benchmark (bench/web_load.py), in one run: one process, two workers, one process
again (the two one-process runs bracket the noise of a shared machine).

    python -m bench.run workers      (or make bench)

The mix is web_load's GETs (its five pages and three APIs, in order, a browser's
Accept-Encoding): two workers without a PostgreSQL state store serve read-only
(`--read-only`), so the mix's screening POST, which is audited, is left out of both sides.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.common import ROOT, WORK, free_port, machine, wrk
from bench.web_load import APIS, BROWSER_ENCODING, CLIENTS, PAGES, _database, _mix_script

SECONDS = 10
UNLIMITED = {
    "PUENTE_RATE_LIMIT": "100000000/minute",
    "PUENTE_SCREEN_RATE_LIMIT": "100000000/minute",
}


def _serve(db: Path, *args: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "puente", "--db", str(db), "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # The rate limits are per process (a worker has its own): lifted on both sides, so
        # that every request of the load is served rather than refused.
        env={**os.environ, "PUENTE_MIRROR": "", **UNLIMITED},
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
    # Warm every worker's kept pages: each URL over fresh connections (the kernel hands each
    # to one worker) until six answers in a row come back fast, so no worker is left cold.
    for path in PAGES + APIS:
        fast = 0
        for _ in range(80):
            started = time.perf_counter()
            response = httpx.get(
                url + path, timeout=120, headers={"Accept-Encoding": BROWSER_ENCODING}
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


def _measure(db: Path, *args: str) -> dict[str, float]:
    process, url = _serve(db, *args)
    try:
        script = str(_mix_script(screening=False))
        return wrk(url, connections=CLIENTS, seconds=SECONDS, threads=2, script=script)
    finally:
        _stop(process)


def run() -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    db = _database("current", ROOT, Path(sys.executable))
    load_before = os.getloadavg()[0]
    one_a = _measure(db)
    two = _measure(db, "--workers", "2", "--read-only")
    one_b = _measure(db)
    load_after = os.getloadavg()[0]
    one = statistics.mean([one_a["rps"], one_b["rps"]])
    ratio = two["rps"] / one if one else float("nan")
    nan = float("nan")

    def errors(r: dict[str, float]) -> str:
        return f"{r.get('errors', 0) + r.get('socket_errors', 0):.0f}"

    rows = [
        ("one process (first)", one_a),
        ("`--workers 2 --read-only`", two),
        ("one process (again)", one_b),
    ]
    table = [
        f"| {name} | {r['rps']:,.1f} | {r.get('p50', nan):,.1f} | {r.get('p99', nan):,.1f} "
        f"| {errors(r)} |"
        for name, r in rows
    ]
    return "\n".join(
        [
            "## Workers",
            "",
            "Command: `make bench` (`python -m bench.run workers`). "
            f"Machine: {machine()}; load average {load_before:.1f} before and "
            f"{load_after:.1f} after (the machine is shared: other work was running).",
            f"Load: `wrk -t2 -c{CLIENTS} -d{SECONDS}s` with web_load's GET mix "
            f"({', '.join(PAGES + APIS)}, in order, `Accept-Encoding: {BROWSER_ENCODING}`) "
            "against `puente serve` on a database with every dataset loaded: one process, "
            "then two workers serving its published snapshot, then one process again. "
            "The screening POST of the mix is left out on both sides: without a PostgreSQL "
            "state store two workers serve read-only. Rate limits are lifted on both sides "
            "(they count per process).",
            "",
            "| server | requests/s | p50 (ms) | p99 (ms) | errors |",
            "|---|---:|---:|---:|---:|",
            *table,
            "",
            f"Two workers against the mean of the two one-process runs: **{ratio:.2f}x** "
            f"({two['rps']:,.1f} / {one:,.1f} requests/s; target 1.6x on 2 free cores).",
            "",
        ]
    )
