"""EIA exports CSVs: BOM, two lines before the names, mid-month dates, trailing row."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from puente.errors import SourceError
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from puente.store.catalog import current_version
from puente.trade.eia import describe_series

from .support import FIXTURES

SOURCE = FIXTURES / "eia-energy-exports"
GAS = "Natural_Gas_Exports_by_Country_EIA.csv"


def _load(store: Store, folder: Path) -> None:
    ingest_source(store, get_source("eia-energy-exports"), str(folder))


def test_series_keep_their_keys_and_months(store: Store) -> None:
    _load(store, SOURCE)
    with store.read() as cur:
        pipeline = cur.execute(
            "SELECT period, value FROM energy_exports WHERE series_key = 'N9132MX2' ORDER BY period"
        ).fetchall()
        truck = cur.execute(
            "SELECT count(*) FROM energy_exports WHERE series_key = 'NGM_EPG0_ETR_NUS-NMX_MMCF'"
        ).fetchone()
        mexico = cur.execute(
            "SELECT series_key FROM energy_series WHERE destination = 'Mexico' ORDER BY 1"
        ).fetchall()
        version = current_version(cur, "eia-energy-exports")
    assert [p.isoformat() for p, _ in pipeline] == ["2016-07-01", "2016-08-01", "2017-08-01"]
    assert pipeline[1][1] == 130200.0
    assert truck == (2,)  # the blank July 2016 cell is unknown, not stored as 0
    assert [k for (k,) in mexico] == [
        "MCREXMX1",
        "MTXEX_NUS-NMX_1",
        "N9132MX2",
        "NGM_EPG0_ETR_NUS-NMX_MMCF",
        "NGM_EPG0_EVE_NUS-NMX_MMCF",
    ]
    assert version is not None
    assert version.coverage_end == "2017-08"


NAMES = [
    ("U.S. Natural Gas Pipeline Exports to Mexico (MMcf)", "MMcf", "Mexico", "pipeline"),
    (
        "Liquefied U.S. Natural Gas Exports by Vessel to Argentina  (Million Cubic Feet)",
        "MMcf",
        "Argentina",
        "lng_vessel",
    ),
    (
        "Liquefied U.S. Natural Gas Re-Exports to Mexico (Million Cubic Feet)",
        "MMcf",
        "Mexico",
        "lng_reexport",
    ),
    ("U.S. Exports to Mexico of Crude Oil (Thousand Barrels)", "thousand barrels", "Mexico", "all"),
    (
        "U.S. Exports of Total Petroleum Products (Thousand Barrels)",
        "thousand barrels",
        None,
        "all",
    ),
    (
        "Liquefied U.S. Natural Gas Exports by Vessel and Truck (MMcf)",
        "MMcf",
        None,
        "lng_vessel_truck",
    ),
]


@pytest.mark.parametrize(("name", "unit", "destination", "flow"), NAMES)
def test_series_names(name: str, unit: str, destination: str | None, flow: str) -> None:
    assert describe_series(name) == {"unit": unit, "destination": destination, "flow": flow}


BAD = [
    (lambda t: t.replace("2016-08-15", "Aug 2016"), 5, "Date", "2023-01-15"),
    (
        lambda t: t.replace("130200", "13O200"),
        5,
        "U.S. Natural Gas Pipeline Exports to Mexico (MMcf)",
        "a volume",
    ),
    (lambda t: t.replace("Sourcekey", "Series"), 2, "A", "Sourcekey"),
    (lambda t: t.replace("2017-08-15,400000,", "2017-08-15,"), 6, None, "fields"),
]


@pytest.mark.parametrize(("damage", "line", "column", "expected"), BAD)
def test_bad_files(
    tmp_path: Path, store: Store, damage, line: int, column: str | None, expected: str
) -> None:
    _load(store, SOURCE)
    folder = tmp_path / "eia"
    shutil.copytree(SOURCE, folder)
    path = folder / GAS
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        _load(store, folder)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert expected in str(caught.value)
    assert GAS in str(caught.value)
    with store.read() as cur:
        version = current_version(cur, "eia-energy-exports")
        assert version is not None
        assert version.version == 1


def test_not_utf8(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "eia"
    shutil.copytree(SOURCE, folder)
    path = folder / GAS
    path.write_bytes(path.read_bytes().replace(b"Mexico (MMcf)", b"M\xe9xico (MMcf)"))
    with pytest.raises(SourceError, match="not valid UTF-8"):
        _load(store, folder)


def _as_workbook(csv_path: Path, target: Path, sheet: str = "Data 1") -> None:
    """The CSV fixture written as EIA publishes it: an .xls workbook whose "Data 1" sheet has
    the two header rows, the names, real Excel dates and numbers."""
    import csv
    import datetime as dt

    import xlwt

    book = xlwt.Workbook()
    book.add_sheet("Contents").write(0, 0, "Contents")
    data = book.add_sheet(sheet)
    dates = xlwt.easyxf(num_format_str="mmm-yyyy")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        for r, row in enumerate(csv.reader(handle)):
            for c, cell in enumerate(row):
                if r >= 3 and c == 0 and cell:
                    data.write(r, c, dt.datetime.strptime(cell, "%Y-%m-%d"), dates)
                elif r >= 3 and cell:
                    data.write(r, c, float(cell))
                elif cell:
                    data.write(r, c, cell)
    book.save(str(target))


def _tables(store: Store) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with store.read() as cur:
        series = cur.execute("SELECT * FROM energy_series ORDER BY series_key").fetchall()
        values = cur.execute(
            "SELECT series_key, period, value FROM energy_exports ORDER BY 1, 2"
        ).fetchall()
    return series, values


def test_official_xls_workbooks_read_like_their_csv(tmp_path: Path, store: Store) -> None:
    from puente.store import open_store

    folder = tmp_path / "xls"
    folder.mkdir()
    for csv_file in SOURCE.glob("*.csv"):
        # saved under the spec's name, as a download from the official URL is
        _as_workbook(csv_file, folder / csv_file.name)
    _load(store, SOURCE)
    expected = _tables(store)
    other = open_store(tmp_path / "xls.duckdb")
    _load(other, folder)
    assert _tables(other) == expected
    assert expected[1]  # not two empty tables
    other.close()


def test_workbook_without_data_sheet_is_refused(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "xls"
    shutil.copytree(SOURCE, folder)
    _as_workbook(SOURCE / GAS, folder / GAS, sheet="Something else")
    with pytest.raises(SourceError, match="no sheet 'Data 1'"):
        _load(store, folder)


def test_damaged_workbook_is_refused(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "xls"
    shutil.copytree(SOURCE, folder)
    _as_workbook(SOURCE / GAS, folder / GAS)
    data = (folder / GAS).read_bytes()
    (folder / GAS).write_bytes(data[: len(data) // 3])
    with pytest.raises(SourceError, match="not a readable Excel workbook"):
        _load(store, folder)
