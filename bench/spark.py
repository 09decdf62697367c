"""Spark `local[2]` against the in-process engine on one customer file, in one run.

    python -m bench.run spark       (PUENTE_BENCH_SPARK_ROWS=200000 by default)

The list is the real 2026 `ofac-sdn` from the mirror; the file is customers from
bench/jobs.py (Mexican and U.S. people and companies, one in fifty a listed name). The
in-process engine is `batch.screen_batch` (what `puente screen --file` runs for a small file,
audited per 1,000 rows); Spark is `puente.sanctions.spark.screen_file` on local[2]. Reported:
the throughput of each and their ratio, Spark's start-up cost (session start, and the
the executors' first-run overhead), and the projection for 10^8 rows on 64 cores.
"""

from __future__ import annotations

import os
import sys
import time

from bench.common import WORK, machine, mirror
from bench.jobs import customers
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.sanctions import batch
from puente.sanctions import spark as spark_engine
from puente.sanctions.screener import screening_index
from puente.store import open_store

ROWS = int(os.environ.get("PUENTE_BENCH_SPARK_ROWS", "200000"))
# PUENTE_BENCH_SPARK_WARM=0 skips the second (warm-session) run, for long files: the
# projection then uses the first run's rate, which includes the executors' start.
WARM = os.environ.get("PUENTE_BENCH_SPARK_WARM", "1") != "0"
TARGET_ROWS = 10**8
TARGET_CORES = 64


def run() -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    db = WORK / "spark.duckdb"
    db.unlink(missing_ok=True)
    source, out = WORK / "spark-customers.csv", WORK / "spark-results.csv"
    source.write_bytes(customers(ROWS))
    store = open_store(db)
    try:
        ingest_source(store, get_source("ofac-sdn"), mirror=mirror())
        started = time.perf_counter()
        screening_index(store)
        index_s = time.perf_counter() - started

        parsed = batch.parse_csv(batch.decode_csv(source.read_bytes()))
        started = time.perf_counter()
        here_rows = list(batch.screen_batch(store, parsed, 0.85, "user:bench", "cli"))
        here_s = time.perf_counter() - started

        started = time.perf_counter()
        with spark_engine.session("local[2]") as session:
            startup_s = time.perf_counter() - started
            started = time.perf_counter()
            done = spark_engine.screen_file(store, session, source, out, 0.85, "user:bench")
            spark_s = time.perf_counter() - started
            # A second run on the warm session: the executors hold the index already.
            warm_s = spark_s
            if WARM:
                started = time.perf_counter()
                spark_engine.screen_file(store, session, source, out, 0.85, "user:bench")
                warm_s = time.perf_counter() - started
    finally:
        store.close()
    same = out.read_bytes() == b"".join(t.encode() for t in batch.rows_to_csv(here_rows))
    here_rate, cold_rate, warm_rate = ROWS / here_s, ROWS / spark_s, ROWS / warm_s
    per_core = warm_rate / 2
    build_s = max(spark_s - warm_s, 0.0)
    screen_s = TARGET_ROWS / (per_core * TARGET_CORES)
    projected = startup_s + build_s + screen_s
    warm_row = (
        f"| Spark local[2], warm session | {warm_s:.1f} | {warm_rate:,.0f} "
        f"| {warm_rate / here_rate:.2f}x |\n"
        if WARM
        else "| Spark local[2], warm session | not run (PUENTE_BENCH_SPARK_WARM=0): the "
        "projection uses the first run's rate | | |\n"
    )
    return f"""## Spark batch screening

`python -m bench.run spark` (PUENTE_BENCH_SPARK_ROWS={ROWS}); machine: {machine()}; the real
2026 `ofac-sdn` list; {ROWS:,} customers (bench/jobs.py). Shared machine: other work was
running, so absolute times are loose; the ratios were taken in the same run.

| engine | seconds | rows/s | ratio |
|---|---:|---:|---:|
| in-process (`batch.screen_batch`, index loaded in {index_s:.1f} s) | {here_s:.1f} | {here_rate:,.0f} | 1.00x |
| Spark local[2], first run (executors load the index) | {spark_s:.1f} | {cold_rate:,.0f} | {cold_rate / here_rate:.2f}x |
{warm_row}
Spark start-up: session {startup_s:.1f} s; first-run overhead (Python workers start and
load the broadcast index) about {build_s:.1f} s (first run minus warm run; 0 when the warm run is skipped). Results identical to the in-process engine's
CSV, byte for byte: {"yes" if same else "NO"} ({done.rows:,} rows, {done.match_rows:,} matches).

Projection for {TARGET_ROWS:,} rows on {TARGET_CORES} cores, assuming the per-core rate of
local[2] holds (no shared-machine contention, the list broadcast once per executor):
per core {warm_rate:,.0f} / 2 = {per_core:,.0f} rows/s; {TARGET_ROWS:,} / ({per_core:,.0f} x
{TARGET_CORES}) = {screen_s:,.0f} s of screening, + {startup_s:.0f} s start-up + {build_s:.0f} s
first-run overhead = {projected:,.0f} s, about {projected / 60:.0f} minutes (the driver writes the
results file at the end of the pipeline; at 10^8 rows that stream, about 10 GB of CSV, adds
its write time).
"""


if __name__ == "__main__":
    sys.stdout.write(run())
