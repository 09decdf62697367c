"""Fitting the wait forecast when the waits data changes, never when a traveller asks.

After a new version of the observed waits or CBP's averages (a post-load hook) and after a
poll of the live feed once the last fit is older than REFIT_AFTER, every series (port,
crossing, lane, lane type) is backtested and fitted, and its models are kept in the store
(`wait_forecast_models`: the coefficients as JSON, never a pickle). A forecast request then
only reads the series and the kept coefficients; see docs/decisions/0014-live-waits-and-forecast.md.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb
import numpy as np

from puente.border import forecast as fc
from puente.errors import NotFound, PuenteError
from puente.logs import get_logger
from puente.store import Store, catalog

if TYPE_CHECKING:
    from sklearn.linear_model import HuberRegressor

log = get_logger(__name__)

FIT_DATASETS = frozenset({"observed-waits", "cbp-wait-averages"})
"""A new version of these refits every series."""
REFIT_AFTER = timedelta(hours=6)
"""After a poll of the live feed, a series fitted longer ago than this is fitted again."""
Key = tuple[str, str, str, str]  # port_code, crossing, lane, lane_type
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Fitted:
    backtest: fc.Backtest
    models: fc.Models
    fitted_at: datetime


def series_keys(cur: duckdb.DuckDBPyConnection) -> list[Key]:
    parts = [
        "SELECT port_code, crossing, lane, lane_type FROM live_waits "
        "WHERE delay_minutes IS NOT NULL"
    ]
    if catalog.current_version(cur, "observed-waits") is not None:
        parts.append(
            "SELECT port_code, crossing, lane, lane_type FROM observed_waits "
            "WHERE minutes IS NOT NULL"
        )
    rows = cur.execute(f"SELECT DISTINCT * FROM ({' UNION ALL '.join(parts)}) ORDER BY ALL")
    return [(str(a), str(b), str(c), str(d)) for a, b, c, d in rows.fetchall()]


def _model_json(model: HuberRegressor) -> dict[str, Any]:
    return {
        "coef": [float(v) for v in model.coef_],
        "intercept": float(model.intercept_),
        "scale": float(model.scale_),
    }


def _model(data: dict[str, Any]) -> HuberRegressor:
    """A fitted HuberRegressor rebuilt from its kept coefficients (prediction is linear)."""
    from sklearn.linear_model import HuberRegressor

    model = HuberRegressor(**fc.MODEL_PARAMS)
    model.coef_ = np.array(data["coef"], dtype=float)
    model.intercept_ = float(data["intercept"])
    model.scale_ = float(data["scale"])
    model.n_features_in_ = len(data["coef"])
    return model


def _backtest_json(bt: fc.Backtest) -> dict[str, Any]:
    return {
        "holdout_start": bt.holdout_start.isoformat(),
        "holdout_end": bt.holdout_end.isoformat(),
        "pairs": bt.pairs,
        "model_mae": {str(k): v for k, v in bt.model_mae.items()},
        "week_ago_mae": {str(k): v for k, v in bt.week_ago_mae.items()},
        "cbp_average_mae": {str(k): v for k, v in bt.cbp_average_mae.items()},
        # Optional keys (a row kept before them is read as the best plain method, fitted):
        "weights": {str(k): list(w) for k, w in bt.weights.items()} if bt.weights else None,
        "blend_mae": {str(k): v for k, v in bt.blend_mae.items()},
        "fit_failed": bt.fit_failed,
        "weekly_median_mae": {str(k): v for k, v in bt.weekly_median_mae.items()},
    }


def _backtest(data: dict[str, Any]) -> fc.Backtest:
    def table(name: str) -> dict[int, float]:
        return {int(k): float(v) for k, v in data.get(name, {}).items()}

    bands = (
        {
            # Four weights (model, week, CBP, weekly median); three in a row kept before the
            # weekly median was weighed.
            int(k): (float(w[0]), float(w[1]), float(w[2]), float(w[3]) if len(w) > 3 else 0.0)
            for k, w in data.get("weights", {}).items()
        }
        if data.get("weights")
        else None
    )
    return fc.Backtest(
        datetime.fromisoformat(data["holdout_start"]),
        datetime.fromisoformat(data["holdout_end"]),
        int(data["pairs"]),
        table("model_mae"),
        table("week_ago_mae"),
        table("cbp_average_mae"),
        bands,
        table("blend_mae"),
        data.get("fit_failed"),
        table("weekly_median_mae"),
    )


def fit_series(store: Store, key: Key) -> bool:
    """Backtest and fit one series and keep its models (none, with the reason, when the model
    cannot be fitted: the best baseline forecasts it); False when it is too short."""
    with store.read() as cur:
        try:
            series = fc.load_series(cur, *key)
        except NotFound:
            return False
    try:
        bt, models = fc.train(series)
    except (PuenteError, ValueError) as exc:  # too few observations to hold out or fit
        log.info("forecast.not_fitted", series="/".join(key), reason=str(exc))
        return False
    if bt.fit_failed is not None:  # kept: the series is forecast by its best baseline
        log.info("forecast.fit_failed", series="/".join(key), reason=bt.fit_failed)
    elif not models:
        return False
    params = {
        "backtest": _backtest_json(bt),
        "models": {str(h): _model_json(m) for h, m in models.items()},
    }
    with store.write() as cur:
        cur.execute(
            "INSERT OR REPLACE INTO wait_forecast_models VALUES (?, ?, ?, ?, ?, ?, ?)",
            [*key, datetime.now(UTC), series.at(len(series.values) - 1), json.dumps(params)],
        )
    return True


def refit(store: Store, older_than: timedelta | None = None) -> dict[str, int]:
    """Fit every series (or only those last fitted longer ago than `older_than`)."""
    with store.read() as cur:
        keys = series_keys(cur)
        fitted = {
            (r[0], r[1], r[2], r[3]): r[4]
            for r in cur.execute(
                "SELECT port_code, crossing, lane, lane_type, fitted_at FROM wait_forecast_models"
            ).fetchall()
        }
    now = datetime.now(UTC)
    done = skipped = 0
    for key in keys:
        last = fitted.get(key)
        if older_than is not None and last is not None and now - last < older_than:
            continue
        if fit_series(store, key):
            done += 1
        else:
            skipped += 1
    log.info("forecast.refit", fitted=done, too_short=skipped)
    return {"fitted": done, "too_short": skipped}


def after_load(store: Store, dataset: str, version: int) -> None:
    """A new waits version refits the forecast."""
    after_loads(store, [(dataset, version)])


def after_loads(store: Store, loads: Sequence[tuple[str, int]]) -> None:
    """Batch post-load hook (puente.ingest.hooks): one refit for a batch of loads with new
    waits data in it, however many waits datasets it loaded (`puente ingest --all`)."""
    if any(dataset in FIT_DATASETS for dataset, _ in loads):
        refit(store)


def after_poll(store: Store, result: T) -> T:
    """After a poll of the live feed: refit the series whose fit has aged; returns the poll's
    result (so it wraps a poll call in the updater)."""
    refit(store, older_than=REFIT_AFTER)
    return result


def load_fitted(cur: duckdb.DuckDBPyConnection, key: Key) -> Fitted | None:
    row = cur.execute(
        "SELECT fitted_at, params FROM wait_forecast_models WHERE port_code = ? AND "
        "crossing = ? AND lane = ? AND lane_type = ?",
        list(key),
    ).fetchone()
    if row is None:
        return None
    params = json.loads(row[1])
    models = {int(h): _model(m) for h, m in params["models"].items()}
    return Fitted(_backtest(params["backtest"]), models, row[0])
