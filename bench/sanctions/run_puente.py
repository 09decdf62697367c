"""Screen the dev set with Puente's engine; write scores and timings.

    PYTHONPATH=src taskset -c 0 .venv/bin/python bench/sanctions/run_puente.py

Writes out/puente.<split>.jsonl (per case: the entities returned with their scores) and
out/puente.timing.json (index build seconds, batch throughput on this one core, peak RSS).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lists import load_2021, load_2026

from puente.countries import country_code
from puente.sanctions.records import ScreeningName, ScreeningRecord
from puente.sanctions.screening import Query, ScreeningIndex

# An engine from before nationalities were kept apart (the --base of compare_engines.py) has
# no such field; it is given them only when it has.
_NATIONALITIES = "nationalities" in ScreeningRecord.__dataclass_fields__


def records(entries: list[dict]) -> list[ScreeningRecord]:
    out = []
    for e in entries:
        extra = {}
        if _NATIONALITIES:
            codes = (country_code(x) for x in e.get("nationalities", ()))
            extra["nationalities"] = tuple(c for c in codes if c)
        names = (
            ScreeningName(e["name"], "primary"),
            *(ScreeningName(a, "aka") for a in e["aliases"]),
        )
        out.append(
            ScreeningRecord(
                entity_id=e["uid"],
                entity_type=e["type"],
                names=names,
                programs=tuple(e["programs"]),
                birth_dates=tuple(e["dobs"]),
                countries=tuple(c for c in (country_code(x) for x in e["countries"]) if c),
                id_numbers=tuple(e["ids"]),
                **extra,
            )
        )
    return out


def query(case: dict) -> Query:
    return Query(
        name=case["name"],
        entity_type=case.get("type"),
        birth_date=case.get("birth_date"),
        country=case.get("country"),
        id_number=case.get("id_number"),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    entries26 = records(load_2026())
    t0, c0 = time.perf_counter(), time.process_time()
    index26 = ScreeningIndex.build(entries26, "ofac-sdn 2026-08-20")
    build26, build26_cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_after_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    index21 = ScreeningIndex.build(records(load_2021()), "ofac-sdn 2021-07")
    timing: dict[str, object] = {
        "build_seconds_2026": round(build26, 2),
        "build_cpu_seconds_2026": round(build26_cpu, 2),
        "names_2026": len(index26.names.names),
        "entities_2026": len(index26),
        "rss_mb_after_2026_build": round(rss_after_build),
    }
    for split in ("dev", "heldout"):
        cases = [json.loads(line) for line in (args.out / f"{split}.jsonl").open()]
        results = {}
        for list_name, index in (("2026", index26), ("2021", index21)):
            batch = [c for c in cases if c["list"] == list_name]
            queries = [query(c) for c in batch]
            # Throughput per CPU second of this one process (one core): wall time on a shared
            # machine also counts other jobs' time slices; both are reported.
            t, c = time.perf_counter(), time.process_time()
            answers = index.screen_many(queries, limit=10)
            wall, cpu = time.perf_counter() - t, time.process_time() - c
            timing[f"qps_{split}_{list_name}_cold_cpu"] = round(len(batch) / cpu)
            timing[f"qps_{split}_{list_name}_cold_wall"] = round(len(batch) / wall)
            c = time.process_time()
            index.screen_many(queries, limit=10)
            timing[f"qps_{split}_{list_name}_warm_cpu"] = round(
                len(batch) / (time.process_time() - c)
            )
            for case, answer in zip(batch, answers, strict=True):
                if isinstance(answer, Exception):
                    results[case["id"]] = {"error": str(answer), "matches": []}
                else:
                    results[case["id"]] = {
                        "matches": [
                            {
                                "uid": m.entity_id,
                                "score": m.score,
                                "name": m.name,
                                "explanation": m.explanation,
                            }
                            for m in answer
                        ]
                    }
        with (args.out / f"puente.{split}.jsonl").open("w", encoding="utf-8") as f:
            for case in cases:
                f.write(
                    json.dumps({"id": case["id"], **results[case["id"]]}, ensure_ascii=False) + "\n"
                )
    timing["rss_mb_peak"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    (args.out / "puente.timing.json").write_text(json.dumps(timing, indent=1))
    print(json.dumps(timing, indent=1))


if __name__ == "__main__":
    main()
