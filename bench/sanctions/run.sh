#!/usr/bin/env bash
# The sanctions screening benchmark, all systems in one run:
#   bench/sanctions/run.sh            (from the repository root)
# Needs the app venv (PY, default /work/main/.venv/bin/python) and a separate venv with
# nomenklatura and rapidfuzz for the anchors (ANCHOR_PY, default /work/wt/benchenv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-/work/main/.venv/bin/python}
ANCHOR_PY=${ANCHOR_PY:-/work/wt/benchenv/bin/python}
OUT=bench/sanctions/out
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$PY" bench/sanctions/make_devset.py --out "$OUT"
PYTHONPATH=src taskset -c 0 "$PY" bench/sanctions/run_puente.py --out "$OUT"
"$ANCHOR_PY" bench/sanctions/run_anchors.py --out "$OUT"
"$PY" bench/sanctions/evaluate.py --out "$OUT"
