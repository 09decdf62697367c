"""The forecast's backtest machinery on a series with a weekly rhythm and persistent swings:
the model must beat both baselines, and its settings are pinned."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from puente.border import forecast
from puente.border.forecast import Series, backtest, examples, parse_at
from puente.errors import InvalidInput


def _series(weeks: int = 16, seed: int = 1) -> Series:
    rng = np.random.default_rng(seed)
    hours = np.arange(weeks * 168)
    weekly = 40 + 30 * np.sin(2 * np.pi * (hours % 24) / 24) + 10 * ((hours // 24) % 7 >= 5)
    swing = np.zeros(len(hours))
    for k in range(1, len(hours)):  # a persistent deviation: what the last hour tells
        swing[k] = 0.9 * swing[k - 1] + rng.normal(0, 6)
    values = np.maximum(0, weekly + swing)
    values[rng.random(len(values)) < 0.1] = np.nan  # gaps, as in real captures
    averages = {(m, d, h): 45.0 for m in range(1, 13) for d in range(7) for h in range(24)}
    return Series(datetime(2026, 1, 5), values, averages)


def test_model_beats_both_baselines() -> None:
    bt = backtest(_series(), horizons=(1, 2, 3), weeks=2)
    s = bt.summary((1, 2, 3))
    assert bt.pairs > 500
    assert s["model"] < s["same_hour_last_week"]
    assert s["model"] < s["cbp_average"]


def test_examples_never_look_ahead() -> None:
    series = _series(weeks=4)
    x, _, horizons = examples(series, 200, 201)
    for row, h in zip(x, horizons, strict=True):
        if h:
            assert row[3] == series.values[200]  # `last` is the issue hour's value
            assert row[5] == pytest.approx(series.values[200 + h - 168], nan_ok=True)


def test_too_short_a_series_is_refused() -> None:
    with pytest.raises(InvalidInput, match="hours of observations"):
        backtest(_series(weeks=3))


def test_settings_are_pinned() -> None:
    assert forecast.NEXT_HOURS == 6
    assert forecast.HOLDOUT_WEEKS == 8
    assert forecast.TRAIN_WEEKS == 10
    assert forecast.MAX_AHEAD_HOURS == 168


@pytest.mark.parametrize("text", ["tomorrow", "2026-13-01T00:00", "7am"])
def test_bad_times_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="ISO 8601"):
        parse_at(text)
