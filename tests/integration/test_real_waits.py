"""The real wait-time files in ../shared/data, checked against an independent computation
(csv, openpyxl and statistics; no DuckDB)."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import statistics
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest

from puente.border import waits
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SY = "wait_times/cbp_hist_avg_san_ysidro_syR-hist.csv"
EL_PASO = "wait_times/cbp_hist_avg_el_paso.xlsx"
OBSERVED = "wait_times/bordify_scrape_tijuana_mexicali_tecate_2025-2026.csv.gz"


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from puente.store import open_store
    from tests.conftest import shared_data_dir

    mirror = shared_data_dir()
    if not (mirror / OBSERVED).is_file():
        pytest.skip(f"real data not found at {mirror}")
    store = open_store(tmp_path_factory.mktemp("real") / "waits.duckdb")
    ingest_source(store, get_source("cbp-wait-averages"), mirror=mirror)
    ingest_source(store, get_source("observed-waits"), mirror=mirror)
    return store


def _sy_rows(mirror: Path) -> list[dict[str, str]]:
    with (mirror / SY).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_san_ysidro_sunday_averages_and_best_hour(real_store: Store, shared_data: Path) -> None:
    by_hour: dict[int, list[int]] = defaultdict(list)
    for row in _sy_rows(shared_data):
        if row["bwt_day"] == "6" and int(row["pv_time_avg"]) > 0:
            by_hour[int(row["bwt_hour"])].append(int(row["pv_time_avg"]))
    expected = {h: sum(v) / len(v) for h, v in by_hour.items()}
    with real_store.read() as cur:
        typical = waits.typical_waits(cur, "2504", day="sunday")
        best = waits.best_time(cur, "2504", day="sunday", count=1)
    assert {r["hour"]: r["minutes"] for r in typical.rows} == pytest.approx(
        expected, abs=0.051
    )  # one decimal
    averages = next(a for a in best.answers if a["basis"] == "cbp-averages")
    best_hour = min(expected, key=lambda h: (expected[h], h))
    assert averages["best"][0]["hour"] == best_hour
    assert averages["best"][0]["minutes"] == pytest.approx(expected[best_hour], abs=0.051)


def test_bwt_day_zero_is_monday(shared_data: Path) -> None:
    """Days 5 and 6 have no weekday pedestrian commute (5-7 a.m.), and each day's 23:00 runs
    into the next day's midnight (6 into 0): 0 = Monday … 6 = Sunday."""
    morning: dict[int, list[int]] = defaultdict(list)
    cars: dict[tuple[int, int], list[int]] = defaultdict(list)
    for row in _sy_rows(shared_data):
        day, hour = int(row["bwt_day"]), int(row["bwt_hour"])
        if 5 <= hour <= 7:
            morning[day].append(int(row["ped_time_avg"]))
        cars[(day, hour)].append(int(row["pv_time_avg"]))
    mean = {d: sum(v) / len(v) for d, v in morning.items()}
    assert max(mean[5], mean[6]) < min(mean[d] for d in range(5))
    for day in range(7):
        late = sum(cars[(day, 23)]) / 12
        next_midnight = sum(cars[((day + 1) % 7, 0)]) / 12
        assert abs(late - next_midnight) < 20, day


def test_el_paso_workbook_cells(real_store: Store, shared_data: Path) -> None:
    book = openpyxl.load_workbook(shared_data / EL_PASO, read_only=True)
    sheet = book.worksheets[0]
    filled = 0
    pdn_monday: dict[int, list[int]] = defaultdict(list)
    hours = ["Midnight", *(f"{h}:00 AM" for h in range(1, 12)), "Noon"]
    hours += [f"{h}:00 PM" for h in range(1, 12)]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        filled += sum(v is not None for v in row[6:])
        pdn = row[0] == "El Paso - Paso Del Norte (PDN)" and row[1:3] == ("Pedestrian", "General")
        if pdn and row[5] is not None and row[7] is not None:
            pdn_monday[hours.index(row[5])].append(int(row[7]))
    book.close()
    sy_nonzero = sum(
        int(r[c]) > 0 for r in _sy_rows(shared_data) for c in r if c.endswith("_time_avg")
    )
    with real_store.read() as cur:
        known = cur.execute("SELECT count(minutes) FROM wait_averages").fetchone()
        typical = waits.typical_waits(
            cur, "2402", lane="pedestrian", day="monday", crossing="El Paso - Paso Del Norte (PDN)"
        )
    assert known == (filled + sy_nonzero,)
    expected = {h: sum(v) / len(v) for h, v in pdn_monday.items()}
    assert {r["hour"]: r["minutes"] for r in typical.rows} == pytest.approx(
        expected, abs=0.051
    )  # one decimal


def test_observed_median_and_p90_by_hour(real_store: Store, shared_data: Path) -> None:
    total = no_wait = no_mode = 0
    by_hour: dict[int, list[int]] = defaultdict(list)
    with gzip.open(shared_data / OBSERVED, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            total += 1
            no_wait += row["wait_minutes"] == ""
            no_mode += row["mode"] == ""
            if (
                row["crossing"] == "Garita San Ysidro"
                and row["mode"] == "vehicular"
                and row["lane_type"] == "General"
                and row["wait_minutes"] != ""
            ):
                stamp = row["observed_at_local"]
                when = dt.datetime.strptime(stamp[:16], "%Y-%m-%d %H:%M")
                by_hour[when.hour].append(int(row["wait_minutes"]))
    assert (total, no_wait, no_mode) == (388_029, 57_820, 1_026)  # as the data README says
    with real_store.read() as cur:
        counts = cur.execute(
            "SELECT count(*), count(*) - count(minutes), count(*) FILTER (WHERE lane IS NULL) "
            "FROM observed_waits"
        ).fetchone()
        observed = waits.observed_waits(cur, "2504", crossing="San Ysidro")
    assert counts == (total, no_wait, no_mode)
    got = {r["hour"]: r for r in observed.by_hour}
    for hour, values in by_hour.items():
        p90 = statistics.quantiles(values, n=10, method="inclusive")[8]
        assert got[hour]["observations"] == len(values)
        assert got[hour]["median"] == statistics.median(values)
        assert got[hour]["p90"] == pytest.approx(round(p90, 1)), hour
