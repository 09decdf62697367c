"""nomenklatura's logic-v2 on the same dev-set names, for the speed comparison in
`make bench`: each query scored against 20 candidates (the list entries closest by
rapidfuzz token_set_ratio, as in run_anchors.py); prints JSON with queries per CPU second
on this one core, scoring alone and with that retrieval.

    taskset -c 0 var/bench/anchor-venv/bin/python bench/sanctions/speed_anchor.py DEVSET_DIR N
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lists import load_2026
from nomenklatura.matching import get_algorithm
from run_anchors import Blocker, entity, query_entity


def main() -> None:
    devset, count = Path(sys.argv[1]), int(sys.argv[2])
    with (devset / "dev.jsonl").open(encoding="utf-8") as handle:
        cases = [json.loads(line) for line in handle]
    cases = [c for c in cases if c["list"] == "2026"][:count]
    entries = load_2026()
    proxies = [entity(e) for e in entries]
    blocker = Blocker(entries)
    algo = get_algorithm("logic-v2")
    config = algo.default_config()
    algo.compare(query_entity({"id": "w", "name": "warm up"}), proxies[0], config)
    cpu = time.process_time()
    blocks = blocker.candidates([c["name"] for c in cases])
    retrieval = time.process_time() - cpu
    cpu = time.process_time()
    for case, block in zip(cases, blocks, strict=True):
        q = query_entity(case)
        for i in block:
            algo.compare(q, proxies[i], config)
    scoring = time.process_time() - cpu
    print(
        json.dumps(
            {
                "queries": len(cases),
                "logic_v2_qps_scoring_cpu": round(len(cases) / scoring, 1),
                "logic_v2_qps_with_retrieval_cpu": round(len(cases) / (scoring + retrieval), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
