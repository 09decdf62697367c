"""Before and after, in one command: the Mexican dev sets (make_devset.py) and the
international dev set (intl_devset.py), screened by the engine of another git ref (default
`main`) and by this tree's, each pinned to one core, then evaluated side by side.

    python bench/sanctions/compare_engines.py [--base main] [--out var/bench/compare]

The base engine is the ref's `src/` extracted with `git archive` into OUT/base-src; both run
the same benchmark scripts of this tree (run_puente.py, run_intl.py). Writes OUT/report.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import metrics

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def _extract(ref: str, dest: Path) -> str:
    sha = subprocess.run(
        ["git", "rev-parse", "--short", ref], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    archive = subprocess.run(
        ["git", "archive", ref, "src"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return sha


def _run(script: str, src: Path, *args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(src)}
    cmd = ["taskset", "-c", "0", sys.executable, str(HERE / script), *args]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)


def _cases(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def _answers(path: Path) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, path.open(encoding="utf-8"))}


def _row(label: str, subset: str, m: dict) -> str:
    return (
        f"| {label} | {subset} | {m['precision']:.4f} | {m['recall']:.4f} | {m['f1']:.4f} | "
        f"{m['false_alert_rate']:.4f} | {m['tp']}/{m['fp']}/{m['fn']} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="main")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "compare")
    parser.add_argument("--skip-mexican", action="store_true")
    args = parser.parse_args()
    # Absolute: the dev splits are linked into each engine's folder by this path.
    out: Path = args.out.resolve()
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    if not (data / "dev.jsonl").exists() and not args.skip_mexican:
        subprocess.run(
            [sys.executable, str(HERE / "make_devset.py"), "--out", str(data)], check=True
        )
    subprocess.run([sys.executable, str(HERE / "intl_devset.py"), "--out", str(data)], check=True)
    base_sha = _extract(args.base, out / "base-src")
    engines = {f"before ({args.base} {base_sha})": out / "base-src" / "src", "after": ROOT / "src"}
    lines = ["| engine | cases | precision | recall | F1 | false alerts on negatives | TP/FP/FN |",
             "|---|---|---|---|---|---|---|"]  # fmt: skip
    speed: list[str] = []
    for n, (label, src) in enumerate(engines.items()):
        res = out / f"engine{n}"
        res.mkdir(exist_ok=True)
        _run("run_intl.py", src, "--data", str(data), "--out", str(res))
        intl = _cases(data / "intl.jsonl")
        answers = _answers(res / "puente.intl.jsonl")
        lines.append(_row(label, "international, all", metrics(intl, answers, 0.8)))
        for script in ("latin", "other"):
            sub = [c for c in intl if c["script"] == script]
            lines.append(_row(label, f"international, {script} script", metrics(sub, answers, 0.8)))
        t = json.loads((res / "puente.intl.timing.json").read_text())
        speed.append(f"| {label} | international | {t['qps_cpu']} | {t['build_cpu_seconds']} |")
        if args.skip_mexican:
            continue
        for split in ("dev", "heldout"):
            target = res / f"{split}.jsonl"
            if not target.exists():
                target.symlink_to(data / f"{split}.jsonl")
        _run("run_puente.py", src, "--out", str(res))
        timing = json.loads((res / "puente.timing.json").read_text())
        for split in ("dev", "heldout"):
            cases = _cases(data / f"{split}.jsonl")
            answers = _answers(res / f"puente.{split}.jsonl")
            lines.append(_row(label, f"Mexican {split}", metrics(cases, answers, 0.8)))
            speed.append(
                f"| {label} | Mexican {split} 2026 | {timing[f'qps_{split}_2026_cold_cpu']} "
                f"(warm {timing[f'qps_{split}_2026_warm_cpu']}) | {timing['build_cpu_seconds_2026']} |"
            )
    report = "\n".join(
        [
            *lines,
            "",
            "| engine | set | queries per CPU second | index build CPU s |",
            "|---|---|---|---|",
            *speed,
        ]
    )
    (out / "report.md").write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
