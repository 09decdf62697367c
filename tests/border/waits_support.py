"""Wait-time fixtures in the published layouts: the API CSV and the Bordify CSV from
tests/fixtures, and an El Paso workbook written by openpyxl like the bwt.cbp.gov scrape."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import openpyxl

from puente.border import forecast
from puente.border.forecast import Series
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SY_CSV = FIXTURES / "cbp-wait-averages" / "syR-hist.csv"
OBSERVED_CSV = FIXTURES / "observed-waits" / "bordify_scrape_tijuana_mexicali_tecate_2025-2026.csv"
HEADER = [
    "Port",
    "Lane",
    "Sub-Lane",
    "Month",
    "Day",
    "Time",
    "Sunday (min)",
    "Monday (min)",
    "Tuesday (min)",
    "Wednesday (min)",
    "Thursday (min)",
    "Friday (min)",
    "Saturday (min)",
]
TIMES = ["Midnight", *(f"{h}:00 AM" for h in range(1, 12)), "Noon"]
TIMES += [f"{h}:00 PM" for h in range(1, 12)]
BOTA = "El Paso - Bridge of the Americas (BOTA)"
YSLETA = "El Paso - Ysleta"
Values = Callable[[int, int], int | None]
"""(hour 0-23, column 0-6 with 0 = Sunday) -> minutes or None (blank: lane closed)."""


def _commercial(hour: int, column: int) -> int | None:
    # Open Monday to Friday, 6:00 to 13:59: 5 minutes at 6:00 up to 12 at 13:00.
    return 5 + hour - 6 if 1 <= column <= 5 and 6 <= hour <= 13 else None


def _passenger(extra: int) -> Values:
    return lambda hour, column: 20 + hour % 12 + 2 * column + extra


BLOCKS: list[tuple[str, str, str, str, Values]] = [
    (BOTA, "Commercial", "General", "January", _commercial),
    (BOTA, "Passenger", "General", "January", _passenger(0)),
    (BOTA, "Passenger", "General", "February", _passenger(4)),
    (YSLETA, "Pedestrian", "General", "January", lambda hour, column: hour),
]


def write_el_paso_workbook(
    path: Path,
    blocks: Sequence[tuple[str, str, str, str, Values]] = BLOCKS,
    header: Sequence[str] = HEADER,
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(list(header))
    for port, lane, sub_lane, month, values in blocks:
        for hour, label in enumerate(TIMES):
            sheet.append(
                [port, lane, sub_lane, month, "All", label, *(values(hour, c) for c in range(7))]
            )
        sheet.append([port, lane, sub_lane, month, "All", None, *([None] * 7)])
    book.save(path)
    return path


def write_mirror(folder: Path) -> Path:
    """A mirror folder laid out like shared/data with the three fixture files."""
    waits = folder / "wait_times"
    waits.mkdir(parents=True, exist_ok=True)
    shutil.copy(SY_CSV, waits / "cbp_hist_avg_san_ysidro_syR-hist.csv")
    write_el_paso_workbook(waits / "cbp_hist_avg_el_paso.xlsx")
    with gzip.open(waits / "bordify_scrape_tijuana_mexicali_tecate_2025-2026.csv.gz", "wb") as out:
        out.write(OBSERVED_CSV.read_bytes())
    return folder


def load_waits_fixture(store: Store, folder: Path) -> None:
    mirror = write_mirror(folder)
    ingest_source(store, get_source("cbp-wait-averages"), mirror=mirror)
    ingest_source(store, get_source("observed-waits"), mirror=mirror)


def record_live_series(
    store: Store, series: Series, key: tuple[str, str, str, str], mirror: Path | None = None
) -> datetime:
    """The series polled into live_waits (one figure per observed hour, at that hour in the
    port's local zone), with CBP's averages (the San Ysidro fixture) loaded first when a
    mirror folder is given; returns the local time of the series' last hour."""
    if mirror is not None:
        ingest_source(store, get_source("cbp-wait-averages"), mirror=write_mirror(mirror))
    zone = forecast.port_zone(key[0])
    rows = []
    for k, minutes in enumerate(series.values):
        if np.isnan(minutes):
            continue
        moment = series.at(k).replace(tzinfo=zone).astimezone(UTC)
        rows.append(
            [moment, moment, "test", "json", "0" * 64, "250401", *key, "delay",
             round(float(minutes)), 2, 4, "", moment, ""]
        )  # fmt: skip
    with store.write() as cur:
        cur.executemany(
            "INSERT INTO live_waits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return series.at(len(series.values) - 1).replace(tzinfo=zone)


def ending_now(values: np.ndarray, port_code: str = "2504") -> Series:
    """The values as an hourly series whose last hour is the current hour at the port (so a
    forecast by the wall clock starts from a recent observation), with no CBP averages."""
    zone = forecast.port_zone(port_code)
    now = datetime.now(UTC).astimezone(zone).replace(minute=0, second=0, microsecond=0)
    start = now.replace(tzinfo=None) - timedelta(hours=len(values) - 1)
    return Series(start, np.asarray(values, dtype=float), {})
