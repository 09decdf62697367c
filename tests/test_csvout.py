"""The shared CSV writer: no cell a spreadsheet would run, and the file still reads back."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puente.csvout import cell, csv_line, dict_rows_to_csv, neutralise

CASES = [
    ("=1+1", "'=1+1", "formula"),
    ("+SUM(A1:A3)", "'+SUM(A1:A3)", "plus starts a formula"),
    ("-2+3", "'-2+3", "minus starts a formula"),
    ("@SUM(A1)", "'@SUM(A1)", "at starts a function (Lotus syntax)"),
    ("\t=1", "'\t=1", "tab before a formula"),
    ("\r=1", "'\r=1", "carriage return before a formula"),
    ("-12.5", "-12.5", "a negative number is a value"),
    ("+52", "+52", "a signed number is a value"),
    ("1e-5", "1e-5", "a number in exponent form"),
    ("GUZMAN LOERA, Joaquin", "GUZMAN LOERA, Joaquin", "plain text unchanged"),
    ("a=b", "a=b", "an equals sign inside is harmless"),
    ("", "", "empty"),
]


@pytest.mark.parametrize(("value", "expected", "why"), CASES)
def test_neutralise(value: str, expected: str, why: str) -> None:
    assert neutralise(value) == expected, why


def test_separators_and_quotes_cannot_start_a_new_cell() -> None:
    # A European spreadsheet splits on ';': the cell is quoted so `=cmd` stays inside it.
    assert cell("x;=cmd|' /C calc'!A0") == "\"x;=cmd|' /C calc'!A0\""
    assert cell('say "hi"') == '"say ""hi"""'
    assert cell("=1") == '"\'=1"'
    assert cell(-3) == "-3"
    assert cell(None) == ""
    assert cell(True) == "true"
    assert cell(["SDNTK", "=evil"]) == '"SDNTK; =evil"'


@given(st.lists(st.text(), min_size=1, max_size=6))
def test_every_line_reads_back_and_runs_nothing(values: list[str]) -> None:
    line = csv_line(values)
    (row,) = list(csv.reader(io.StringIO(line, newline="")))
    assert len(row) == len(values)
    for original, written in zip(values, row, strict=True):
        assert (
            not written.startswith(("=", "+", "-", "@", "\t", "\r"))
            or neutralise(original) == original
        )
        assert written.removeprefix("'") == original or written == original


def test_dict_rows_with_a_header() -> None:
    text = dict_rows_to_csv([{"name": "=x", "n": 1}, {"name": "b"}], ["name", "n"])
    assert text == 'name,n\n"\'=x",1\nb,\n'
