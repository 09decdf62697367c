"""The wait-time sources on files in their published layouts: CBP's API CSV, the bwt.cbp.gov
workbook (written by openpyxl like the real one) and the Bordify CSV; bad input names file,
line and column and leaves the store unchanged."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import openpyxl
import pytest

from puente.border.averages import hour_of
from puente.border.lanes import SITES
from puente.errors import SourceError
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store, catalog
from tests.border.waits_support import (
    BOTA,
    OBSERVED_CSV,
    SY_CSV,
    write_el_paso_workbook,
)


def rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    with store.read() as cur:
        return cur.execute(sql).fetchall()


def load(store: Store, dataset: str, path: Path) -> object:
    return ingest_source(store, get_source(dataset), str(path))


def test_both_average_layouts_load_into_one_table(waits_store: Store) -> None:
    total, known = rows(waits_store, "SELECT count(*), count(minutes) FROM wait_averages")[0]
    # API CSV: 2 months x 7 days x 24 hours x 7 lane types; workbook: 4 blocks x 24 x 7 days.
    assert total == 2 * 168 * 7 + 4 * 24 * 7
    # No average: every cv/xcv 0 (no trucks at San Ysidro), ped ready lanes 0 before 6:00,
    # and the workbook's blank cells (trucks on weekends and outside 6:00-13:59).
    assert total - known == 2 * 168 * 2 + 2 * 7 * 6 + (168 - 5 * 8)
    assert rows(
        waits_store,
        "SELECT DISTINCT port_code, crossing FROM wait_averages ORDER BY 1, 2",
    ) == [("2401", "El Paso - Ysleta"), ("2402", BOTA), ("2504", "San Ysidro")]


def test_workbook_days_and_times_map_to_weekday_and_hour(waits_store: Store) -> None:
    # Sunday is the workbook's first day column and Puente's weekday 6; "Noon" is hour 12.
    got = rows(
        waits_store,
        "SELECT weekday, hour, minutes FROM wait_averages WHERE crossing = '"
        + BOTA
        + "' AND lane = 'passenger' AND month = 1 AND hour IN (0, 12) AND weekday IN (6, 0) "
        "ORDER BY weekday, hour",
    )
    assert got == [(0, 0, 22), (0, 12, 22), (6, 0, 20), (6, 12, 20)]
    # A zero in the workbook is a real zero; only a blank cell is closed.
    assert rows(
        waits_store,
        "SELECT minutes FROM wait_averages WHERE crossing = 'El Paso - Ysleta' AND hour = 0 "
        "LIMIT 1",
    ) == [(0,)]


def test_api_csv_fields_read_as_lanes(waits_store: Store) -> None:
    got = rows(
        waits_store,
        "SELECT lane, lane_type, minutes FROM wait_averages WHERE crossing = 'San Ysidro' "
        "AND month = 1 AND weekday = 6 AND hour = 5 ORDER BY lane, lane_type",
    )
    assert got == [
        ("commercial", "fast", None),
        ("commercial", "general", None),
        ("passenger", "general", 58),
        ("passenger", "ready", 29),
        ("passenger", "sentri", 7),
        ("pedestrian", "general", 10),
        ("pedestrian", "ready", None),
    ]


def test_observed_rows_keep_unknown_waits_and_modes(waits_store: Store) -> None:
    total, waits, no_mode = rows(
        waits_store,
        "SELECT count(*), count(minutes), count(*) FILTER (WHERE lane IS NULL) FROM observed_waits",
    )[0]
    assert total == 54
    assert total - waits == 5 + 1 + 2  # blank Chaparral, "En espera...", blank Algodones
    assert no_mode == 2
    # The double space of "Garita Nuevo  Mexicali" is a typo: it is Calexico East.
    assert rows(
        waits_store,
        "SELECT DISTINCT port_code, crossing FROM observed_waits WHERE city = 'mexicali' "
        "ORDER BY 1",
    ) == [("2502", "Andrade"), ("2503", "Calexico - West"), ("2507", "Calexico - East")]
    # "Sin demora" is a wait of zero; times are local, Sunday is weekday 6.
    assert rows(
        waits_store,
        "SELECT minutes, weekday, hour FROM observed_waits WHERE wait_raw = 'Sin demora' LIMIT 1",
    ) == [(0, 6, 5)]
    with waits_store.read() as cur:
        version = catalog.require_current(cur, "observed-waits")
    assert (version.coverage_start, version.coverage_end) == ("2025-03-13", "2025-04-13")


def test_each_average_file_loads_alone_whatever_its_name(store: Store, tmp_path: Path) -> None:
    book = write_el_paso_workbook(tmp_path / "anything.xlsx")
    assert load(store, "cbp-wait-averages", book).rows == 4 * 24 * 7
    assert load(store, "cbp-wait-averages", SY_CSV).rows == 2 * 168 * 7


def test_every_site_is_a_crossing_of_the_ports_reference() -> None:
    reference = Path(__file__).resolve().parents[2] / "src/puente/border/data/port_crossings.csv"
    with reference.open(encoding="utf-8") as handle:
        crossings = {r["crossing"]: r for r in csv.DictReader(handle)}
    for site in SITES:
        row = crossings[site.crossing]
        assert row["bwt_port_number"] == site.bwt_port_number, site
        # The reference files Ysleta under El Paso's code; BTS reports it as port 2401.
        assert row["bts_port_code"] == site.port_code or site.port_name == "Ysleta", site


@pytest.mark.parametrize(
    ("label", "hour"),
    [
        ("Midnight", 0),
        ("1:00 AM", 1),
        ("11:00 AM", 11),
        ("Noon", 12),
        ("1:00 PM", 13),
        ("11:00 PM", 23),
        ("12:00 PM", 12),
        ("13:00 PM", None),
        ("1:30 AM", None),
        ("", None),
    ],
)
def test_time_labels(label: str, hour: int | None) -> None:
    assert hour_of(label) == hour


def _csv_with(tmp_path: Path, line: int, column: str, value: str, source: Path = SY_CSV) -> Path:
    with source.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    table[line - 1][table[0].index(column)] = value
    out = tmp_path / "bad.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    return out


API_CASES = [
    # (line, column, new value, expected pieces, why)
    (5, "bwt_day", "7", ["line 5", "'bwt_day'", "0 to 6"], "weekday out of range"),
    (9, "pv_time_avg", "n/a", ["line 9", "'pv_time_avg'", "whole minutes"], "not a number"),
    (9, "ped_time_avg", "-3", ["line 9", "'ped_time_avg'", "whole minutes"], "negative"),
    (3, "bwt_hour", "0", ["line 3", "appears twice"], "duplicate month, day and hour"),
    (12, "bwt_month", "13", ["line 12", "'bwt_month'", "1 to 12"], "month out of range"),
]


@pytest.mark.parametrize(("line", "column", "value", "pieces", "why"), API_CASES)
def test_bad_api_csv(
    store: Store, tmp_path: Path, line: int, column: str, value: str, pieces: list[str], why: str
) -> None:
    load(store, "cbp-wait-averages", SY_CSV)
    with pytest.raises(SourceError) as info:
        load(store, "cbp-wait-averages", _csv_with(tmp_path, line, column, value))
    message = str(info.value)
    assert "bad.csv" in message, why
    for piece in pieces:
        assert piece in message, f"{why}: {piece!r} not in {message!r}"
    with store.read() as cur:
        assert catalog.require_current(cur, "cbp-wait-averages").version == 1


def test_api_csv_without_a_key_column(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("bwt_month,bwt_day,pv_time_avg\n1,0,30\n")
    with pytest.raises(SourceError, match=r"bad\.csv, line 1: missing column\(s\) bwt_hour"):
        load(store, "cbp-wait-averages", bad)


def _book_with(tmp_path: Path, row: int, column: str, value: object) -> Path:
    path = write_el_paso_workbook(tmp_path / "bad.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    names = [c.value for c in sheet[1]]
    sheet.cell(row=row, column=names.index(column) + 1, value=value)
    book.save(path)
    return path


BOOK_CASES = [
    (30, "Port", "El Paso - Zaragoza", ["line 30", "'Port'", "a crossing Puente knows"], "port"),
    (8, "Time", "25:00 PM", ["line 8", "'Time'", "Midnight, Noon"], "time"),
    (9, "Monday (min)", "abc", ["line 9", "'Monday (min)'", "whole minutes"], "text minutes"),
    (9, "Friday (min)", 2.5, ["line 9", "'Friday (min)'", "whole minutes"], "fraction"),
    (40, "Lane", "Bus", ["line 40", "'Lane'", "Commercial, Passenger or Pedestrian"], "lane"),
    (40, "Sub-Lane", "Fast Pass", ["line 40", "'Sub-Lane'", "Nexus/Sentri"], "sub-lane"),
    (41, "Month", "Janvier", ["line 41", "'Month'", "English month"], "month"),
    (41, "Day", "Monday", ["line 41", "'Day'", "All"], "one day only"),
    (26, "Monday (min)", 7, ["line 26", "minutes without a time"], "values on a separator"),
    (27, "Time", "1:00 AM", ["line 28", "already appear on line 27"], "duplicate time"),
]


@pytest.mark.parametrize(("row", "column", "value", "pieces", "why"), BOOK_CASES)
def test_bad_workbook(
    store: Store, tmp_path: Path, row: int, column: str, value: object, pieces: list[str], why: str
) -> None:
    load(store, "cbp-wait-averages", SY_CSV)
    with pytest.raises(SourceError) as info:
        load(store, "cbp-wait-averages", _book_with(tmp_path, row, column, value))
    message = str(info.value)
    assert "bad.xlsx" in message, why
    for piece in pieces:
        assert piece in message, f"{why}: {piece!r} not in {message!r}"
    assert rows(store, "SELECT count(*) FROM wait_averages") == [(2 * 168 * 7,)]


def test_workbook_without_a_day_column(store: Store, tmp_path: Path) -> None:
    path = write_el_paso_workbook(tmp_path / "bad.xlsx", header=HEADER_WITHOUT_SATURDAY)
    with pytest.raises(SourceError, match=r"line 1: missing column\(s\) saturday_min"):
        load(store, "cbp-wait-averages", path)


HEADER_WITHOUT_SATURDAY = [
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
    "Sábado (min)",
]


def test_truncated_workbook(store: Store, tmp_path: Path) -> None:
    good = write_el_paso_workbook(tmp_path / "good.xlsx").read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good[: len(good) // 2])
    with pytest.raises(SourceError, match=r"cut\.xlsx: not a readable \.xlsx workbook"):
        load(store, "cbp-wait-averages", cut)


OBSERVED_CASES = [
    (
        4,
        "crossing",
        "Garita Mesa de Otay",
        ["line 4", "'crossing'", "Garita Otay Mesa"],
        "crossing",
    ),
    (
        4,
        "wait_minutes",
        "46",
        ["line 4", "'wait_minutes'", "the minutes that wait_raw says"],
        "mismatch",
    ),
    (6, "observed_at_local", "16/03/2025 05:10", ["line 6", "'observed_at_local'"], "date"),
    (6, "mode", "bicicleta", ["line 6", "'mode'", "vehicular, peatonal"], "mode"),
    (7, "lane_type", "Fast", ["line 7", "'lane_type'", "General, Sentri or ReadyLane"], "type"),
    (7, "wait_raw", "mucho", ["line 7", "'wait_raw'", "Sin demora"], "unreadable wait"),
    (8, "lanes_open", "tres", ["line 8", "'lanes_open'", "whole number"], "lanes"),
]


@pytest.mark.parametrize(("line", "column", "value", "pieces", "why"), OBSERVED_CASES)
def test_bad_observed_csv(
    store: Store, tmp_path: Path, line: int, column: str, value: str, pieces: list[str], why: str
) -> None:
    load(store, "observed-waits", OBSERVED_CSV)
    bad = _csv_with(tmp_path, line, column, value, OBSERVED_CSV)
    gz = tmp_path / "bad.csv.gz"
    gz.write_bytes(gzip.compress(bad.read_bytes()))
    with pytest.raises(SourceError) as info:
        load(store, "observed-waits", gz)
    message = str(info.value)
    assert "bad.csv.gz" in message, why
    for piece in pieces:
        assert piece in message, f"{why}: {piece!r} not in {message!r}"
    assert rows(store, "SELECT count(*) FROM observed_waits") == [(54,)]


def test_observed_waits_without_a_mirror_say_so(store: Store) -> None:
    with pytest.raises(SourceError, match=r"no public URL.*PUENTE_MIRROR or --from"):
        ingest_source(store, get_source("observed-waits"), mirror=None)
