"""The served forecast: a blend of the model and the baselines where that did best on the
backtest, the best baseline where the model cannot be fitted, and the answer as the API and the
CLI give it for a lane polled up to the current hour."""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from puente.api import create_app
from puente.border import fitting, forecast
from puente.border.forecast import Pairs, blend_weights
from puente.cli.main import app as cli_app
from puente.config import Settings
from puente.store import Store, open_store
from tests.border.test_forecast import _series
from tests.border.waits_support import ending_now, load_waits_fixture, record_live_series

PASSENGER = ("2504", "San Ysidro", "passenger", "general")
PED_WEST = ("2504", "San Ysidro - PedWest", "pedestrian", "ready")


def _pairs(model: np.ndarray, week: np.ndarray, far: np.ndarray, actual: np.ndarray) -> Pairs:
    """Scored pairs of one horizon: CBP's average and the weekly median are both `far`."""
    return {1: [np.column_stack([model, week, far, far, actual])]}


def test_the_blend_weighs_two_forecasts_that_err_apart() -> None:
    rng = np.random.default_rng(5)
    actual = rng.uniform(0, 60, 2000)
    # Two forecasts each off by 6 minutes, in directions that do not go together: their mean
    # is off by less. CBP's average and the weekly median are far off.
    model = actual + rng.choice([-6.0, 6.0], 2000)
    week = actual + rng.choice([-6.0, 6.0], 2000)
    cbp = actual + 30
    weights = blend_weights(_pairs(model, week, cbp, actual), (1,))
    assert 0.3 <= weights[0] <= 0.7
    assert weights[2] == weights[3] == 0
    assert weights[0] + weights[1] == 1
    blend = weights[0] * model + weights[1] * week
    assert np.mean(np.abs(blend - actual)) < 0.7 * min(6, np.mean(np.abs(week - actual)))
    # Where last week's hour is exact, nothing is mixed into it.
    assert blend_weights(_pairs(model, actual, cbp, actual), (1,)) == (0.0, 1.0, 0.0, 0.0)


def _constant_lane(weeks: int = 16, seed: int = 0) -> np.ndarray:
    """Shaped like PedWest's Ready lane: the same few minutes every hour (the model's fit
    does not converge on it), with gaps."""
    rng = np.random.default_rng(seed)
    values = np.full(weeks * 168, 8.0)
    values[rng.random(len(values)) < 0.3] = np.nan
    return values


def test_a_series_the_model_cannot_fit_is_forecast_by_its_best_baseline(
    store: Store, tmp_path: Path
) -> None:
    series = ending_now(_constant_lane())
    x, y, hs = forecast.train_window(series)
    with pytest.raises(forecast.FitFailed, match="convergence"):  # the premise
        forecast.fit(x, y, hs)
    load_waits_fixture(store, tmp_path / "mirror")  # the port page needs CBP's averages
    last = record_live_series(store, series, PED_WEST)
    fitting.refit(store)
    with store.read() as cur:
        assert fitting.load_fitted(cur, PED_WEST) is not None  # kept, not skipped
    with store.read() as cur:
        kept = fitting.load_fitted(cur, PED_WEST)
        answer = forecast.forecast(
            cur, "2504", "pedestrian", "ready", PED_WEST[1], now=last + timedelta(minutes=20)
        )
    assert kept is not None
    assert kept.models == {}
    assert "convergence" in (kept.backtest.fit_failed or "")
    assert kept.backtest.model_mae == {}
    assert kept.backtest.week_ago_mae[1] == 0  # no CBP averages here: last week it is
    assert answer["method"] == "same_hour_last_week"
    assert "could not be fitted" in answer["model"]
    assert answer["backtest"]["fit_failed"] == kept.backtest.fit_failed
    assert answer["rows"], "no hour forecast"
    for row in answer["rows"]:
        assert (row["minutes"], row["method"]) == (8, "same hour one week earlier")
        assert row["expected_error_minutes"] == 0
    # The API and the port page say the same (the model has no backtest error to show).
    app = create_app(Settings(db=tmp_path / "x.duckdb"), store=store)
    with TestClient(app) as client:
        api = client.get(
            "/api/border/waits/2504/forecast", params={"lane": "pedestrian", "type": "ready"}
        )
        page = client.get("/border/waits/2504", params={"lane": "pedestrian", "type": "ready"})
    assert api.status_code == 200, api.text
    assert api.json()["method"] == "same_hour_last_week"
    assert api.json()["backtest"]["mae_next_hours"]["model"] is None
    assert page.status_code == 200
    assert "the model could not be fitted on this lane" in page.text


def test_api_forecast_for_the_next_hours_and_a_chosen_time(store: Store, tmp_path: Path) -> None:
    series = ending_now(_series().values)
    last = record_live_series(store, series, PASSENGER)
    app = create_app(Settings(db=tmp_path / "x.duckdb"), store=store)
    chosen = (last + timedelta(hours=3)).replace(tzinfo=None)
    with TestClient(app) as client:
        ahead = client.get("/api/border/waits/2504/forecast", params={"lane": "passenger"})
        at = client.get("/api/border/waits/2504/forecast", params={"at": chosen.isoformat()})
    assert ahead.status_code == 200, ahead.text
    body = ahead.json()
    hours = [datetime.fromisoformat(r["at"]) for r in body["rows"]]
    assert len(hours) == forecast.NEXT_HOURS
    assert last < hours[0] <= last + timedelta(hours=2)
    assert all(b - a == timedelta(hours=1) for a, b in itertools.pairwise(hours))
    for row in body["rows"]:
        assert row["basis"] == "recent observation"
        assert 0 <= row["low"] <= row["minutes"] <= row["high"] < 200
        assert (row["expected_error_minutes"] or 0) > 0
        assert row["method"] in forecast.METHOD_LABELS.values()
    assert body["method"] in forecast.METHOD_LABELS
    assert body["crossing"] == "San Ysidro"
    assert at.status_code == 200, at.text
    (row,) = at.json()["rows"]
    assert datetime.fromisoformat(row["at"]) == last + timedelta(hours=3)
    assert row["basis"] == "recent observation"
    assert row["method"] in forecast.METHOD_LABELS.values()


def test_cli_forecast_at_a_chosen_time(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    store = open_store(db)
    try:
        last = record_live_series(store, ending_now(_series().values), PASSENGER)
    finally:
        store.close()
    at = (last + timedelta(hours=2)).replace(tzinfo=None).isoformat(timespec="minutes")
    args = ["--db", str(db), "border", "forecast", "2504", "--lane", "passenger", "--at", at]
    runner = CliRunner()
    shown = runner.invoke(cli_app, args, env={"COLUMNS": "200"})
    as_json = runner.invoke(cli_app, [*args, "--json"])
    assert shown.exit_code == 0, shown.output
    assert as_json.exit_code == 0, as_json.output
    (row,) = json.loads(as_json.output)["rows"]
    assert row["at"].startswith(at)
    assert "San Ysidro" in shown.output
    assert at in shown.output
    assert f"{row['low']}–{row['high']}" in shown.output
    assert "Forecast by:" in shown.output
