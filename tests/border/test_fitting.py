"""The forecast is fitted when the waits change and kept in the store, so a traveller's request
never waits for a fit: the kept coefficients give the same forecast as a fresh fit."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from puente.border import fitting, forecast
from puente.errors import NotFound
from puente.store import Store
from tests.border.test_forecast import _series
from tests.border.waits_support import record_live_series

KEY = ("2504", "San Ysidro", "passenger", "general")


def _record(store: Store, weeks: int = 16) -> datetime:
    """A synthetic hourly series polled into live_waits (times in the port's local zone)."""
    return record_live_series(store, _series(weeks=weeks), KEY)


def test_a_refit_keeps_models_that_forecast_like_a_fresh_fit(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    last = _record(store)
    now = last + timedelta(minutes=30)
    with store.read() as cur:
        fresh = forecast.forecast(cur, "2504", "passenger", "general", now=now)
    assert fresh["fitted_at"] is None  # nothing kept yet: fitted for this request
    assert fitting.refit(store) == {"fitted": 1, "too_short": 0}

    def no_fitting(*_: object) -> None:
        raise AssertionError("a request fitted a model")

    monkeypatch.setattr(forecast, "fit", no_fitting)
    monkeypatch.setattr(forecast, "backtest", no_fitting)
    with store.read() as cur:
        kept = forecast.forecast(cur, "2504", "passenger", "general", now=now)
    assert kept["fitted_at"] is not None
    assert [p["minutes"] for p in kept["rows"]] == [p["minutes"] for p in fresh["rows"]]
    assert kept["backtest"]["holdout"] == fresh["backtest"]["holdout"]


def test_a_new_waits_version_refits_and_a_poll_refits_only_aged_fits(store: Store) -> None:
    _record(store)
    fitting.after_load(store, "border-crossings", 1)  # not waits data: nothing fitted
    with store.read() as cur:
        assert fitting.load_fitted(cur, KEY) is None
    fitting.after_load(store, "observed-waits", 1)
    with store.read() as cur:
        first = fitting.load_fitted(cur, KEY)
    assert first is not None
    assert fitting.after_poll(store, "result") == "result"
    with store.read() as cur:
        again = fitting.load_fitted(cur, KEY)
    assert again is not None
    assert again.fitted_at == first.fitted_at  # fitted minutes ago: not fitted again


def test_a_short_series_is_left_unfitted(store: Store) -> None:
    _record(store, weeks=2)
    assert fitting.refit(store) == {"fitted": 0, "too_short": 1}


def test_a_time_out_of_reach_names_no_forecast(store: Store) -> None:
    """A trained series: the hour asked for is forecast; an hour gone by, or more than a
    week ahead, is a NotFound that says which (the API's 404), not a forecast of it."""
    last = _record(store)
    now = last + timedelta(minutes=30)
    ahead = now + timedelta(hours=5)
    with store.read() as cur:
        one = forecast.forecast(cur, "2504", "passenger", "general", at=ahead, now=now)
        assert [p["at"] for p in one["rows"]] == [
            ahead.replace(minute=0, second=0, microsecond=0).isoformat()
        ]
        for at, why in [
            (now - timedelta(hours=2), "in the past"),
            (now - timedelta(days=400), "in the past"),
            (now + timedelta(hours=forecast.MAX_AHEAD_HOURS + 2), "hours ahead"),
        ]:
            with pytest.raises(NotFound, match=why):
                forecast.forecast(cur, "2504", "passenger", "general", at=at, now=now)
