"""Forecast of the wait at a crossing for the next hours or a chosen time, with its expected
error.

The model is scikit-learn's HuberRegressor (a linear model robust to outliers), one per
horizon, fitted on the last TRAIN_WEEKS weeks of the hourly series of one crossing, lane and
lane type: the observed waits in the store (the
Bordify capture, `observed_waits`) and the CBP live feed as polled (`live_waits`), in the port's
local time. Each training example is "standing at hour i, what is the wait at hour i + h",
with these features (all known at hour i):

| feature        | meaning                                                           |
|----------------|-------------------------------------------------------------------|
| `horizon`      | hours ahead (missing for a forecast with no recent observation)   |
| `hour`, `weekday` | of the target hour                                             |
| `last`         | the wait at hour i                                                |
| `recent`       | the mean of hours i-2 … i                                         |
| `week_ago`     | the wait at the target hour one week earlier, if known at hour i  |
| `profile`      | the mean of the same weekday-hour over the four weeks before i    |
| `cbp_average`  | CBP's historical average for the target's month, weekday and hour |
| `last_week_at_issue` | the wait one week before hour i (so "busier than last week")  |

The expected error is the mean absolute error on held-out weeks (rolling origin: each of the
last weeks forecast by a model fitted on the weeks before it), by horizon, measured as in the
backtest that compares the model with
two baselines: the same hour one week earlier, and CBP's historical average for that hour
(bench/forecast.py, bench/RESULTS.md). See docs/decisions/0014-live-waits-and-forecast.md.
"""

from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import duckdb
import numpy as np
from numpy.typing import NDArray

from puente.border.lanes import LANE_LABELS, TYPE_LABELS, check_lane, check_lane_type
from puente.border.ports import normalize_code
from puente.errors import InvalidInput, NotFound
from puente.store import catalog

if TYPE_CHECKING:  # scikit-learn is imported when a model is first fitted, not at start-up
    from sklearn.linear_model import HuberRegressor
    from threadpoolctl import ThreadpoolController

# Model and backtest settings, each pinned by a test.
HORIZONS: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 8, 12, 24, 48, 72, 120, 168)
NEXT_HOURS = 6  # "the next hours" the page, API and CLI show by default
MAX_AHEAD_HOURS = 168  # a chosen time at most one week after the last observation
HOLDOUT_WEEKS = 8  # the benchmark's rolling-origin backtest: each of the last 8 weeks
TRAIN_WEEKS = 10  # each model is fitted on the 10 weeks before the week it forecasts
SERVED_BACKTEST_WEEKS = 4  # the expected error a forecast shows: a shorter backtest
SERVED_BACKTEST_HORIZONS: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 24)
RECENT_HOURS = 6  # an observation older than this is not "recent": weekly-pattern mode
MIN_EXAMPLES = 50  # fewer examples of a horizon than this: no model for it
MODEL_PARAMS: dict[str, Any] = {"epsilon": 1.35, "max_iter": 200, "alpha": 1e-4}
_WEEK = 168
# The port's clock, from the CBP district of its crossings' BWT numbers.
_DISTRICT_ZONES = {"25": "America/Los_Angeles", "26": "America/Phoenix", "24": "America/Denver"}
_FEATURES = (
    "horizon",
    "hour",
    "weekday",
    "last",
    "recent",
    "week_ago",
    "profile",
    "cbp_average",
    "last_week_at_issue",
    "weekly_median",
)

FloatArray = NDArray[np.float64]


def parse_at(text: str | None) -> datetime | None:
    """A chosen time as given (ISO 8601; the port's local time when it has no zone)."""
    if text is None or not text.strip():
        return None
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(
            f"at={text!r} is not a time; expected ISO 8601 such as 2026-12-05T07:00"
        ) from exc


def port_zone(port_code: str) -> ZoneInfo:
    return ZoneInfo(_DISTRICT_ZONES.get(port_code[:2], "America/Chicago"))


@dataclass(frozen=True, slots=True)
class Series:
    """An hourly series in the port's local time: `values[k]` is the mean wait of hour
    `start + k` (NaN where nothing was observed)."""

    start: datetime
    values: FloatArray
    averages: dict[tuple[int, int, int], float]  # (month, weekday, hour) -> CBP minutes

    def at(self, k: int) -> datetime:
        return self.start + timedelta(hours=k)

    def cbp(self, k: int) -> float:
        moment = self.at(k)
        return self.averages.get((moment.month, moment.weekday(), moment.hour), np.nan)

    def calendar(self, k: NDArray[np.int64]) -> tuple[FloatArray, FloatArray, FloatArray]:
        """The hour, weekday and CBP average of each hour `k`, as `at` and `cbp` give them
        one by one, for the whole array at once (wall-clock arithmetic: `start + k` hours on
        the local clock, as `at` does, so a DST change shifts nothing)."""
        # The clock in microseconds since 1970-01-01 (a Thursday), floored to hours and days.
        micros = np.datetime64(self.start.replace(tzinfo=None), "us") + k.astype("m8[h]")
        hours = micros.astype("datetime64[h]").astype(np.int64)
        days = micros.astype("datetime64[D]").astype(np.int64)
        months = micros.astype("datetime64[M]").astype(np.int64) % 12 + 1
        hour = hours - days * 24
        weekday = (days + 3) % 7
        table = np.full((13, 7, 24), np.nan)
        for (month, day, hr), minutes in self.averages.items():
            if 1 <= month <= 12 and 0 <= day < 7 and 0 <= hr < 24:  # other keys match no hour
                table[month, day, hr] = minutes
        return hour.astype(float), weekday.astype(float), table[months, weekday, hour]


def _has(cur: duckdb.DuckDBPyConnection, dataset: str) -> bool:
    return catalog.current_version(cur, dataset) is not None


def load_series(
    cur: duckdb.DuckDBPyConnection, port_code: str, crossing: str, lane: str, lane_type: str
) -> Series:
    zone = port_zone(port_code).key
    parts: list[str] = []
    params: list[Any] = []
    if _has(cur, "observed-waits"):
        parts.append(
            "SELECT date_trunc('hour', observed_at) AS h, minutes FROM observed_waits "
            "WHERE port_code = ? AND crossing = ? AND lane = ? AND lane_type = ? "
            "AND minutes IS NOT NULL"
        )
        params += [port_code, crossing, lane, lane_type]
    parts.append(
        "SELECT date_trunc('hour', timezone(?, updated_at)) AS h, delay_minutes AS minutes "
        "FROM live_waits "
        "WHERE port_code = ? AND crossing = ? AND lane = ? AND lane_type = ? "
        "AND delay_minutes IS NOT NULL AND updated_at IS NOT NULL"
    )
    params += [zone, port_code, crossing, lane, lane_type]
    rows = cur.execute(
        f"SELECT h, avg(minutes) FROM ({' UNION ALL '.join(parts)}) GROUP BY h ORDER BY h",
        params,
    ).fetchall()
    averages: dict[tuple[int, int, int], float] = {}
    if _has(cur, "cbp-wait-averages"):
        for month, weekday, hour, minutes in cur.execute(
            "SELECT month, weekday, hour, avg(minutes) FROM wait_averages WHERE port_code = ? "
            "AND crossing = ? AND lane = ? AND lane_type = ? AND minutes IS NOT NULL "
            "GROUP BY ALL",
            [port_code, crossing, lane, lane_type],
        ).fetchall():
            averages[(int(month), int(weekday), int(hour))] = float(minutes)
    if not rows:
        raise NotFound(
            f"no observed waits for {crossing}, {lane} {lane_type}; load observed-waits or "
            "run `puente waits poll`"
        )
    start = rows[0][0]
    span = int((rows[-1][0] - start).total_seconds() // 3600) + 1
    values = np.full(span, np.nan)
    for moment, minutes in rows:
        values[int((moment - start).total_seconds() // 3600)] = float(minutes)
    return Series(start, values, averages)


def _features(series: Series, issue: int, target: int, horizon: float) -> list[float]:
    y = series.values
    moment = series.at(target)
    recent_ok = not np.isnan(horizon)
    last = y[issue] if recent_ok else np.nan
    window = y[max(0, issue - 2) : issue + 1] if recent_ok else np.array([np.nan])
    recent = float(np.nanmean(window)) if np.any(~np.isnan(window)) else np.nan
    week = target - _WEEK
    week_ago = y[week] if 0 <= week <= issue else np.nan
    past = [target - _WEEK * n for n in range(1, 5)]
    known = [y[p] for p in past if 0 <= p <= issue and not np.isnan(y[p])]
    if not known:  # climatology: same weekday-hour in the four weeks before the issue time
        base = issue - ((issue - target) % _WEEK)
        known = [y[p] for p in (base - _WEEK * n for n in range(4)) if 0 <= p <= issue]
        known = [v for v in known if not np.isnan(v)]
    profile = float(np.mean(known)) if known else np.nan
    weeks = [y[p] for p in past if 0 <= p <= issue and not np.isnan(y[p])]
    return [
        horizon,
        float(moment.hour),
        float(moment.weekday()),
        last,
        recent,
        week_ago,
        profile,
        series.cbp(target),
        # The issue hour a week before: with week_ago, how this week runs against the last.
        y[issue - _WEEK] if recent_ok and 0 <= issue - _WEEK < len(y) else np.nan,
        _weekly_median(
            np.array([week_ago]),
            np.array([float(np.median(weeks)) if weeks else np.nan]),
            np.array([last]),
        )[0],
    ]


def _weekly_median(week_ago: FloatArray, weeks: FloatArray, last: FloatArray) -> FloatArray:
    """The median of last week's hour, the median of the same hour over the last four weeks
    and the wait at the issue hour (those known): one week's spike does not carry over."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out: FloatArray = np.nanmedian(np.stack([week_ago, weeks, last]), axis=0)
    return out


def _shift(y: FloatArray, idx: NDArray[np.int64]) -> FloatArray:
    """y[idx], NaN where idx falls outside the series."""
    out = np.full(idx.shape, np.nan)
    ok = (idx >= 0) & (idx < len(y))
    out[ok] = y[idx[ok]]
    return out


def examples(series: Series, first: int, last: int) -> tuple[FloatArray, FloatArray, list[int]]:
    """Training/test pairs for observed issue hours first..last-1 and observed targets, one
    per horizon; horizon 24 is repeated with no recent observation (climatology mode)."""
    y = series.values
    n = len(y)
    hours, weekdays, cbp = series.calendar(np.arange(n))
    issues = np.arange(max(first, 0), min(last, n))
    issues = issues[~np.isnan(y[issues])]
    blocks: list[FloatArray] = []
    targets: list[FloatArray] = []
    horizons: list[int] = []
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            recent_all = np.nanmean(np.stack([_shift(y, issues - d) for d in range(3)]), axis=0)
            for h in HORIZONS:
                tgt = issues + h
                keep = tgt < n
                i, t = issues[keep], tgt[keep]
                observed = ~np.isnan(y[t])
                i, t = i[observed], t[observed]
                recent = recent_all[keep][observed]
                week_ago = _shift(y, t - _WEEK)
                past = np.stack([_shift(y, t - _WEEK * w) for w in range(1, 5)])
                profile = np.nanmean(past, 0)
                weeks = np.nanmedian(past, 0)
                for climatology in (False, True) if h == 24 else (False,):
                    nan = np.full(len(t), np.nan)
                    block = np.column_stack(
                        [
                            nan if climatology else np.full(len(t), float(h)),
                            hours[t],
                            weekdays[t],
                            nan if climatology else y[i],
                            nan if climatology else recent,
                            week_ago,
                            profile,
                            cbp[t],
                            nan if climatology else _shift(y, i - _WEEK),
                            _weekly_median(week_ago, weeks, nan if climatology else y[i]),
                        ]
                    )
                    blocks.append(block)
                    targets.append(y[t])
                    horizons += [0 if climatology else h] * len(t)
    if not blocks:
        return np.empty((0, len(_FEATURES))), np.empty(0), []
    return np.vstack(blocks), np.concatenate(targets), horizons


def design(x: FloatArray) -> FloatArray:
    """The model's inputs from the raw features: each missing value is filled from the next
    coarser evidence (week-ago from the profile, the profile from CBP's average, ...)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        last, recent, week, profile, cbp, then = (x[:, k].copy() for k in (3, 4, 5, 6, 7, 8))
        fallback = float(np.nanmean(profile)) if np.any(~np.isnan(profile)) else 0.0
        cbp = np.where(np.isnan(cbp), fallback, cbp)
        profile = np.where(np.isnan(profile), cbp, profile)
        week = np.where(np.isnan(week), profile, week)
        recent = np.where(np.isnan(recent), profile, recent)
        last = np.where(np.isnan(last), recent, last)
        then = np.where(np.isnan(then), last, then)
    return np.column_stack([week, profile, cbp, last - then, recent - profile, last])


Models = dict[int, "HuberRegressor"]


class FitFailed(ValueError):
    """The model could not be fitted on a series (the optimiser did not converge, as on a lane
    whose wait hardly ever changes): the series is forecast by the best baseline."""


# The BLAS thread limit of a fit is process-wide: one fit sets and restores it at a time.
# The libraries are looked up once (about 10 ms a look-up), after scikit-learn has loaded
# SciPy's.
_fit_lock = threading.Lock()
_blas: list[ThreadpoolController] = []


def fit(x: FloatArray, y: FloatArray, horizons: list[int]) -> Models:
    """One robust linear model per horizon (0 = no recent observation).

    The fits run with one BLAS thread: on these few-thousand-row, six-column problems the
    optimiser's thousands of small BLAS calls spend far longer handing work to a second
    thread than computing (about 30x slower on a busy two-core machine), and the
    coefficients are the same either way (tests/border/test_forecast.py)."""
    from sklearn.linear_model import HuberRegressor
    from threadpoolctl import ThreadpoolController

    hs = np.array(horizons)
    models: Models = {}
    with _fit_lock:
        if not _blas:
            _blas.append(ThreadpoolController())
        with _blas[0].limit(limits=1, user_api="blas"):
            for h in sorted(set(horizons)):
                rows = hs == h
                if rows.sum() < MIN_EXAMPLES:
                    continue
                try:
                    models[h] = HuberRegressor(**MODEL_PARAMS).fit(design(x[rows]), y[rows])
                except ValueError as exc:  # "HuberRegressor convergence failed: ..."
                    raise FitFailed(f"horizon {h} h: {exc}".strip()) from exc
    return models


def _model_for(models: Models, horizon: int) -> HuberRegressor | None:
    if horizon in models:
        return models[horizon]
    ahead = [h for h in models if h > 0]
    if horizon <= 0 or not ahead:
        return models.get(0)
    return models[min(ahead, key=lambda h: abs(h - horizon))]


# The forecasters a series can be served by: the model, either baseline, the weekly median,
# or a blend of the four with weights chosen per series on its backtest (`blend_weights`).
METHODS: tuple[str, ...] = ("model", "same_hour_last_week", "cbp_average")
METHOD_LABELS = {
    "model": "model",
    "same_hour_last_week": "same hour one week earlier",
    "cbp_average": "CBP's historical average for the hour",
    "weekly_median": "median of last week's hour, the hour's median over four weeks and the "
    "wait now",
    "blend": "blend of the model, the baselines and the weekly median",
}
# Those a blend weighs: the plain methods and the weekly median.
FORECASTERS: tuple[str, ...] = (*METHODS, "weekly_median")
_BASELINE_COLUMN = {"same_hour_last_week": 5, "cbp_average": 7}  # in _features
Weights = tuple[float, float, float, float]  # the FORECASTERS' weights
_CORNERS: dict[str, Weights] = {
    "model": (1.0, 0.0, 0.0, 0.0),
    "same_hour_last_week": (0.0, 1.0, 0.0, 0.0),
    "cbp_average": (0.0, 0.0, 1.0, 0.0),
    "weekly_median": (0.0, 0.0, 0.0, 1.0),
}
BLEND_STEP = 20  # blend weights are multiples of 1/20 that sum to 1
# The corners first (the model, then each baseline), so that on a tie the plain method wins.
_GRID: tuple[Weights, ...] = (
    *_CORNERS.values(),
    *(
        (a / BLEND_STEP, b / BLEND_STEP, c / BLEND_STEP, (BLEND_STEP - a - b - c) / BLEND_STEP)
        for a in range(BLEND_STEP + 1)
        for b in range(BLEND_STEP + 1 - a)
        for c in range(BLEND_STEP + 1 - a - b)
        if max(a, b, c, BLEND_STEP - a - b - c) < BLEND_STEP
    ),
)


# The blend weights are chosen per band of horizons: up to 2 hours ahead, 3-4, 5-6, beyond.
BLEND_BANDS: tuple[int, ...] = (2, 4, 6, MAX_AHEAD_HOURS)
Bands = dict[int, Weights]  # a band's last horizon -> its weights


def method_of(weights: Weights) -> str:
    """The method a set of weights is: a plain one at a corner, else "blend"."""
    return next((m for m, w in _CORNERS.items() if w == tuple(weights)), "blend")


def weights_for(bands: Bands, horizon: int) -> Weights:
    """The weights of the band a horizon falls in (the last band beyond them all)."""
    ends = sorted(bands)
    return bands[next((end for end in ends if horizon <= end), ends[-1])]


def served_method(bands: Bands) -> str:
    """A plain method if every band is that method's corner, else "blend"."""
    methods = {method_of(w) for w in bands.values()}
    return methods.pop() if len(methods) == 1 else "blend"


@dataclass(frozen=True, slots=True)
class Backtest:
    holdout_start: datetime
    holdout_end: datetime
    pairs: int
    model_mae: dict[int, float]  # by horizon (0 = weekly-pattern mode)
    week_ago_mae: dict[int, float]
    cbp_average_mae: dict[int, float]
    # The served forecaster, chosen on these weeks (None: kept before there was a blend, so
    # `choose` picks the best plain method), and its MAE by horizon on them.
    weights: Bands | None = None
    blend_mae: dict[int, float] = field(default_factory=dict)
    fit_failed: str | None = None  # why the model could not be fitted: baselines only
    weekly_median_mae: dict[int, float] = field(default_factory=dict)

    def summary(self, horizons: tuple[int, ...]) -> dict[str, float]:
        """Mean absolute error over all held-out pairs of these horizons."""
        out = {}
        for key, table in (
            ("model", self.model_mae),
            ("same_hour_last_week", self.week_ago_mae),
            ("cbp_average", self.cbp_average_mae),
            ("blend", self.blend_mae),
            ("weekly_median", self.weekly_median_mae),
        ):
            vals = [table[h] for h in horizons if h in table]
            out[key] = float(np.mean(vals)) if vals else float("nan")
        return out


def _train_window(series: Series, end: int) -> tuple[FloatArray, FloatArray, list[int]]:
    """Examples whose targets all lie before `end`: issue hours in the TRAIN_WEEKS before."""
    return examples(series, end - (TRAIN_WEEKS + 1) * _WEEK, end - _WEEK)


# horizon -> arrays of scored pairs, one row per pair: the model's forecast (NaN when the
# model could not be fitted), the same hour last week, CBP's average, the wait observed.
Pairs = dict[int, list[FloatArray]]


def _score_week(
    series: Series, start: int, horizons: tuple[int, ...], pairs: Pairs, with_model: bool = True
) -> int:
    """Fit on the TRAIN_WEEKS before hour `start`, score the week from `start` (model and both
    baselines on the same pairs) into `pairs`; returns the number of pairs scored. A pair
    needs last week's hour, and CBP's average where CBP publishes averages for the lane;
    weekly-pattern mode (horizon 0) is scored for the model alone."""
    models: Models = {}
    if with_model:
        x_train, y_train, h_train = _train_window(series, start)
        kept = [k for k, h in enumerate(h_train) if h in horizons or h == 0]
        models = fit(x_train[kept], y_train[kept], [h_train[k] for k in kept])
    x_test, y_test, h_test = examples(series, start, start + _WEEK)
    hs = np.array(h_test)
    scored = 0
    for h in sorted(set(horizons) | ({0} if with_model else set())):
        rows = hs == h
        if h != 0:
            rows &= ~np.isnan(x_test[:, 5])
            if series.averages:
                rows &= ~np.isnan(x_test[:, 7])
        elif h not in models:
            continue
        if not rows.any():
            continue
        model = models.get(h)
        if model is None and with_model:
            continue
        count = int(rows.sum())
        predicted = (
            model.predict(design(x_test[rows])) if model is not None else np.full(count, np.nan)
        )
        figures = (x_test[rows, 5], x_test[rows, 7], x_test[rows, 9]) if h else (np.nan,) * 3
        pairs.setdefault(h, []).append(
            np.column_stack(np.broadcast_arrays(predicted, *figures, y_test[rows]))
        )
        if h:
            scored += count
    return scored


def _blended(table: FloatArray, weights: Weights) -> FloatArray:
    """The blend of each pair's four forecasts; where one has no figure, the weights of those
    that have one, scaled to sum 1."""
    forecasts = table[:, :4]
    w = np.where(np.isnan(forecasts), 0.0, np.array(weights, dtype=float))
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore"):
        out = (np.nan_to_num(forecasts) * w).sum(axis=1) / total
    # No weighed forecaster has a figure: last week's hour, else CBP's average, else the model.
    fallback = np.where(
        ~np.isnan(forecasts[:, 1]),
        forecasts[:, 1],
        np.where(~np.isnan(forecasts[:, 2]), forecasts[:, 2], forecasts[:, 0]),
    )
    return np.where(total > 0, out, fallback)


def _grid(tables: list[FloatArray]) -> FloatArray:
    """The weights to try: all of them, or the baselines alone without a model (a fit that
    failed), and none on CBP's average where the lane has none."""
    has_model = not all(np.isnan(t[:, 0]).all() for t in tables)
    has_cbp = not all(np.isnan(t[:, 2]).all() for t in tables)
    baselines = (_CORNERS["same_hour_last_week"], _CORNERS["cbp_average"])
    grid = np.array([w for w in _GRID if has_model or w in baselines], dtype=float)
    return grid if has_cbp else grid[grid[:, 2] == 0]


def _loss(table: FloatArray, grid: FloatArray) -> FloatArray:
    """The MAE of each weighting in `grid` on these pairs (in blocks that stay in cache)."""
    figures, actual = np.nan_to_num(table[:, :4], nan=0.0), table[:, 4:5]
    out = []
    for k in range(0, len(grid), 256):
        block = grid[k : k + 256]
        # Four products summed by hand, not a matrix product: BLAS threads handing off such
        # small products cost far more than the sums (see `fit`).
        blend = -actual + figures[:, 0:1] * block[:, 0]
        for j in range(1, 4):
            blend += figures[:, j : j + 1] * block[:, j]
        out.append(np.mean(np.abs(blend), axis=0))
    return np.concatenate(out)


def _best(grid: FloatArray, loss: FloatArray) -> Weights:
    best = int(np.argmin(loss))  # the first of equals: corners come first
    return (float(grid[best, 0]), float(grid[best, 1]), float(grid[best, 2]), float(grid[best, 3]))


def blend_weights(pairs: Pairs, horizons: tuple[int, ...]) -> Weights:
    """The weights (multiples of 1/BLEND_STEP) with the lowest MAE over these horizons on the
    scored pairs, as `choose` measures it (the mean of each horizon's MAE); the plain methods
    win ties. Without a model (a fit that failed), the best baseline alone."""
    tables = [np.concatenate(pairs[h]) for h in horizons if h in pairs]
    if not tables:
        return _CORNERS["model"]
    grid = _grid(tables)
    return _best(grid, sum((_loss(t, grid) for t in tables), np.zeros(len(grid))))


def _mae(pairs: Pairs, column: int) -> dict[int, float]:
    out = {}
    for h, parts in sorted(pairs.items()):
        t = np.concatenate(parts)
        if not np.isnan(t[:, column]).all():
            out[h] = float(np.mean(np.abs(t[:, column] - t[:, 4])))
    return out


def _blend_mae(pairs: Pairs, bands: Bands) -> dict[int, float]:
    out = {}
    for h, parts in sorted(pairs.items()):
        if h:
            t = np.concatenate(parts)
            out[h] = float(np.mean(np.abs(_blended(t, weights_for(bands, h)) - t[:, 4])))
    return out


def band_weights(pairs: Pairs, horizons: tuple[int, ...]) -> Bands:
    """The blend weights of each band of horizons, chosen on the scored pairs of the band's
    horizons (on those of the next hours where the band has none)."""
    # Each horizon's loss is worked out once (the search is most of a blend's cost).
    scored = [h for h in horizons if h > 0 and h in pairs]
    tables = {h: np.concatenate(pairs[h]) for h in scored}
    if not tables:
        return dict.fromkeys(BLEND_BANDS, _CORNERS["model"])
    grid = _grid(list(tables.values()))
    loss = {h: _loss(t, grid) for h, t in tables.items()}
    nothing = np.zeros(len(grid))
    next_hours = [h for h in scored if h <= NEXT_HOURS]
    pooled = _best(grid, sum((loss[h] for h in next_hours), nothing)) if next_hours else None
    bands: Bands = {}
    start = 1
    for end in BLEND_BANDS:
        own = [h for h in scored if start <= h <= end]
        chosen = _best(grid, sum((loss[h] for h in own), nothing)) if own else pooled
        bands[end] = chosen or _CORNERS["model"]
        start = end + 1
    return bands


def _scored(
    series: Series,
    horizons: tuple[int, ...],
    first: int,
    count: int,
    weights: Bands | None = None,
    failed: str | None = None,
) -> tuple[Backtest, Pairs]:
    """The `count` weeks from `first` weeks before the series' end, scored (baselines only if
    the model cannot be fitted on one of them, or `failed` says why it could not be); the
    blend is scored with `weights`, or with the weights chosen on these weeks."""
    n = len(series.values)
    pairs: Pairs = {}
    weeks = range(first, first - count, -1)
    scored = 0
    if failed is None:
        try:
            scored = sum(_score_week(series, n - w * _WEEK, horizons, pairs) for w in weeks)
        except FitFailed as exc:
            failed = str(exc)
    if failed is not None:
        pairs = {}
        scored = sum(_score_week(series, n - w * _WEEK, horizons, pairs, False) for w in weeks)
    if weights is None:
        weights = band_weights(pairs, horizons)
    bt = Backtest(
        series.at(n - first * _WEEK),
        series.at(n - (first - count) * _WEEK - 1),
        scored,
        _mae(pairs, 0),
        _mae(pairs, 1),
        _mae(pairs, 2),
        weights,
        _blend_mae(pairs, weights),
        failed,
        _mae(pairs, 3),
    )
    return bt, pairs


def _check_length(series: Series, weeks: int) -> None:
    n = len(series.values)
    if n < (TRAIN_WEEKS + 1 + weeks) * _WEEK // 2:
        raise InvalidInput(
            f"only {n} hours of observations; a forecast needs at least "
            f"{(TRAIN_WEEKS + 1 + weeks) * _WEEK // 2}"
        )


def backtest(
    series: Series, horizons: tuple[int, ...] = HORIZONS, weeks: int = HOLDOUT_WEEKS
) -> Backtest:
    """Rolling origin: for each of the last `weeks` weeks, fit on the TRAIN_WEEKS before it and
    score the model and both baselines on that week's (issue, target) pairs where both
    baselines are defined (weekly-pattern mode is scored alone). The blend weights are
    chosen on these weeks (the served forecast's), and `blend_mae` is their MAE here."""
    _check_length(series, weeks)
    return _scored(series, horizons, weeks, weeks)[0]


def choose(bt: Backtest, horizons: tuple[int, ...] | None = None) -> str:
    """The plain forecaster with the lowest MAE over the next hours on this backtest: the
    model, unless a baseline did strictly better there (the backtest must lie before the
    hours it is used for: the served backtest is the last weeks observed; `evaluate` keeps
    its validation weeks before the test weeks)."""
    summary = bt.summary(horizons or tuple(range(1, NEXT_HOURS + 1)))
    scored = [(summary[m], k, m) for k, m in enumerate(METHODS) if not np.isnan(summary[m])]
    return min(scored)[2] if scored else "model"


def served_weights(bt: Backtest) -> Bands:
    """The served forecaster's weights: those chosen on the backtest, or (a backtest kept
    before there were blends) the corner of the best plain method."""
    if bt.weights is not None:
        return bt.weights
    return dict.fromkeys(BLEND_BANDS, _CORNERS[choose(bt)])


def _mae_table(bt: Backtest, method: str) -> dict[int, float]:
    return {"model": bt.model_mae, "same_hour_last_week": bt.week_ago_mae,
            "cbp_average": bt.cbp_average_mae, "blend": bt.blend_mae,
            "weekly_median": bt.weekly_median_mae}[method]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The served forecaster chosen on validation weeks, scored on the test weeks after them."""

    validation: Backtest
    test: Backtest  # its blend is the validation weeks' weights, scored on the test weeks

    @property
    def weights(self) -> Bands:
        return served_weights(self.validation)

    @property
    def method(self) -> str:
        return served_method(self.weights)

    def test_summary(self, horizons: tuple[int, ...]) -> dict[str, float]:
        """Test-week MAE of the served forecaster ("served") and of each plain method."""
        out = self.test.summary(horizons)
        return {"served": out["blend"], **{m: out[m] for m in FORECASTERS}}


def evaluate(
    series: Series,
    horizons: tuple[int, ...] = HORIZONS,
    validation_weeks: int = SERVED_BACKTEST_WEEKS,
    test_weeks: int = HOLDOUT_WEEKS,
) -> Evaluation:
    """Rolling origin over the last validation_weeks + test_weeks weeks: the served forecaster
    (blend weights) is chosen on the validation weeks, which come first, and it and each
    plain method are scored on the test weeks."""
    weeks = validation_weeks + test_weeks
    _check_length(series, weeks)
    val, _ = _scored(series, horizons, weeks, validation_weeks)
    test, _ = _scored(series, horizons, test_weeks, test_weeks, served_weights(val))
    if test.fit_failed is not None and val.fit_failed is None:
        # The model fitted on the validation weeks but not on the test weeks: as served, the
        # best baseline stands in (the better one on the validation weeks).
        s = val.summary(tuple(h for h in range(1, NEXT_HOURS + 1) if h in horizons))
        scored = [(s[m], m) for m in ("same_hour_last_week", "cbp_average") if not np.isnan(s[m])]
        best = min(scored)[1] if scored else "same_hour_last_week"
        val = replace(val, weights=dict.fromkeys(BLEND_BANDS, _CORNERS[best]))
        test, _ = _scored(series, horizons, test_weeks, test_weeks, val.weights, test.fit_failed)
    return Evaluation(val, test)


_cache: dict[tuple[Any, ...], tuple[Backtest, Models, Series]] = {}
_cache_lock = threading.Lock()


def train_window(series: Series) -> tuple[FloatArray, FloatArray, list[int]]:
    """The examples the served models are fitted on: the TRAIN_WEEKS up to the series' end."""
    return _train_window(series, len(series.values) + _WEEK)


def train(series: Series) -> tuple[Backtest, Models]:
    """The served backtest (its weeks choose the blend weights) and the models fitted on the
    TRAIN_WEEKS up to the series' end; no models, and a backtest of the baselines only, when
    the model cannot be fitted (`Backtest.fit_failed` says why)."""
    bt = backtest(series, SERVED_BACKTEST_HORIZONS, SERVED_BACKTEST_WEEKS)
    if bt.fit_failed is not None:
        return bt, {}
    x, y, hs = train_window(series)
    try:
        return bt, fit(x, y, hs)
    except FitFailed as exc:  # the backtest's fits converged, the last one did not
        weeks = SERVED_BACKTEST_WEEKS
        return _scored(series, SERVED_BACKTEST_HORIZONS, weeks, weeks, failed=str(exc))[0], {}


def _trained(
    cur: duckdb.DuckDBPyConnection, port_code: str, crossing: str, lane: str, lane_type: str
) -> tuple[Backtest, Models, Series, datetime | None]:
    """The series with its models: those kept in the store when the waits were loaded
    (puente.border.fitting), else fitted here once per series content (a series that
    appeared since the last fit) and kept in memory."""
    from puente.border.fitting import load_fitted

    series = load_series(cur, port_code, crossing, lane, lane_type)
    kept = load_fitted(cur, (port_code, crossing, lane, lane_type))
    if kept is not None:
        return kept.backtest, kept.models, series, kept.fitted_at
    key = (port_code, crossing, lane, lane_type, series.start, len(series.values),
           float(np.nansum(series.values)))  # fmt: skip
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None:
        return (*hit, None)
    bt, models = train(series)
    with _cache_lock:
        _cache[key] = (bt, models, series)
    return bt, models, series, None


def _default_crossing(cur: duckdb.DuckDBPyConnection, port_code: str, lane: str) -> str:
    row = cur.execute(
        "SELECT crossing, count(*) FROM (SELECT crossing FROM observed_waits WHERE port_code = ? "
        "AND lane = ? UNION ALL SELECT crossing FROM live_waits WHERE port_code = ? AND lane = ? "
        "AND delay_minutes IS NOT NULL) GROUP BY crossing ORDER BY 2 DESC LIMIT 1",
        [port_code, lane, port_code, lane],
    ).fetchone() if _has(cur, "observed-waits") else cur.execute(
        "SELECT crossing FROM live_waits WHERE port_code = ? AND lane = ? "
        "GROUP BY crossing ORDER BY count(*) DESC LIMIT 1",
        [port_code, lane],
    ).fetchone()  # fmt: skip
    if row is None:
        raise NotFound(f"no observed waits at port {port_code} for {lane} lanes")
    return str(row[0])


def _expected_error(bt: Backtest, horizon: int | None, method: str = "model") -> float | None:
    if horizon is None:
        return bt.model_mae.get(0)
    table = _mae_table(bt, method)
    near = min(table, key=lambda h: abs(h - horizon) if h else 10**9, default=None)
    return table.get(near) if near is not None else None


def _row_forecast(
    weights: Weights, figures: tuple[float, float, float, float], use_recent: bool
) -> tuple[float, str] | None:
    """One hour's minutes and the method that gave them: the served forecaster where each
    forecaster it weighs has a figure (it was scored only with a recent observation), else
    the model, else last week's hour, else CBP's average, else the weekly median; None when
    nothing has a figure."""
    if use_recent and all(not np.isnan(f) for f, w in zip(figures, weights, strict=True) if w):
        value = sum(w * f for f, w in zip(figures, weights, strict=True) if w)
        return float(value), method_of(weights)
    for method, figure in zip(FORECASTERS, figures, strict=True):
        if not np.isnan(figure):
            return float(figure), method
    return None


def forecast(
    cur: duckdb.DuckDBPyConnection,
    port: str,
    lane: str | None = None,
    lane_type: str | None = None,
    crossing: str | None = None,
    at: datetime | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The wait for each of the next NEXT_HOURS hours (from now, or from the last observation
    if that is recent), or for the chosen time `at`, with the expected error of each."""
    code = normalize_code(port)
    lane_name = check_lane(lane)
    type_name = check_lane_type(lane_type)
    chosen = crossing or _default_crossing(cur, code, lane_name)
    bt, models, series, fitted_at = _trained(cur, code, chosen, lane_name, type_name)
    # Kept models from before there were blends carry no weights: the best plain method.
    bands = served_weights(bt)
    method = served_method(bands)
    zone = port_zone(code)
    moment = (now or datetime.now(UTC)).astimezone(zone).replace(tzinfo=None)
    observed = np.flatnonzero(~np.isnan(series.values))
    issue = int(observed[-1])
    last_seen = series.at(issue)
    gap_hours = int((moment - last_seen).total_seconds() // 3600)
    recent = gap_hours <= RECENT_HOURS
    if at is not None:
        try:
            local_at = (at if at.tzinfo else at.replace(tzinfo=zone)).astimezone(zone)
        except OverflowError as exc:  # year 1 or 9999 with an offset: no port's local time
            raise NotFound(f"no forecast for {at.isoformat()}: it is out of reach") from exc
        wanted = [local_at.replace(minute=0, second=0, microsecond=0, tzinfo=None)]
        # A well-formed time out of reach names no forecast: a NotFound, as an unknown port.
        if wanted[0] < moment.replace(minute=0, second=0, microsecond=0):
            raise NotFound(f"no forecast for {at.isoformat()}: it is in the past")
        if (wanted[0] - moment).total_seconds() > MAX_AHEAD_HOURS * 3600:
            raise NotFound(
                f"no forecast for {at.isoformat()}: it is more than {MAX_AHEAD_HOURS} hours ahead"
            )
    else:
        base = moment.replace(minute=0, second=0, microsecond=0)
        wanted = [base + timedelta(hours=n) for n in range(1, NEXT_HOURS + 1)]
    if not models and bt.fit_failed is None:
        raise NotFound(f"too few observations of {chosen} to forecast")
    points = []
    methods: list[str] = []
    for target_time in wanted:
        target = int((target_time - series.start).total_seconds() // 3600)
        horizon = target - issue
        use_recent = recent and 0 < horizon <= max(HORIZONS)
        feats = _features_ahead(series, issue, target, float(horizon) if use_recent else np.nan)
        model = _model_for(models, horizon if use_recent else 0)
        predicted = (
            float(model.predict(design(np.array([feats])))[0]) if model is not None else np.nan
        )
        weights = weights_for(bands, max(horizon, 1))
        row = _row_forecast(weights, (predicted, feats[5], feats[7], feats[9]), use_recent)
        if row is None:  # no model (its fit failed) and no baseline figure for this hour
            continue
        minutes, used = max(0.0, row[0]), row[1]
        in_weekly_mode = not use_recent and used == "model"
        error = _expected_error(bt, None if in_weekly_mode else max(horizon, 1), used)
        methods.append(used)
        points.append(
            {
                "at": target_time.replace(tzinfo=zone).isoformat(),
                "minutes": round(minutes),
                "expected_error_minutes": round(error) if error is not None else None,
                "low": max(0, round(minutes - (error or 0))),
                "high": round(minutes + (error or 0)),
                "basis": "recent observation" if use_recent else "weekly pattern",
                "method": METHOD_LABELS[used],
            }
        )
    if not points:
        raise NotFound(
            f"no forecast for {chosen} at these hours: the model could not be fitted on this "
            "series and neither baseline has a figure for them"
        )
    # The method of the answer: the served one if it forecast any of these hours (where it
    # has no figure, or in weekly-pattern mode, a row says which method stood in).
    shown = method if method in methods else methods[0] if len(set(methods)) == 1 else "blend"
    # JSON has no NaN: a method not scored on the backtest (no model where its fit failed, no
    # CBP averages for the lane) has no MAE.
    summary = {
        k: None if np.isnan(v) else v
        for k, v in bt.summary(tuple(range(1, NEXT_HOURS + 1))).items()
    }
    return {
        "port_code": code,
        "crossing": chosen,
        "lane": lane_name,
        "lane_label": LANE_LABELS[lane_name],
        "lane_type": type_name,
        "type_label": TYPE_LABELS[type_name],
        "timezone": zone.key,
        "last_observation": last_seen.replace(tzinfo=zone).isoformat(),
        "last_observation_minutes": float(series.values[issue]),
        "hours_since_last_observation": gap_hours,
        "model": _method_text(shown, bands, bt.fit_failed),
        "method": shown,
        "method_label": METHOD_LABELS[shown],
        "fitted_at": fitted_at.isoformat() if fitted_at else None,
        "backtest": {
            "holdout": f"{bt.holdout_start:%Y-%m-%d} – {bt.holdout_end:%Y-%m-%d}",
            # The weeks of the backtest behind this answer (the served one is shorter than
            # the benchmark's HOLDOUT_WEEKS).
            "holdout_weeks": round((bt.holdout_end - bt.holdout_start) / timedelta(weeks=1)),
            "mae_next_hours": summary,
            "method": method,  # chosen on this backtest
            "method_mae_next_hours": summary[method],
            # The blend weights by band of horizons ("6": up to 6 hours ahead, from 5).
            "weights": {
                str(end): dict(zip(FORECASTERS, w, strict=True)) for end, w in bands.items()
            },
            "fit_failed": bt.fit_failed,
        },
        "sources": _sources(cur),
        "rows": points,
    }


_MODEL_TEXT = f"scikit-learn HuberRegressor per horizon, fitted on the last {TRAIN_WEEKS} weeks"


def _method_text(method: str, bands: Bands, fit_failed: str | None = None) -> str:
    if fit_failed is not None:
        return (
            f"{METHOD_LABELS[method]}: the model ({_MODEL_TEXT}) could not be fitted on this "
            f"series ({fit_failed}), so the best baseline on its backtest forecasts"
        )
    if method == "model":
        return _MODEL_TEXT
    if method == "blend":
        shares, start = [], 1
        for end, weights in sorted(bands.items()):
            share = ", ".join(
                f"{w:.0%} {METHOD_LABELS[m]}"
                for m, w in zip(FORECASTERS, weights, strict=True)
                if w
            )
            span = f"{start}–{end} h" if end < MAX_AHEAD_HOURS else f"over {start - 1} h"
            shares.append(f"{span} ahead: {share}")
            start = end + 1
        return (
            f"{METHOD_LABELS[method]} ({_MODEL_TEXT}), weighted by the lowest error on this "
            f"series' backtest; {'; '.join(shares)}"
        )
    return (
        f"{METHOD_LABELS[method]}: it beat the model ({_MODEL_TEXT}) on this series' backtest, "
        "so it forecasts the next hours"
    )


def _features_ahead(series: Series, issue: int, target: int, horizon: float) -> list[float]:
    """Features for a target beyond the series' end (the series is padded with NaN)."""
    if target >= len(series.values):
        pad = np.full(target - len(series.values) + 1, np.nan)
        series = Series(series.start, np.concatenate([series.values, pad]), series.averages)
    return _features(series, issue, target, horizon)


def _sources(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    out = []
    for dataset in ("observed-waits", "cbp-wait-averages"):
        version = catalog.current_version(cur, dataset)
        if version is not None:
            out.append(version.ref.as_dict())
    row = cur.execute("SELECT count(*), max(fetched_at) FROM live_waits").fetchone()
    if row and row[0]:
        out.append({"dataset": "live_waits", "rows": row[0], "last_poll": row[1].isoformat()})
    return out
