"""Screening speed, in one run beside its baselines (`make bench`, or
`python -m bench.run speed`):

- cold `puente screen NAME` without a server, against `python -c "import duckdb"`;
- `puente screen ""` (refused before any index is loaded);
- the index kept in the store, loaded by a new process, against building it from the list;
- screening throughput on one core (taskset -c 0) for the dev set's 2026 names, beside
  nomenklatura's logic-v2 on the same names (in its own venv, built as run.sh builds it;
  BENCH_INSTALL_ANCHOR=0 skips installing it when it is missing).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import ROOT, WORK, machine, mirror

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import open_store

HERE = Path(__file__).resolve().parent
ANCHOR_VENV = WORK / "anchor-venv"
ANCHOR_QUERIES = 300
NAME = "Joaquin Guzman Loera"


def _wall(cmd: list[str], env: dict[str, str], repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, check=False)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def _pinned(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    prefix = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    done = subprocess.run(
        prefix + cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _anchor_python() -> Path | None:
    """The anchor venv's python with nomenklatura importable (made as run.sh makes it), or
    None if it cannot be made here (then the section says so)."""
    python = ANCHOR_VENV / "bin" / "python"
    check = [str(python), "-c", "import nomenklatura.matching"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    if os.environ.get("BENCH_INSTALL_ANCHOR", "1") == "0":
        return None
    try:
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(ANCHOR_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "nomenklatura==4.17.4", "rapidfuzz"],
            check=True,
            timeout=1800,
        )
    except (subprocess.SubprocessError, OSError):
        return None
    return python if subprocess.run(check, capture_output=True).returncode == 0 else None


def run() -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    db = WORK / "screen-speed.duckdb"
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    store = open_store(db)
    started = time.perf_counter()
    ingest_source(store, get_source("ofac-sdn"), mirror=mirror())
    ingest_s = time.perf_counter() - started
    store.close()
    devset = WORK / "sanctions-devset"
    if not (devset / "dev.jsonl").exists():
        subprocess.run(
            [sys.executable, str(HERE / "make_devset.py"), "--out", str(devset)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    # As bench/cli_startup.py: without PYTHONDONTWRITEBYTECODE (which this environment sets),
    # so that the sources are compiled once, as on a user's machine, not on every run.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"PUENTE_DB": str(db), "PYTHONPATH": str(ROOT / "src")}
    python = str(Path(sys.executable))
    puente = str(Path(sys.executable).with_name("puente"))
    _wall([puente, "screen", NAME], env, repeat=1)  # writes the bytecode caches
    duckdb_s = _wall([python, "-c", "import duckdb"], env)
    screen_s = _wall([puente, "screen", NAME], env)
    empty_s = _wall([puente, "screen", ""], env)
    ours = _pinned([python, str(HERE / "speed_puente.py"), str(db), str(devset)], env)
    anchor_py = _anchor_python()
    theirs = (
        _pinned(
            [str(anchor_py), str(HERE / "speed_anchor.py"), str(devset), str(ANCHOR_QUERIES)], env
        )
        if anchor_py
        else {}
    )
    ratio = screen_s / duckdb_s
    lines = [
        "## Sanctions screening speed",
        "",
        "Command: `make bench` (`python -m bench.run speed`: bench/sanctions/speed.py). "
        f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the end of the run "
        "(the machine is shared: wall times include other jobs' slices; throughput is per CPU "
        "second of one process pinned to one core). List: `ofac-sdn` from the mirror (2026, "
        "19,249 entries, 39,151 names), loaded into a fresh store, which builds and keeps its "
        "screening index.",
        "",
        "| what | value | baseline in the same run | ratio |",
        "|---|---|---|---|",
        f'| cold `puente screen "{NAME}"` (new process, no server; median of 3) | '
        f'{screen_s:.2f} s | `python -c "import duckdb"`: {duckdb_s:.2f} s | '
        f"{ratio:.2f}x (target at most 3x) |",
        f'| `puente screen ""` (refused before any index load) | {empty_s:.2f} s | '
        f"import duckdb: {duckdb_s:.2f} s | {empty_s / duckdb_s:.2f}x |",
        f"| index loaded from the store by a new process | {ours['index_load_wall_s']:.2f} s wall, "
        f"{ours['index_load_cpu_s']:.2f} s CPU | load with index build (whole ingest): "
        f"{ingest_s:.1f} s | — |",
        f"| screening, {ours['queries']:,} dev-set 2026 names, one core, first pass | "
        f"{ours['qps_cold_cpu']:,} queries/CPU s ({ours['qps_cold_wall']:,}/wall s) | "
        + (
            f"logic-v2, {theirs['queries']} names, 20 candidates each: "
            f"{theirs['logic_v2_qps_scoring_cpu']:,} (scoring only), "
            f"{theirs['logic_v2_qps_with_retrieval_cpu']:,} with its retrieval | "
            f"{ours['qps_cold_cpu'] / theirs['logic_v2_qps_with_retrieval_cpu']:.0f}x |"
            if theirs
            else "logic-v2: anchor venv not available | — |"
        ),
        f"| same names again (warm token caches) | {ours['qps_warm_cpu']:,} queries/CPU s | "
        "target 3,000 | — |",
        f"| memory: process with the index loaded / peak | {ours['rss_mb_index_loaded']} MB / "
        f"{ours['rss_mb_peak']} MB | — | — |",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(run())
