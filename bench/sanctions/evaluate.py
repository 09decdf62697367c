"""Score the systems' answers on the dev set: precision, recall, F1, false-alert rate.

    python bench/sanctions/evaluate.py [--out DIR]

Counting is per alert, as a reviewer sees it: a case alerts if any entity scores at or above
the threshold. A positive case is a true positive if its target (or a homonym of the same
name on the list) is among the alerted entities; an alert on other entities only is a false
positive. A negative case that alerts is a false positive (a false alert). Also reported:
strict pair precision (every alerted entity that is not the target or a homonym counts as a
false positive), and each system's best threshold on `dev` applied unchanged to `heldout`.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

SYSTEMS = {"puente": 0.8, "logic-v2": 0.7, "ofac": 0.7}
"""System -> its default threshold (yente's default for the anchors)."""


def load(path: Path) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, path.open(encoding="utf-8"))}


def metrics(cases: list[dict], answers: dict[str, dict], threshold: float) -> dict[str, float]:
    tp = fp = fn = neg_alerts = negs = pos = 0
    pair_fp = pair_tp = 0
    for case in cases:
        matched = {m["uid"] for m in answers[case["id"]]["matches"] if m["score"] >= threshold}
        ok = set(case["acceptable"]) | ({case["target"]} if case["target"] else set())
        if case["label"]:
            pos += 1
            if case["target"] in matched or matched & ok:
                tp += 1
            else:
                fn += 1
                if matched:
                    fp += 1
        else:
            negs += 1
            if matched:
                fp += 1
                neg_alerts += 1
        pair_tp += len(matched & ok)
        pair_fp += len(matched - ok)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / pos if pos else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "false_alert_rate": neg_alerts / negs if negs else 0.0,
        "pair_precision": pair_tp / (pair_tp + pair_fp) if pair_tp + pair_fp else 1.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "positives": pos,
        "negatives": negs,
    }


def best_threshold(cases: list[dict], answers: dict[str, dict]) -> float:
    grid = [round(0.5 + 0.01 * i, 2) for i in range(50)]
    return max(grid, key=lambda t: (metrics(cases, answers, t)["f1"], -abs(t - 0.8)))


def recall_by_variation(cases: list[dict], answers: dict[str, dict], threshold: float) -> dict:
    hit: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        if not case["label"]:
            continue
        matched = {m["uid"] for m in answers[case["id"]]["matches"] if m["score"] >= threshold}
        for kind in case["variations"]:
            hit[kind][1] += 1
            hit[kind][0] += case["target"] in matched or bool(matched & set(case["acceptable"]))
    return {k: (v[0] / v[1], v[1]) for k, v in sorted(hit.items())}


def _row(name: str, split: str, subset: str, thr: float, m: dict) -> str:
    return (
        f"| {name} | {split} | {subset} | {thr:.2f} | {m['precision']:.4f} | "
        f"{m['recall']:.4f} | **{m['f1']:.4f}** | {m['false_alert_rate']:.4f} | "
        f"{m['pair_precision']:.4f} | {m['tp']}/{m['fp']}/{m['fn']} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    lines = [
        "| system | split | cases | threshold | precision | recall | F1 | false alerts "
        "on negatives | pair precision | TP/FP/FN |",
        "|" + "---|" * 10,
    ]
    breakdown: dict[str, dict] = {}
    summary: dict[str, dict] = {}
    for system, default in SYSTEMS.items():
        files = {s: args.out / f"{system}.{s}.jsonl" for s in ("dev", "heldout")}
        if not all(p.exists() for p in files.values()):
            continue
        cases = {s: [json.loads(x) for x in (args.out / f"{s}.jsonl").open()] for s in files}
        answers = {s: load(p) for s, p in files.items()}
        tuned = best_threshold(cases["dev"], answers["dev"])
        for split in ("dev", "heldout"):
            for subset, pick in (
                ("all", lambda c: True),
                ("2026 names", lambda c: c["list"] == "2026"),
                ("2021 DOB/country/ID", lambda c: c["list"] == "2021"),
            ):
                chosen = [c for c in cases[split] if pick(c)]
                m = metrics(chosen, answers[split], default)
                lines.append(_row(system, split, subset, default, m))
                summary[f"{system}/{split}/{subset}/default"] = m
            if tuned != default:
                m = metrics(cases[split], answers[split], tuned)
                lines.append(_row(f"{system} (best dev threshold)", split, "all", tuned, m))
                summary[f"{system}/{split}/all/tuned"] = m
        breakdown[system] = recall_by_variation(cases["dev"], answers["dev"], default)
    kinds = sorted({k for b in breakdown.values() for k in b})
    lines += [
        "",
        "Recall on dev positives by variation kind (default thresholds):",
        "",
        "| variation | cases | " + " | ".join(breakdown) + " |",
        "|---|---|" + "---|" * len(breakdown),
    ]
    for kind in kinds:
        n = next(b[kind][1] for b in breakdown.values() if kind in b)
        lines.append(
            f"| {kind} | {n} | "
            + " | ".join(f"{b[kind][0]:.3f}" if kind in b else "" for b in breakdown.values())
            + " |"
        )
    text = "\n".join(lines)
    (args.out / "report.md").write_text(text + "\n")
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1))
    print(text)


if __name__ == "__main__":
    main()
