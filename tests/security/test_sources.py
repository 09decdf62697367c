"""The CBP parsers on files in the published format, and clear errors on bad ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from puente.errors import SourceError
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store, catalog

DRUGS = "cbp-drug-seizures"


def rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    with store.read() as cur:
        return cur.execute(sql).fetchall()


def copy_fixture(fixtures: Path, dataset: str, tmp_path: Path) -> Path:
    folder = tmp_path / dataset
    shutil.copytree(fixtures / dataset, folder)
    return folder


def test_drug_files_load_with_fiscal_months_as_calendar_dates(store: Store, fixtures: Path) -> None:
    report = ingest_source(store, get_source(DRUGS), str(fixtures / DRUGS))
    assert report.rows == 18
    # FY2022 OCT is October 2021; FY2024 (FYTD) NOV is November 2023; FY2023 SEP is Sep 2023.
    got = rows(
        store,
        "SELECT DISTINCT fiscal_year, month_abbv, strftime(period, '%Y-%m'), fytd "
        "FROM cbp_drug_seizures ORDER BY 3",
    )
    assert got[0] == (2022, "OCT", "2021-10", False)
    assert (2022, "SEP", "2022-09", False) in got
    assert (2023, "SEP", "2023-09", False) in got
    assert got[-1] == (2024, "NOV", "2023-11", True)
    assert rows(store, "SELECT DISTINCT drug_type FROM cbp_drug_seizures WHERE lbs = 12.5") == [
        ("Other Drugs**",)
    ]
    with store.read() as cur:
        version = catalog.require_current(cur, DRUGS)
    assert (version.coverage_start, version.coverage_end) == ("2021-10", "2023-11")


def test_newer_release_wins_for_fiscal_years_both_files_cover(
    store: Store, fixtures: Path, tmp_path: Path
) -> None:
    folder = copy_fixture(fixtures, DRUGS, tmp_path)
    old = folder / "nationwide-drugs-fy19-fy22.csv"
    # An older release that also had FY2023 October (since revised in the newer file).
    with old.open("a", newline="") as handle:
        handle.write(
            "2023,OCT,Office of Field Operations,Southwest Border,Land Only,"
            "SAN DIEGO FIELD OFFICE,Fentanyl,99,9999\r\n"
        )
    report = ingest_source(store, get_source(DRUGS), str(folder))
    assert report.stats["rows_replaced_by_newer_release"] == 1
    assert rows(
        store,
        "SELECT sum(lbs) FROM cbp_drug_seizures WHERE fiscal_year = 2023 AND month_abbv = 'OCT' "
        "AND drug_type = 'Fentanyl'",
    ) == [(200.0,)]


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        ("2023,OCTOBER,Office of Field Operations,Southwest Border,Land Only,X,Fentanyl,1,2",
         "Month (abbv)", "OCT, NOV"),
        ("FY23,OCT,Office of Field Operations,Southwest Border,Land Only,X,Fentanyl,1,2",
         "FY", "fiscal year"),
        ("2023,OCT,Office of Field Operations,Southwest Border,Land Only,X,Fentanyl,one,2",
         "Count of Event", "whole number"),
        ("2023,OCT,Office of Field Operations,Southwest Border,Land Only,X,Fentanyl,1,-2",
         "Sum Qty (lbs)", "zero or more"),
        ("2023,OCT,Office of Field Operations,Southwest Border,Land Only,X,,1,2",
         "Drug Type", "non-empty"),
    ],
)  # fmt: skip
def test_bad_row_names_file_line_column_and_expectation(
    store: Store, fixtures: Path, tmp_path: Path, line: str, column: str, expected: str
) -> None:
    folder = copy_fixture(fixtures, DRUGS, tmp_path)
    newer = folder / "nationwide-drugs-fy23-fy26-apr.csv"
    with newer.open("a", newline="") as handle:
        handle.write(line + "\r\n")
    with pytest.raises(SourceError) as caught:
        ingest_source(store, get_source(DRUGS), str(folder))
    err = caught.value
    assert err.file is not None
    assert err.file.endswith("nationwide-drugs-fy23-fy26-apr.csv")
    assert err.line == 12  # header + 10 rows, then the bad one
    assert err.column == column
    assert expected in err.detail
    with store.read() as cur:
        assert catalog.current_version(cur, DRUGS) is None  # nothing half-loaded


def test_missing_column_is_named(store: Store, fixtures: Path, tmp_path: Path) -> None:
    folder = copy_fixture(fixtures, DRUGS, tmp_path)
    newer = folder / "nationwide-drugs-fy23-fy26-apr.csv"
    text = newer.read_text().replace(",Sum Qty (lbs)", ",Quantity")
    newer.write_text(text)
    with pytest.raises(SourceError, match="sum_qty_lbs") as caught:
        ingest_source(store, get_source(DRUGS), str(folder))
    assert caught.value.line == 1


def test_currency_sample_loads_and_checks_direction(
    store: Store, fixtures: Path, tmp_path: Path
) -> None:
    name = "cbp-currency-seizures"
    report = ingest_source(store, get_source(name), str(fixtures / name))
    assert report.rows == 8
    assert rows(
        store,
        "SELECT direction, sum(usd) FROM cbp_currency_seizures WHERE fiscal_year = 2025 "
        "AND region = 'Southwest Border' GROUP BY 1 ORDER BY 1",
    ) == [("Inbound", 20000.5), ("Other", 80000.0), ("Outbound", 200000.0)]
    folder = copy_fixture(fixtures, name, tmp_path)
    path = folder / "currency-seizures-fy25-fy26-jul_sample.csv"
    path.write_text(path.read_text().replace(",Outbound,3,", ",Southbound,3,"))
    with pytest.raises(SourceError) as caught:
        ingest_source(store, get_source(name), str(folder))
    assert (caught.value.line, caught.value.column) == (2, "Inbound/Outbound")
    assert "Inbound or Outbound or Other" in caught.value.detail


def test_encounters_load_and_reject_a_ragged_row(
    store: Store, fixtures: Path, tmp_path: Path
) -> None:
    name = "cbp-southwest-encounters"
    assert ingest_source(store, get_source(name), str(fixtures / name)).rows == 8
    assert rows(
        store,
        "SELECT sum(encounters) FROM cbp_southwest_encounters "
        "WHERE citizenship = 'Mexico' AND fiscal_year = 2022",
    ) == [(700,)]
    folder = copy_fixture(fixtures, name, tmp_path)
    path = folder / "sbo-encounters-fy22-fy25-aug.csv"
    with path.open("a", newline="") as handle:
        handle.write("2023,FYTD,DEC,U.S. Border Patrol,UAC,Mexico,Title 8\r\n")
    with pytest.raises(SourceError, match="well-formed CSV") as caught:
        ingest_source(store, get_source(name), str(folder))
    assert caught.value.line == 10
