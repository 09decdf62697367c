"""The forecast's backtest machinery on a series with a weekly rhythm and persistent swings:
the model must beat both baselines, and its settings are pinned."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from numpy.typing import NDArray
from sklearn.linear_model import HuberRegressor

from puente.border import forecast
from puente.border.forecast import Series, backtest, design, examples, fit, parse_at
from puente.errors import InvalidInput


def _series(weeks: int = 16, seed: int = 1, start: datetime | None = None) -> Series:
    rng = np.random.default_rng(seed)
    hours = np.arange(weeks * 168)
    weekly = 40 + 30 * np.sin(2 * np.pi * (hours % 24) / 24) + 10 * ((hours // 24) % 7 >= 5)
    swing = np.zeros(len(hours))
    for k in range(1, len(hours)):  # a persistent deviation: what the last hour tells
        swing[k] = 0.9 * swing[k - 1] + rng.normal(0, 6)
    values = np.maximum(0, weekly + swing)
    values[rng.random(len(values)) < 0.1] = np.nan  # gaps, as in real captures
    averages = {(m, d, h): 45.0 for m in range(1, 13) for d in range(7) for h in range(24)}
    return Series(start or datetime(2026, 1, 5), values, averages)


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


# Each crosses a DST change of its zone (8 March, 1 November 2026) and a month's end; one starts
# at half past, one is in local time with no zone (as load_series gives), one in UTC.
DST_STARTS = [
    datetime(2026, 2, 23, 7, 30, tzinfo=ZoneInfo("America/Los_Angeles")),
    datetime(2026, 10, 5, 23),
    datetime(2026, 10, 26, 1, tzinfo=ZoneInfo("America/Denver")),
]


def _uneven(start: datetime) -> Series:
    """A series whose CBP averages differ for every month, weekday and hour, with some
    missing (CBP's table has closed hours)."""
    series = _series(weeks=16, seed=3, start=start)
    averages = {
        (m, d, h): 10.0 + m + 3 * d + 0.5 * h
        for m in range(1, 13)
        for d in range(7)
        for h in range(24)
        if (m + d + h) % 5
    }
    return Series(series.start, series.values, averages)


def _one_by_one(
    self: Series, k: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """The element-wise definition: Series.at and Series.cbp, hour by hour."""
    moments = [self.at(int(i)) for i in k]
    return (
        np.array([m.hour for m in moments], dtype=float),
        np.array([m.weekday() for m in moments], dtype=float),
        np.array([self.cbp(int(i)) for i in k], dtype=float),
    )


@pytest.mark.parametrize("start", DST_STARTS, ids=str)
def test_the_calendar_is_the_clock_hour_by_hour(start: datetime) -> None:
    series = _uneven(start)
    k = np.arange(len(series.values))
    for fast, slow in zip(series.calendar(k), _one_by_one(series, k), strict=True):
        np.testing.assert_array_equal(fast, slow)  # NaN where CBP has no average
    assert np.isnan(series.calendar(k)[2]).any()


@pytest.mark.parametrize("start", DST_STARTS, ids=str)
def test_examples_and_models_are_those_of_the_hour_by_hour_features(
    start: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    series = _uneven(start)
    first, last = 3 * 168, 14 * 168
    x, y, hs = examples(series, first, last)
    with monkeypatch.context() as patch:
        patch.setattr(Series, "calendar", _one_by_one)
        x_slow, y_slow, hs_slow = examples(series, first, last)
    np.testing.assert_array_equal(x, x_slow)
    np.testing.assert_array_equal(y, y_slow)
    assert hs == hs_slow
    assert np.isnan(x[:, 7]).any()
    assert not np.isnan(y).any()
    models = fit(x, y, hs)
    assert set(models) == {0, *forecast.HORIZONS}
    for h, model in models.items():
        rows = np.array(hs_slow) == h
        alone = HuberRegressor(**forecast.MODEL_PARAMS).fit(design(x_slow[rows]), y_slow[rows])
        np.testing.assert_array_equal(model.coef_, alone.coef_)  # the same to the last bit
        assert model.intercept_ == alone.intercept_
