#!/usr/bin/env bash
# The sanctions screening benchmark, all systems in one run:
#   bench/sanctions/run.sh            (from anywhere; paths are the repository's)
# Uses the app venv (PY, default .venv/bin/python) and a separate venv with nomenklatura and
# rapidfuzz for the anchors (ANCHOR_PY, default var/bench/anchor-venv/bin/python, created on
# first use: nomenklatura pins many packages, so it never goes into the app's venv).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
ANCHOR_VENV=var/bench/anchor-venv
ANCHOR_PY=${ANCHOR_PY:-$ANCHOR_VENV/bin/python}
if [ ! -x "$ANCHOR_PY" ]; then
  python3 -m venv "$ANCHOR_VENV"
  "$ANCHOR_VENV/bin/pip" install -q "nomenklatura==4.17.4" rapidfuzz
  ANCHOR_PY=$ANCHOR_VENV/bin/python
fi
OUT=bench/sanctions/out
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$PY" bench/sanctions/make_devset.py --out "$OUT"
PYTHONPATH=src taskset -c 0 "$PY" bench/sanctions/run_puente.py --out "$OUT"
"$ANCHOR_PY" bench/sanctions/run_anchors.py --out "$OUT"
"$PY" bench/sanctions/evaluate.py --out "$OUT"
echo "report: $OUT/report.md (copy the tables into bench/RESULTS.md, section Sanctions screening)"
