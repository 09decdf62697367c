"""Freeze a slice of the dev set for the scoring guard in `make test`.

    python bench/sanctions/freeze_slice.py [--out DIR] [--fixture DIR]

Reads the dev cases (`make_devset.py` output in DIR) and Puente's answers to them
(`run_puente.py` output), and writes tests/fixtures/sanctions_devslice/: `cases.jsonl` (400
cases of the 2026 list, half positives, drawn with a fixed seed) and `list.jsonl` (the list
entries these cases are about: every target, every entity Puente returned for them, and 1,500
other entries drawn with the same seed, so that common names keep weighing little). Run it
again only when the dev set itself changes; the floors in tests/sanctions/screening/
test_devslice.py are then measured again.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lists import load_2026

ROOT = Path(__file__).resolve().parents[2]
SEED = 20263
CASES = 200
"""Positives and negatives each."""
BACKGROUND = 1500


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument(
        "--fixture", type=Path, default=ROOT / "tests" / "fixtures" / "sanctions_devslice"
    )
    args = parser.parse_args()
    cases = [json.loads(line) for line in (args.out / "dev.jsonl").open(encoding="utf-8")]
    answers = {
        r["id"]: r for r in map(json.loads, (args.out / "puente.dev.jsonl").open(encoding="utf-8"))
    }
    rng = random.Random(SEED)
    chosen = []
    for label in (1, 0):
        pool = [c for c in cases if c["list"] == "2026" and c["label"] == label]
        chosen += rng.sample(pool, CASES)
    wanted: set[str] = set()
    for case in chosen:
        wanted |= set(case["acceptable"]) | ({case["target"]} if case["target"] else set())
        wanted |= {m["uid"] for m in answers[case["id"]]["matches"]}
    entries = load_2026()
    others = [e for e in entries if e["uid"] not in wanted]
    wanted |= {e["uid"] for e in rng.sample(others, BACKGROUND)}
    kept = [e for e in entries if e["uid"] in wanted]
    args.fixture.mkdir(parents=True, exist_ok=True)
    keys = ("id", "name", "label", "target", "acceptable", "type")
    with (args.fixture / "cases.jsonl").open("w", encoding="utf-8") as f:
        for case in chosen:
            f.write(json.dumps({k: case.get(k) for k in keys}, ensure_ascii=False) + "\n")
    with (args.fixture / "list.jsonl").open("w", encoding="utf-8") as f:
        for entry in kept:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    print(f"{len(chosen)} cases, {len(kept)} list entries -> {args.fixture}")


if __name__ == "__main__":
    main()
