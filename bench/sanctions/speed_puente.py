"""Load the screening index kept in a store and screen the dev set's 2026 names with it;
print JSON (load time, queries per CPU second on this one core, cold and warm, memory).

    taskset -c 0 .venv/bin/python bench/sanctions/speed_puente.py DB DEVSET_DIR
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from puente.sanctions.screener import screening_index
from puente.sanctions.screening import Query
from puente.store import open_store


def main() -> None:
    db, devset = Path(sys.argv[1]), Path(sys.argv[2])
    cases = []
    for split in ("dev", "heldout"):
        with (devset / f"{split}.jsonl").open(encoding="utf-8") as handle:
            cases += [json.loads(line) for line in handle]
    queries = [Query(c["name"], entity_type=c.get("type")) for c in cases if c["list"] == "2026"]
    store = open_store(db)
    wall, cpu = time.perf_counter(), time.process_time()
    index, _version = screening_index(store)
    load_wall, load_cpu = time.perf_counter() - wall, time.process_time() - cpu
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out: dict[str, float] = {
        "index_load_wall_s": round(load_wall, 3),
        "index_load_cpu_s": round(load_cpu, 3),
        "queries": len(queries),
        "rss_mb_index_loaded": round(rss_loaded),
    }
    for run in ("cold", "warm"):
        wall, cpu = time.perf_counter(), time.process_time()
        index.screen_many(queries, limit=10)
        out[f"qps_{run}_cpu"] = round(len(queries) / (time.process_time() - cpu))
        out[f"qps_{run}_wall"] = round(len(queries) / (time.perf_counter() - wall))
    out["rss_mb_peak"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
