"""Staging a published CSV: the error names the first bad line, a repeated column keeps its
first spelling, a header of blank cells is no header."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from puente.errors import SourceError
from puente.ingest.base import FileSpec, RawFile
from puente.ingest.tabular import Check, CsvFile, check_all, check_rows, map_columns, stage_csv


def csv_file(tmp_path: Path, text: str, name: str = "ports.csv") -> CsvFile:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    data = path.read_bytes()
    raw = RawFile(
        FileSpec(name, name, "http://127.0.0.1:9/x"),
        path,
        name,
        hashlib.sha256(data).hexdigest(),
        len(data),
    )
    return CsvFile.open(raw, tmp_path)


@pytest.fixture
def cur() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


BAD_TWICE = "code,value\n2504,10\n2506,x\n2402,12\n2302,y\n"
CHECKS = [Check("value", "NOT regexp_full_match(value, '[0-9]+')", "a whole number")]


def test_check_all_reports_the_first_bad_line(tmp_path: Path, cur) -> None:
    source = csv_file(tmp_path, BAD_TWICE)
    columns = map_columns(source.header(), ["code", "value"], [], source.label)
    assert stage_csv(cur, source, columns) == 4
    with pytest.raises(SourceError) as err:
        check_all(cur, source.label, CHECKS, {"value": "Value"})
    assert (
        str(err.value)
        == "ports.csv, line 3, column 'Value': 'x' is not valid; expected a whole number"
    )


def test_check_rows_reports_the_first_bad_line(tmp_path: Path, cur) -> None:
    source = csv_file(tmp_path, BAD_TWICE)
    stage_csv(cur, source, map_columns(source.header(), ["code", "value"], [], source.label))
    with pytest.raises(SourceError, match=r"line 3, column 'value': 'x' is not valid"):
        check_rows(cur, source.label, CHECKS[0].fails, "value", "a whole number")


def test_a_repeated_column_keeps_its_first_spelling(tmp_path: Path, cur) -> None:
    source = csv_file(tmp_path, "Port Code,port_code,Value\n2504,9999,10\n")
    columns = map_columns(source.header(), ["port_code", "value"], [], source.label)
    assert columns == {"port_code": "Port Code", "value": "Value"}
    stage_csv(cur, source, columns)
    assert cur.execute("SELECT port_code FROM _stage").fetchall() == [("2504",)]


def test_an_alias_does_not_override_the_column_it_names(tmp_path: Path) -> None:
    header = ["Value", "Amount"]
    columns = map_columns(header, ["value"], [], "f.csv", aliases={"amount": "value"})
    assert columns == {"value": "Value"}


@pytest.mark.parametrize("header", [",,\n", " , \n", "\n"])
def test_a_header_of_blank_cells_is_no_header(tmp_path: Path, header: str) -> None:
    source = csv_file(tmp_path, header + "2504,10,x\n")
    with pytest.raises(SourceError, match=r"ports\.csv: the file is empty; expected a header row"):
        source.header()


def test_a_missing_column_names_what_was_found(tmp_path: Path) -> None:
    """The columns Puente knows are named; the file's other header cells are not echoed
    (a wrong file may be a secret: `--from /proc/self/environ`)."""
    source = csv_file(tmp_path, "code,amount\n2504,10\n")
    with pytest.raises(
        SourceError,
        match=r"line 1: missing column\(s\) value.*2 column\(s\); known among them: code\)",
    ) as caught:
        map_columns(source.header(), ["code", "value"], [], source.label)
    assert "amount" not in caught.value.detail


def test_an_alias_maps_a_column_published_under_another_name() -> None:
    columns = map_columns(["Code", "Amount"], ["code", "value"], [], "f.csv", {"amount": "value"})
    assert columns == {"code": "Code", "value": "Amount"}


def test_one_data_row_is_a_file_and_a_quote_in_a_header_is_a_name(tmp_path: Path, cur) -> None:
    source = csv_file(tmp_path, "Port's Code,Value\n2504,10\n")
    columns = map_columns(source.header(), ["port_s_code", "value"], [], source.label)
    assert stage_csv(cur, source, columns) == 1
    assert cur.execute("SELECT port_s_code, value, line FROM _stage").fetchall() == [
        ("2504", "10", 2)
    ]


def test_a_header_without_rows_and_an_empty_file_are_refused(tmp_path: Path, cur) -> None:
    source = csv_file(tmp_path, "code,value\n")
    with pytest.raises(SourceError, match=r"ports\.csv: the file has a header but no data rows"):
        stage_csv(cur, source, map_columns(source.header(), ["code"], [], source.label))
    with pytest.raises(SourceError, match=r"empty\.csv: the file is empty; expected a header"):
        csv_file(tmp_path, "", "empty.csv")


def test_a_zipped_csv_is_read_as_its_csv(tmp_path: Path, cur) -> None:
    import zipfile

    path = tmp_path / "ports.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ports.csv", "code,value\n2504,10\n2506,11\n")
    data = path.read_bytes()
    raw = RawFile(
        FileSpec("ports.zip", "ports.zip", "http://127.0.0.1:9/x"),
        path,
        "ports.zip",
        hashlib.sha256(data).hexdigest(),
        len(data),
    )
    source = CsvFile.open(raw, tmp_path)
    assert source.header() == ["code", "value"]
    assert stage_csv(cur, source, map_columns(source.header(), ["code"], [], source.label)) == 2
