"""`puente --help` against the interpreter alone and the interpreter with DuckDB, in one run.

The three commands run in turn (A B C A B C ...) so that drift in the shared machine's load
touches them alike; wall and CPU (user + system of the child) medians are reported, and the
ratios are taken run by run. Byte-code caching is on (as in any installed copy), even where the
environment sets PYTHONDONTWRITEBYTECODE: otherwise every run would compile the sources anew.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import machine

RUNS = 15
PUENTE = str(Path(sys.executable).with_name("puente"))
COMMANDS: dict[str, list[str]] = {
    "`puente --help`": [PUENTE, "--help"],
    '`python -c "pass"`': [sys.executable, "-c", "pass"],
    '`python -c "import duckdb"`': [sys.executable, "-c", "import duckdb"],
}


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _once(argv: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(runs: int = RUNS) -> dict[str, list[tuple[float, float]]]:
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in COMMANDS}
    for argv in COMMANDS.values():
        _once(argv)  # warm the file cache
    for _ in range(runs):
        for name, argv in COMMANDS.items():
            times[name].append(_once(argv))
    return times


def run() -> str:
    times = measure()
    names = list(COMMANDS)
    rows = []
    for name in names:
        wall = statistics.median(t[0] for t in times[name])
        cpu = statistics.median(t[1] for t in times[name])
        rows.append(f"| {name} | {wall * 1000:.0f} | {cpu * 1000:.0f} |")
    help_runs, pass_runs, duck_runs = (times[n] for n in names)

    def ratio(base: list[tuple[float, float]], i: int) -> float:
        return statistics.median(a[i] / b[i] for a, b in zip(help_runs, base, strict=True))

    return (
        "## CLI start-up\n\n"
        f"Command: `python -m bench.run cli_startup`. Machine: {machine()}.\n"
        f"{RUNS} runs of each, interleaved; medians.\n\n"
        "| command | wall (ms) | CPU (ms) |\n|---|---|---|\n" + "\n".join(rows) + "\n\n"
        f"`puente --help` / `python -c pass`: {ratio(pass_runs, 0):.2f}x wall, "
        f"{ratio(pass_runs, 1):.2f}x CPU.\n"
        f'`puente --help` / `python -c "import duckdb"`: {ratio(duck_runs, 0):.2f}x wall, '
        f"{ratio(duck_runs, 1):.2f}x CPU.\n"
        "Target: `puente --help` under 0.5 s (it loads typer and the command modules only;\n"
        "tests/cli/test_main.py checks that no store, web app, HTTP client or rich is imported).\n"
    )
