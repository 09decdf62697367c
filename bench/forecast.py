"""Wait-time forecast backtest: MAE of the served forecaster and of the model against two
baselines (the same hour one week earlier; CBP's historical average for that month, weekday
and hour) on held-out weeks of the observed San Ysidro series (`python -m bench.run
forecast`)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import machine, mirror
from puente.border import fitting, forecast
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import open_store

SERIES = [
    ("2504", "San Ysidro", "passenger", "general"),
    ("2504", "San Ysidro", "passenger", "ready"),
    ("2504", "San Ysidro", "passenger", "sentri"),
    ("2504", "San Ysidro", "pedestrian", "general"),
    ("2504", "San Ysidro", "pedestrian", "ready"),
]
NEXT = tuple(range(1, forecast.NEXT_HOURS + 1))


def _weights_text(bands: forecast.Bands) -> str:
    """The weights of each band of the next hours: "1–2 h 0.45/0.55/0/0" (model, week, CBP,
    weekly median)."""
    parts, start = [], 1
    for end in forecast.BLEND_BANDS:
        if start <= forecast.NEXT_HOURS:
            parts.append(f"{start}–{end} h " + "/".join(f"{w:g}" for w in bands[end]))
        start = end + 1
    return "; ".join(parts) + " (model/week/CBP/median)"


def run() -> str:
    data = mirror()
    lines = [
        "## Wait-time forecast",
        "",
        f"Command: `make bench` (`python -m bench.run forecast`). Machine: {machine()}.",
        "",
        f"Rolling-origin backtest: each of the last {forecast.HOLDOUT_WEEKS} weeks of the observed "
        "series (Bordify capture of CBP waits, `observed-waits`) is forecast by models fitted on "
        f"the {forecast.TRAIN_WEEKS} weeks before it; horizons 1–{forecast.NEXT_HOURS} h; "
        "MAE in minutes over the same (issue, target) pairs for all. Per series the served "
        "forecaster (weights for the model, last week's hour, CBP's average and the weekly "
        "median: of last week's hour, the hour's median over four weeks and the wait now; per band of "
        f"horizons, in steps of 1/{forecast.BLEND_STEP}) is chosen on the "
        f"{forecast.SERVED_BACKTEST_WEEKS} validation weeks before the test weeks, never on them.",
        "",
        "| crossing | lane | type | test pairs | chosen on validation | served MAE | model MAE | "
        "same hour last week | CBP average | served / best baseline |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    pooled: dict[str, list[float]] = {
        "served": [],
        "model": [],
        "same_hour_last_week": [],
        "cbp_average": [],
    }
    weights: list[int] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        for name in ("observed-waits", "cbp-wait-averages"):
            ingest_source(store, get_source(name), mirror=data)
        with store.read() as cur:
            for port, crossing, lane, lane_type in SERIES:
                series = forecast.load_series(cur, port, crossing, lane, lane_type)
                ev = forecast.evaluate(series, (*NEXT, 24))
                bt, s = ev.test, ev.test_summary(NEXT)
                best = min(s["same_hour_last_week"], s["cbp_average"])
                lines.append(
                    f"| {crossing} | {lane} | {lane_type} | {bt.pairs:,} | "
                    f"{_weights_text(ev.weights)} | {s['served']:.2f} | {s['model']:.2f} | "
                    f"{s['same_hour_last_week']:.2f} | {s['cbp_average']:.2f} | "
                    f"{s['served'] / best:.2f}x |"
                )
                for key, value in s.items():
                    pooled[key].append(value)
                weights.append(bt.pairs)
        backtest_seconds = time.perf_counter() - started
        # What `puente ingest` runs after a new version of the waits: every series of the
        # mirror backtested (SERVED_BACKTEST_WEEKS) and fitted, its models kept in the store.
        refit_started, refit_cpu = time.perf_counter(), time.process_time()
        refitted = fitting.refit(store)
        refit_wall = time.perf_counter() - refit_started
        refit_cpu = time.process_time() - refit_cpu
        store.close()
    w = np.array(weights, dtype=float)
    avg = {k: float(np.average(v, weights=w)) for k, v in pooled.items()}
    lines += [
        "",
        f"Pooled (weighted by pairs): served **{avg['served']:.2f}** min, model "
        f"{avg['model']:.2f}, same hour last week {avg['same_hour_last_week']:.2f}, CBP average "
        f"{avg['cbp_average']:.2f}; ratio served / same hour last week "
        f"**{avg['served'] / avg['same_hour_last_week']:.2f}x**, "
        f"served / CBP average **{avg['served'] / avg['cbp_average']:.2f}x** "
        "(target: below 1 for both).",
        f"Backtest time {backtest_seconds:.0f} s.",
        f"Refit of every series after a load ({refitted['fitted']} fitted, "
        f"{refitted['too_short']} too short): {refit_wall:.0f} s on the clock, "
        f"{refit_cpu:.0f} s CPU.",
        "",
    ]
    return "\n".join(lines)
