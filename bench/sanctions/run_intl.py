"""Screen the international dev set (intl_devset.py) with the engine on PYTHONPATH.

    PYTHONPATH=src python bench/sanctions/run_intl.py --data DIR --out DIR

Uses only the engine's public API, so that the same script runs against an older tree (see
compare_engines.py). Writes OUT/puente.intl.jsonl and OUT/puente.intl.timing.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from puente.sanctions.records import ScreeningName, ScreeningRecord
from puente.sanctions.screening import Query, ScreeningIndex


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    entries = [json.loads(line) for line in (args.data / "intl.list.jsonl").open(encoding="utf-8")]
    records = [
        ScreeningRecord(
            entity_id=e["uid"],
            entity_type=e["type"],
            names=(
                ScreeningName(e["name"], "primary"),
                *(ScreeningName(a, "aka") for a in e["aliases"]),
            ),
            programs=tuple(e["programs"]),
        )
        for e in entries
    ]
    c = time.process_time()
    index = ScreeningIndex.build(records, "intl")
    build_cpu = time.process_time() - c
    cases = [json.loads(line) for line in (args.data / "intl.jsonl").open(encoding="utf-8")]
    queries = [Query(x["name"], birth_date=x.get("birth_date")) for x in cases]
    c = time.process_time()
    answers = index.screen_many(queries, limit=10)
    cpu = time.process_time() - c
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "puente.intl.jsonl").open("w", encoding="utf-8") as f:
        for case, answer in zip(cases, answers, strict=True):
            matches = [] if isinstance(answer, Exception) else answer
            row = {
                "id": case["id"],
                "matches": [
                    {"uid": m.entity_id, "score": m.score, "name": m.name,
                     "explanation": m.explanation}
                    for m in matches
                ],
            }  # fmt: skip
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    timing = {"build_cpu_seconds": round(build_cpu, 2), "qps_cpu": round(len(cases) / cpu)}
    (args.out / "puente.intl.timing.json").write_text(json.dumps(timing, indent=1))
    print(json.dumps(timing))


if __name__ == "__main__":
    main()
