"""The BTS Border Crossing Entry Data parser, on files in the published format."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest

from puente.errors import SourceError
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store, catalog

HEADER = "Port Name,State,Port Code,Border,Date,Measure,Value,Latitude,Longitude,Point\n"
GOOD = (
    "Tecate,California,2505,US-Mexico Border,Jan 2024,Pedestrians,100,"
    "32.576,-116.626,POINT (-116.626 32.576)\n"
)


def load(store: Store, path: Path) -> object:
    return ingest_source(store, get_source("border-crossings"), str(path))


def rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    with store.read() as cur:
        return cur.execute(sql).fetchall()


def test_fixture_loads_with_text_codes_and_dates(store: Store, fixtures: Path) -> None:
    report = load(store, fixtures / "border-crossings" / "crossings.csv")
    assert report.rows == 462  # 463 data lines, one exact duplicate stored once
    assert report.stats["exact_duplicates"] == 1
    assert rows(store, "SELECT DISTINCT port_code FROM border_crossings WHERE state = 'Maine'") == [
        ("0104",)
    ]
    assert rows(
        store, "SELECT min(period)::VARCHAR, max(period)::VARCHAR FROM border_crossings"
    ) == [("2023-01-01", "2025-02-01")]
    with store.read() as cur:
        version = catalog.require_current(cur, "border-crossings")
    assert (version.coverage_start, version.coverage_end) == ("2023-01", "2025-02")


def test_socrata_timestamp_dates_read_as_months(store: Store, fixtures: Path) -> None:
    load(store, fixtures / "border-crossings" / "crossings_socrata_dates.csv")
    months = rows(
        store, "SELECT DISTINCT strftime(period, '%Y-%m') FROM border_crossings ORDER BY 1"
    )
    assert [m[0] for m in months] == [f"2024-{i:02d}" for i in range(1, 13)]


def test_gzip_and_zip_are_read_transparently(store: Store, fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / "border-crossings" / "crossings.csv").read_bytes()
    gz = tmp_path / "c.csv.gz"
    gz.write_bytes(gzip.compress(text))
    assert load(store, gz).rows == 462
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Border_Crossing_Entry_Data.csv", text + GOOD.encode())
    zipped = tmp_path / "c.zip"
    zipped.write_bytes(buffer.getvalue())
    assert load(store, zipped).rows == 463


def test_leading_zeros_restored_when_a_tool_dropped_them(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(HEADER + "Jackman,Maine,104,US-Canada Border,Jan 2024,Trucks,5,45.8,-70.4,\n")
    load(store, path)
    assert rows(store, "SELECT port_code FROM border_crossings") == [("0104",)]


def test_coordinates_from_point_when_lat_lon_absent(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "Port Name,State,Port Code,Border,Date,Measure,Value,Location\n"
        "Tecate,California,2505,US-Mexico Border,Jan 2024,Pedestrians,7,POINT (-116.626 32.576)\n"
    )
    load(store, path)
    assert rows(store, "SELECT latitude, longitude FROM border_crossings") == [(32.576, -116.626)]


BAD_CASES = [
    # (file content as bytes, expected message pieces, why)
    (b"", ["empty"], "empty file"),
    (HEADER.encode(), ["header but no data rows"], "header only"),
    (
        HEADER.replace("Measure,", "").encode()
        + b"Tecate,California,2505,US-Mexico Border,Jan 2024,100,1,2,\n",
        ["line 1", "missing column(s) measure"],
        "missing column",
    ),
    (
        HEADER.replace("Value", "Count").encode() + GOOD.encode(),
        ["line 1", "missing column(s) value"],
        "renamed column",
    ),
    (
        (HEADER + GOOD + GOOD.replace("Jan 2024", "Janvier 2024")).encode(),
        ["line 3", "column 'Date'", "'Janvier 2024'", "Jan 2024"],
        "bad date",
    ),
    (
        (HEADER + GOOD.replace(",100,", ",1O0,")).encode(),
        ["line 2", "column 'Value'", "whole number"],
        "non-numeric value",
    ),
    (
        (HEADER + GOOD + GOOD + GOOD.replace(",100,", ",-5,")).encode(),
        ["line 4", "column 'Value'", "zero or more"],
        "negative value",
    ),
    (
        (HEADER + GOOD.replace("Pedestrians", "Walkers")).encode(),
        ["line 2", "column 'Measure'", "one of the 12 BTS measures"],
        "unknown measure",
    ),
    (
        (HEADER + GOOD.replace("Tecate,California", "Tecate,Baja California, México")).encode(),
        ["line 2", "not a well-formed CSV"],
        "extra field",
    ),
    (
        HEADER.encode() + GOOD.replace("Tecate", "Tecat\xe9").encode("cp1252"),
        ["line 2", "column 'Port Name'", "not valid UTF-8"],
        "wrong encoding",
    ),
    (
        (HEADER + GOOD.replace("2505", "25X5")).encode(),
        ["line 2", "column 'Port Code'", "up to 4 digits"],
        "bad port code",
    ),
]


@pytest.mark.parametrize(("content", "pieces", "why"), BAD_CASES, ids=[c[2] for c in BAD_CASES])
def test_bad_input_names_file_line_column_and_leaves_store_unchanged(
    store: Store, fixtures: Path, tmp_path: Path, content: bytes, pieces: list[str], why: str
) -> None:
    load(store, fixtures / "border-crossings" / "crossings.csv")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    with pytest.raises(SourceError) as info:
        load(store, bad)
    message = str(info.value)
    assert "bad.csv" in message, why
    for piece in pieces:
        assert piece in message, f"{why}: {piece!r} not in {message!r}"
    with store.read() as cur:
        assert catalog.require_current(cur, "border-crossings").version == 1
    assert rows(store, "SELECT count(*) FROM border_crossings") == [(462,)]


def test_truncated_gzip_is_refused(store: Store, fixtures: Path, tmp_path: Path) -> None:
    data = gzip.compress((fixtures / "border-crossings" / "crossings.csv").read_bytes())
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError, match=r"cut\.csv\.gz: .*truncated"):
        load(store, cut)


def test_failed_download_names_the_url(store: Store) -> None:
    with pytest.raises(SourceError, match=r"http://127\.0\.0\.1:9/rows\.csv: download failed"):
        ingest_source(store, get_source("border-crossings"), "http://127.0.0.1:9/rows.csv")


def test_missing_file_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        load(store, tmp_path / "absent.csv")


def test_conflicting_rows_are_reported_not_summed_silently(store: Store, tmp_path: Path) -> None:
    """Two rows for one port, month and measure with different values are named in the
    ingest report (as exact duplicates are counted), with both values."""
    conflicting = GOOD.replace(",100,", ",130,")
    path = tmp_path / "crossings.csv"
    path.write_text(HEADER + GOOD + GOOD + conflicting, encoding="utf-8")
    report = load(store, path)
    assert report.stats["exact_duplicates"] == 1
    assert report.stats["conflicting_rows"] == 2
    assert report.stats["conflicts"] == [
        {
            "port_code": "2505",
            "port_name": "Tecate",
            "border": "US-Mexico Border",
            "period": "2024-01",
            "measure": "Pedestrians",
            "values": [100, 130],
            "rows": 2,
        }
    ]
    assert "kept as published" in report.stats["conflicts_note"]


def test_a_clean_file_reports_no_conflicts(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "crossings.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    assert load(store, path).stats["conflicting_rows"] == 0
