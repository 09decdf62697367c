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
(bench/bench_forecast.py, bench/RESULTS.md). See docs/decisions/0014-live-waits-and-forecast.md.
"""

from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass
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
    ]


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
                profile = np.nanmean(np.stack([_shift(y, t - _WEEK * w) for w in range(1, 5)]), 0)
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
                if rows.sum() >= MIN_EXAMPLES:
                    models[h] = HuberRegressor(**MODEL_PARAMS).fit(design(x[rows]), y[rows])
    return models


def _model_for(models: Models, horizon: int) -> HuberRegressor | None:
    if horizon in models:
        return models[horizon]
    ahead = [h for h in models if h > 0]
    if horizon <= 0 or not ahead:
        return models.get(0)
    return models[min(ahead, key=lambda h: abs(h - horizon))]


@dataclass(frozen=True, slots=True)
class Backtest:
    holdout_start: datetime
    holdout_end: datetime
    pairs: int
    model_mae: dict[int, float]  # by horizon (0 = weekly-pattern mode)
    week_ago_mae: dict[int, float]
    cbp_average_mae: dict[int, float]

    def summary(self, horizons: tuple[int, ...]) -> dict[str, float]:
        """Mean absolute error over all held-out pairs of these horizons."""
        out = {}
        for key, table in (
            ("model", self.model_mae),
            ("same_hour_last_week", self.week_ago_mae),
            ("cbp_average", self.cbp_average_mae),
        ):
            vals = [table[h] for h in horizons if h in table]
            out[key] = float(np.mean(vals)) if vals else float("nan")
        return out


def _train_window(series: Series, end: int) -> tuple[FloatArray, FloatArray, list[int]]:
    """Examples whose targets all lie before `end`: issue hours in the TRAIN_WEEKS before."""
    return examples(series, end - (TRAIN_WEEKS + 1) * _WEEK, end - _WEEK)


Errors = dict[str, dict[int, list[FloatArray]]]  # "m"odel, "w"eek ago, "c"bp -> horizon -> errors


def _score_week(series: Series, start: int, horizons: tuple[int, ...], errors: Errors) -> int:
    """Fit on the TRAIN_WEEKS before hour `start`, score the week from `start` (model and both
    baselines on the same pairs) into `errors`; returns the number of pairs scored."""
    x_train, y_train, h_train = _train_window(series, start)
    kept = [k for k, h in enumerate(h_train) if h in horizons or h == 0]
    models = fit(x_train[kept], y_train[kept], [h_train[k] for k in kept])
    x_test, y_test, h_test = examples(series, start, start + _WEEK)
    hs = np.array(h_test)
    pairs = 0
    for h, model in models.items():
        rows = hs == h
        if h != 0:
            rows &= ~np.isnan(x_test[:, 5]) & ~np.isnan(x_test[:, 7])
        if not rows.any():
            continue
        actual = y_test[rows]
        errors["m"].setdefault(h, []).append(np.abs(model.predict(design(x_test[rows])) - actual))
        if h:
            pairs += int(rows.sum())
            errors["w"].setdefault(h, []).append(np.abs(x_test[rows, 5] - actual))
            errors["c"].setdefault(h, []).append(np.abs(x_test[rows, 7] - actual))
    return pairs


def _mae(table: dict[int, list[FloatArray]]) -> dict[int, float]:
    return {h: float(np.mean(np.concatenate(v))) for h, v in sorted(table.items())}


def backtest(
    series: Series, horizons: tuple[int, ...] = HORIZONS, weeks: int = HOLDOUT_WEEKS
) -> Backtest:
    """Rolling origin: for each of the last `weeks` weeks, fit on the TRAIN_WEEKS before it and
    score the model and both baselines on that week's (issue, target) pairs where both
    baselines are defined (weekly-pattern mode is scored alone)."""
    n = len(series.values)
    if n < (TRAIN_WEEKS + 1 + weeks) * _WEEK // 2:
        raise InvalidInput(
            f"only {n} hours of observations; a forecast needs at least "
            f"{(TRAIN_WEEKS + 1 + weeks) * _WEEK // 2}"
        )
    errors: dict[str, dict[int, list[FloatArray]]] = {"m": {}, "w": {}, "c": {}}
    pairs = 0
    for week in range(weeks, 0, -1):
        pairs += _score_week(series, n - week * _WEEK, horizons, errors)

    return Backtest(
        series.at(n - weeks * _WEEK),
        series.at(n - 1),
        pairs,
        _mae(errors["m"]),
        _mae(errors["w"]),
        _mae(errors["c"]),
    )


# The forecasters a series can be served by, chosen per series on its backtest (`choose`).
METHODS: tuple[str, ...] = ("model", "same_hour_last_week", "cbp_average")
METHOD_LABELS = {
    "model": "model",
    "same_hour_last_week": "same hour one week earlier",
    "cbp_average": "CBP's historical average for the hour",
}
_BASELINE_COLUMN = {"same_hour_last_week": 5, "cbp_average": 7}  # in _features


def choose(bt: Backtest, horizons: tuple[int, ...] | None = None) -> str:
    """The forecaster with the lowest MAE over the next hours on this backtest: the model,
    unless a baseline did strictly better there (the backtest must lie before the hours it
    is used for: the served backtest is the last weeks observed; `evaluate` keeps its
    validation weeks before the test weeks)."""
    summary = bt.summary(horizons or tuple(range(1, NEXT_HOURS + 1)))
    scored = [(summary[m], k, m) for k, m in enumerate(METHODS) if not np.isnan(summary[m])]
    return min(scored)[2] if scored else "model"


def _mae_table(bt: Backtest, method: str) -> dict[int, float]:
    return {"model": bt.model_mae, "same_hour_last_week": bt.week_ago_mae,
            "cbp_average": bt.cbp_average_mae}[method]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The choice made on validation weeks, scored on the test weeks after them."""

    validation: Backtest
    test: Backtest
    method: str

    def test_summary(self, horizons: tuple[int, ...]) -> dict[str, float]:
        """Test-week MAE of the chosen forecaster ("chosen") and of each method."""
        out = self.test.summary(horizons)
        return {"chosen": out[self.method], **out}


def evaluate(
    series: Series,
    horizons: tuple[int, ...] = HORIZONS,
    validation_weeks: int = SERVED_BACKTEST_WEEKS,
    test_weeks: int = HOLDOUT_WEEKS,
) -> Evaluation:
    """Rolling origin over the last validation_weeks + test_weeks weeks: the forecaster is
    chosen on the validation weeks (which come first), and all are scored on the test weeks."""
    n = len(series.values)
    weeks = validation_weeks + test_weeks
    if n < (TRAIN_WEEKS + 1 + weeks) * _WEEK // 2:
        raise InvalidInput(
            f"only {n} hours of observations; an evaluation needs at least "
            f"{(TRAIN_WEEKS + 1 + weeks) * _WEEK // 2}"
        )
    parts: list[Backtest] = []
    for first, count in ((weeks, validation_weeks), (test_weeks, test_weeks)):
        errors: Errors = {"m": {}, "w": {}, "c": {}}
        pairs = sum(
            _score_week(series, n - week * _WEEK, horizons, errors)
            for week in range(first, first - count, -1)
        )
        parts.append(
            Backtest(
                series.at(n - first * _WEEK),
                series.at(n - (first - count) * _WEEK - 1),
                pairs,
                _mae(errors["m"]),
                _mae(errors["w"]),
                _mae(errors["c"]),
            )
        )
    val, test = parts
    return Evaluation(val, test, choose(val))


_cache: dict[tuple[Any, ...], tuple[Backtest, Models, Series]] = {}
_cache_lock = threading.Lock()


def train_window(series: Series) -> tuple[FloatArray, FloatArray, list[int]]:
    """The examples the served models are fitted on: the TRAIN_WEEKS up to the series' end."""
    return _train_window(series, len(series.values) + _WEEK)


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
    bt = backtest(series, SERVED_BACKTEST_HORIZONS, SERVED_BACKTEST_WEEKS)
    x, y, hs = train_window(series)
    models = fit(x, y, hs)
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
    # Chosen from the kept backtest, so models kept before there was a choice still forecast.
    method = choose(bt)
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
    points = []
    methods: set[str] = set()
    for target_time in wanted:
        target = int((target_time - series.start).total_seconds() // 3600)
        horizon = target - issue
        use_recent = recent and 0 < horizon <= max(HORIZONS)
        feats = _features_ahead(series, issue, target, float(horizon) if use_recent else np.nan)
        model = _model_for(models, horizon if use_recent else 0)
        if model is None:
            raise NotFound(f"too few observations of {chosen} to forecast")
        # The chosen baseline forecasts where it is defined (it was scored only with a
        # recent observation); elsewhere the model does.
        used = method
        column = _BASELINE_COLUMN.get(method)
        if column is not None and use_recent and not np.isnan(feats[column]):
            minutes = max(0.0, float(feats[column]))
        else:
            used = "model"
            minutes = max(0.0, float(model.predict(design(np.array([feats])))[0]))
        error = _expected_error(bt, horizon if use_recent else None, used)
        methods.add(used)
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
        # The method of the answer: the chosen one if it forecast any of these hours (where
        # it has no figure, or in weekly-pattern mode, a row says "model").
        "model": _method_text(shown := method if method in methods else "model"),
        "method": shown,
        "method_label": METHOD_LABELS[shown],
        "fitted_at": fitted_at.isoformat() if fitted_at else None,
        "backtest": {
            "holdout": f"{bt.holdout_start:%Y-%m-%d} – {bt.holdout_end:%Y-%m-%d}",
            # The weeks of the backtest behind this answer (the served one is shorter than
            # the benchmark's HOLDOUT_WEEKS).
            "holdout_weeks": round((bt.holdout_end - bt.holdout_start) / timedelta(weeks=1)),
            "mae_next_hours": bt.summary(tuple(range(1, NEXT_HOURS + 1))),
            "method": method,  # chosen on this backtest
            "method_mae_next_hours": bt.summary(tuple(range(1, NEXT_HOURS + 1)))[method],
        },
        "sources": _sources(cur),
        "rows": points,
    }


_MODEL_TEXT = f"scikit-learn HuberRegressor per horizon, fitted on the last {TRAIN_WEEKS} weeks"


def _method_text(method: str) -> str:
    if method == "model":
        return _MODEL_TEXT
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
