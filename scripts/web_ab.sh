#!/bin/bash
# The web_load mix (bench/web_load.py's round: five pages, three APIs, one POST /api/screen)
# on two versions of the code at once, interleaved, ROUNDS times: a quick before/after for one
# change, without the baseline worktree that `python -m bench.run web_load` builds.
#
#   scripts/web_ab.sh BEFORE_SRC AFTER_SRC DB [ROUNDS]
#
# BEFORE_SRC and AFTER_SRC are `src` folders (e.g. /work/main/src and ./src), run with this
# checkout's venv; each server gets its own copy of DB (a database with every dataset loaded).
set -eu
before_src=$1 after_src=$2 db=$3 rounds=${4:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
python=$here/.venv/bin/python
work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid) 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$here/var/bench"
mix=$(cd "$here" && "$python" -c "from bench.web_load import _mix_script; print(_mix_script())")
start() { # name src port
  cp "$db" "$work/$1.duckdb"
  PYTHONPATH=$2 PUENTE_RATE_LIMIT=100000000/minute PUENTE_SCREEN_RATE_LIMIT=100000000/minute \
    "$python" -m puente --db "$work/$1.duckdb" serve --port "$3" >"$work/$1.log" 2>&1 &
  echo $! >"$work/$1.pid"
  for _ in $(seq 120); do
    curl -s -o /dev/null -w '%{http_code}' "localhost:$3/" 2>/dev/null | grep -q 200 && break
    sleep 1
  done
  for path in / /border /trade /travel /sanctions /api/border/summary /api/trade/summary \
    "/api/sanctions/search?q=guzman"; do curl -s -o /dev/null "localhost:$3$path"; done
  for _ in 1 2 3; do
    curl -s -o /dev/null -XPOST "localhost:$3/api/screen" -H 'content-type: application/json' \
      -d '{"queries":[{"name":"Joaquin Guzman Loera"}]}'
  done
}
start before "$before_src" 18101
start after "$after_src" 18102
for round in $(seq "$rounds"); do
  for server in before:18101 after:18102; do
    out=$(wrk -t2 -c32 -d15s --latency -s "$mix" "http://127.0.0.1:${server#*:}")
    echo "$round ${server%:*} rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")" \
      "p50=$(awk '/ 50%/{print $2}' <<<"$out") p99=$(awk '/ 99%/{print $2}' <<<"$out")" \
      "$(grep -E 'Non-2xx|Socket' <<<"$out" | tr '\n' ' ')"
  done
done
