"""Freeze a slice of the international dev set for the scoring guard in `make test`.

    PYTHONPATH=src python bench/sanctions/freeze_intl_slice.py [--data DIR]

Reads DIR/intl.jsonl and DIR/intl.list.jsonl (intl_devset.py) and writes
tests/fixtures/sanctions_intlslice/: `cases.jsonl` (150 positives and 150 negatives drawn
with a fixed seed, every kind of variation kept) and `list.jsonl` (their targets, every entry
the engine returns for them, and 1,500 other entries). The floors in tests/sanctions/
screening/test_devslice.py are measured on it when it is frozen.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from puente.sanctions.records import ScreeningName, ScreeningRecord
from puente.sanctions.screening import Query, ScreeningIndex

ROOT = Path(__file__).resolve().parents[2]
SEED = 20265
CASES = 150
BACKGROUND = 1500


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT / "var" / "bench" / "compare" / "data")
    parser.add_argument(
        "--fixture", type=Path, default=ROOT / "tests" / "fixtures" / "sanctions_intlslice"
    )
    args = parser.parse_args()
    cases = [json.loads(line) for line in (args.data / "intl.jsonl").open(encoding="utf-8")]
    entries = [json.loads(line) for line in (args.data / "intl.list.jsonl").open(encoding="utf-8")]
    rng = random.Random(SEED)
    chosen = []
    for label in (1, 0):
        chosen += rng.sample([c for c in cases if c["label"] == label], CASES)
    index = ScreeningIndex.build(
        [
            ScreeningRecord(
                e["uid"],
                e["type"],
                (
                    ScreeningName(e["name"], "primary"),
                    *(ScreeningName(a, "aka") for a in e["aliases"]),
                ),
                tuple(e["programs"]),
            )
            for e in entries
        ],
        "intl",
    )
    wanted: set[str] = set()
    for case in chosen:
        wanted |= set(case["acceptable"]) | ({case["target"]} if case["target"] else set())
        found = index.screen(Query(case["name"], birth_date=case.get("birth_date")), limit=10)
        wanted |= {m.entity_id for m in found}
    others = [e for e in entries if e["uid"] not in wanted]
    wanted |= {e["uid"] for e in rng.sample(others, BACKGROUND)}
    args.fixture.mkdir(parents=True, exist_ok=True)
    keys = ("id", "name", "label", "target", "acceptable", "kinds", "birth_date")
    with (args.fixture / "cases.jsonl").open("w", encoding="utf-8") as f:
        for case in chosen:
            f.write(json.dumps({k: case.get(k) for k in keys}, ensure_ascii=False) + "\n")
    with (args.fixture / "list.jsonl").open("w", encoding="utf-8") as f:
        for e in entries:
            if e["uid"] in wanted:
                row = {k: e[k] for k in ("uid", "name", "type", "programs", "aliases")}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(chosen)} cases, {len(wanted)} list entries -> {args.fixture}")


if __name__ == "__main__":
    main()
