"""Score the dev set with OpenSanctions' nomenklatura algorithms (`logic-v2`, `ofac`).

Runs in a separate venv (nomenklatura pins many packages):

    python3 -m venv var/bench/anchor-venv
    var/bench/anchor-venv/bin/pip install nomenklatura==4.17.4 rapidfuzz  (run.sh does this)
    var/bench/anchor-venv/bin/python bench/sanctions/run_anchors.py

The anchors are given every advantage the benchmark can give them:
- list entries as FollowTheMoney entities the way OpenSanctions models them: persons named
  "Given SURNAMES" with firstName/lastName, aliases likewise, birth dates, nationality,
  ID numbers; entities as Organization (vessels, aircraft as Vessel, Airplane);
- candidates: the 20 list entities closest to the query by rapidfuzz token_set_ratio over all
  list names (a full scan: retrieval is not what is measured here) plus, for positives, the
  target entity itself (perfect retrieval recall);
- the query schema the anchor scores best with (LegalEntity when the type is unknown).
Writes out/<algorithm>.<split>.jsonl and out/anchors.timing.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np
from followthemoney import model
from nomenklatura.matching import get_algorithm
from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lists import load_2021, load_2026

ALGORITHMS = ("logic-v2", "ofac")
CANDIDATES = 20
SCHEMAS = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}


def plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).upper().split())


def _reorder(name: str) -> str:
    head, sep, tail = name.partition(",")
    return f"{tail.strip()} {head.strip()}" if sep and tail.strip() and "," not in tail else name


def entity(e: dict):  # type: ignore[no-untyped-def]
    schema = SCHEMAS.get(e["type"], "LegalEntity")
    proxy = model.make_entity(schema)
    proxy.id = e["uid"]
    person = schema == "Person"
    proxy.add("name", _reorder(e["name"]) if person else e["name"])
    if person and "," in e["name"]:
        head, _, tail = e["name"].partition(",")
        proxy.add("lastName", head.strip())
        proxy.add("firstName", tail.strip())
    for alias in e["aliases"]:
        proxy.add("alias", _reorder(alias) if person else alias)
    if person:
        for dob in e["dobs"]:
            proxy.add("birthDate", dob)
        for c in e["countries"]:
            proxy.add("nationality", c.lower())
    else:
        for c in e["countries"]:
            proxy.add("country", c.lower())
    for number in e["ids"]:
        proxy.add("idNumber", number)
    return proxy


def query_entity(case: dict):  # type: ignore[no-untyped-def]
    proxy = model.make_entity("LegalEntity" if not case.get("birth_date") else "Person")
    proxy.id = case["id"]
    proxy.add("name", case["name"])
    if case.get("birth_date"):
        proxy.add("birthDate", case["birth_date"])
    if case.get("country"):
        proxy.add("country", case["country"].lower())
    if case.get("id_number"):
        proxy.add("idNumber", case["id_number"])
    return proxy


class Blocker:
    """Neutral candidate retrieval: best token_set_ratio over every list name."""

    def __init__(self, entries: list[dict]) -> None:
        self.names: list[str] = []
        self.owner: list[int] = []
        for pos, e in enumerate(entries):
            for name in [e["name"], *e["aliases"]]:
                self.names.append(plain(name))
                self.owner.append(pos)
        self.owner_arr = np.array(self.owner)

    def candidates(self, queries: list[str]) -> list[list[int]]:
        out = []
        for start in range(0, len(queries), 256):
            chunk = [plain(q) for q in queries[start : start + 256]]
            scores = process.cdist(
                chunk, self.names, scorer=fuzz.token_set_ratio, dtype=np.uint8, workers=-1
            )
            for row in scores:
                top = np.argpartition(-row, CANDIDATES * 3)[: CANDIDATES * 3]
                top = top[np.argsort(-row[top])]
                seen: list[int] = []
                for idx in top:
                    owner = int(self.owner_arr[idx])
                    if owner not in seen:
                        seen.append(owner)
                    if len(seen) == CANDIDATES:
                        break
                out.append(seen)
        return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    lists = {"2026": load_2026(), "2021": load_2021()}
    proxies = {k: [entity(e) for e in v] for k, v in lists.items()}
    position = {k: {e["uid"]: i for i, e in enumerate(v)} for k, v in lists.items()}
    blockers = {k: Blocker(v) for k, v in lists.items()}
    algorithms = {name: get_algorithm(name) for name in ALGORITHMS}
    configs = {name: algo.default_config() for name, algo in algorithms.items()}
    for name, algo in algorithms.items():  # first call loads name data; not timed
        algo.compare(
            query_entity({"id": "w", "name": "warm up"}), proxies["2026"][0], configs[name]
        )
    timing: dict[str, float] = dict.fromkeys(ALGORITHMS, 0.0)
    compared = 0
    for split in ("dev", "heldout"):
        cases = [json.loads(x) for x in (args.out / f"{split}.jsonl").open(encoding="utf-8")]
        results: dict[str, dict[str, list]] = {name: {} for name in ALGORITHMS}
        for list_name in ("2026", "2021"):
            batch = [c for c in cases if c["list"] == list_name]
            blocks = blockers[list_name].candidates([c["name"] for c in batch])
            for case, block in zip(batch, blocks, strict=True):
                if case["target"] and position[list_name][case["target"]] not in block:
                    block = [*block, position[list_name][case["target"]]]
                q = query_entity(case)
                compared += 1
                for name, algo in algorithms.items():
                    t = time.perf_counter()
                    scored = [
                        (algo.compare(q, proxies[list_name][i], configs[name]).score, i)
                        for i in block
                    ]
                    timing[name] += time.perf_counter() - t
                    scored.sort(reverse=True)
                    results[name][case["id"]] = [
                        {"uid": lists[list_name][i]["uid"], "score": round(s, 4)}
                        for s, i in scored[:10]
                    ]
        for name in ALGORITHMS:
            with (args.out / f"{name}.{split}.jsonl").open("w", encoding="utf-8") as f:
                for case in cases:
                    f.write(
                        json.dumps({"id": case["id"], "matches": results[name][case["id"]]}) + "\n"
                    )
    report = {f"{name}_qps_scoring_only": round(compared / timing[name], 1) for name in ALGORITHMS}
    report["queries"] = compared
    report["candidates_per_query"] = CANDIDATES
    (args.out / "anchors.timing.json").write_text(json.dumps(report, indent=1))
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
