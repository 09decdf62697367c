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
