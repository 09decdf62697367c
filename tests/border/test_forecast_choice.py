"""Per series, the forecaster is chosen on a backtest that comes before the hours it forecasts:
on a lane where the same hour one week earlier beats the model (a short-wait lane that runs
to last week's schedule), the answer forecasts by it and says so; where the model wins, the
model forecasts."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from puente.border import fitting, forecast
from puente.border.forecast import Series, backtest, choose, evaluate
from puente.store import Store
from tests.border.test_forecast import _series
from tests.border.waits_support import record_live_series

KEY = ("2504", "San Ysidro", "pedestrian", "ready")
# 16 weeks ending early in March: the served backtest's weeks lie in February, a month of
# CBP's San Ysidro averages in the fixture (and no change of clock inside the series).
START = datetime(2025, 11, 10)


def _schedule_lane(weeks: int = 16, seed: int = 3, start: datetime = START) -> Series:
    """Shaped like San Ysidro's pedestrian Ready lane: waits of a few whole minutes that
    repeat last week's hour, except where the schedule changed (and then stays changed)."""
    rng = np.random.default_rng(seed)
    hours = np.arange(168)
    week = np.round(3 + 3 * np.sin(2 * np.pi * (hours % 24 - 8) / 24)).clip(0)
    values = []
    for _ in range(weeks):
        changed = rng.random(168) < 0.1
        week = np.where(changed, (week + rng.integers(-5, 6, 168)).clip(0), week)
        values.append(week.copy())
    y = np.concatenate(values)
    y[rng.random(len(y)) < 0.1] = np.nan  # gaps, as in real captures
    averages = {(m, d, h): 8.0 for m in range(1, 13) for d in range(7) for h in range(24)}
    return Series(start, y, averages)


def _record(store: Store, folder: Path, series: Series, key: tuple[str, str, str, str]) -> datetime:
    return record_live_series(store, series, key, folder)


def test_where_last_week_beats_the_model_it_forecasts_and_the_answer_says_so(
    store: Store, tmp_path: Path
) -> None:
    last = _record(store, tmp_path, _schedule_lane(), KEY)
    with store.read() as cur:
        series = forecast.load_series(cur, *KEY)  # as the forecast sees it, CBP's averages too
    served = backtest(series, forecast.SERVED_BACKTEST_HORIZONS, forecast.SERVED_BACKTEST_WEEKS)
    s = served.summary(tuple(range(1, forecast.NEXT_HOURS + 1)))
    assert served.pairs > 500
    assert s["same_hour_last_week"] < s["model"]  # the premise: the model loses here
    assert s["same_hour_last_week"] < s["cbp_average"]
    assert choose(served) == "same_hour_last_week"

    assert fitting.refit(store)["fitted"] == 1  # the kept models carry no choice: derived
    with store.read() as cur:
        answer = forecast.forecast(cur, "2504", "pedestrian", "ready", now=last)
    assert answer["method"] == "same_hour_last_week"
    assert "same hour one week earlier" in answer["model"]
    assert answer["backtest"]["method_mae_next_hours"] == s["same_hour_last_week"]
    assert answer["backtest"]["holdout_weeks"] == forecast.SERVED_BACKTEST_WEEKS
    zone = forecast.port_zone("2504")
    by_last_week = 0
    for row in answer["rows"]:
        hour = datetime.fromisoformat(row["at"]).astimezone(zone).replace(tzinfo=None)
        week_ago = series.values[int((hour - series.start).total_seconds() // 3600) - 168]
        if np.isnan(week_ago):  # no such hour observed: the model fills in, and says so
            assert row["method"] == "model"
        else:  # the forecast is last week's hour, as said
            assert (row["method"], row["minutes"]) == ("same hour one week earlier", week_ago)
            by_last_week += 1
    assert by_last_week >= forecast.NEXT_HOURS // 2


def test_where_the_model_wins_the_model_forecasts(store: Store, tmp_path: Path) -> None:
    series = _series(start=START)
    key = ("2504", "San Ysidro", "passenger", "general")
    last = _record(store, tmp_path, series, key)
    with store.read() as cur:
        answer = forecast.forecast(cur, "2504", "passenger", "general", now=last)
    m = answer["backtest"]["mae_next_hours"]
    assert m["model"] < min(m["same_hour_last_week"], m["cbp_average"])
    assert answer["method"] == "model"
    assert {row["method"] for row in answer["rows"]} == {"model"}
    assert answer["backtest"]["method_mae_next_hours"] == m["model"]


def test_the_choice_is_made_on_weeks_before_the_test_weeks() -> None:
    ev = evaluate(_schedule_lane(start=datetime(2026, 1, 5)), (1, 2, 3), 2, 2)
    assert ev.validation.holdout_end < ev.test.holdout_start
    assert ev.test.holdout_start - ev.validation.holdout_end == timedelta(hours=1)
    assert ev.method == choose(ev.validation, (1, 2, 3)) == "same_hour_last_week"
    s = ev.test_summary((1, 2, 3))
    assert s["served"] == s["same_hour_last_week"] < s["model"]
