"""Reference CSV files (project data) load through one mechanism: typed columns, empty cells
unknown, optional and computed columns, and every bad cell named by file, line and column."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest

from puente.errors import SourceError
from puente.ingest import ingest_source
from puente.ingest.base import FileSpec
from puente.ingest.reference import Column, ReferenceCsvSource
from puente.store import Store


class CitiesSource(ReferenceCsvSource):
    name: ClassVar[str] = "test-cities"
    title: ClassVar[str] = "Cities (test)"
    publisher: ClassVar[str] = "tests"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(name="cities.csv", mirror="cities.csv", url="https://example.invalid/c.csv"),
    )
    tables: ClassVar[tuple[str, ...]] = ("test_cities",)
    columns: ClassVar[tuple[Column, ...]] = (
        Column("city", required=True, unique=True),
        Column("state_code", "code", required=True),
        Column("people", "int", low=0, high=30_000_000),
        Column("founded", "date"),
        Column("as_of", "as_of"),
        Column("people_millions", "float", sql="try_cast(trim(people) AS DOUBLE) / 1e6"),
        Column("notes", optional=True),
    )
    order_by: ClassVar[str] = "city"


HEADER = "City,State_Code,People,Founded,As_Of\n"


def _load(store: Store, tmp_path: Path, body: str, header: str = HEADER):
    path = tmp_path / "cities.csv"
    path.write_text(header + body, encoding="utf-8")
    return ingest_source(store, CitiesSource(), str(path))


def test_typed_columns_and_unknown_cells(store: Store, tmp_path: Path) -> None:
    report = _load(
        store,
        tmp_path,
        "Mérida,MX-YUC,995129,1542-01-06,2020\nTijuana,MX-BCN,,,2024-09\n",
    )
    assert report.rows == 2
    assert report.stats == {"as_of_min": "2020", "as_of_max": "2024-09"}
    with store.read() as cur:
        rows = cur.execute(
            "SELECT line, city, people, CAST(founded AS VARCHAR), people_millions, notes "
            "FROM test_cities ORDER BY city"
        ).fetchall()
    assert rows == [
        (2, "Mérida", 995129, "1542-01-06", 0.995129, None),  # notes: not in this file
        (3, "Tijuana", None, None, None, None),  # empty cells are unknown, never 0
    ]


BAD = [
    ("Mérida,MX-YUC,lots,,2020\n", 2, "People", "a whole number"),
    ("Mérida,MX-YUC,-5,,2020\n", 2, "People", "a value from 0 to"),
    ("Mérida,Yucatán,1,,2020\n", 2, "State_Code", "an ISO 3166-2:MX code"),
    ("Mérida,MX-YUC,1,1542-13-01,2020\n", 2, "Founded", "a date as YYYY-MM-DD"),
    ("Mérida,MX-YUC,1,,2024-02-30\n", 2, "As_Of", "a date as 2024"),
    ("Mérida,MX-YUC,1,,2020\nMérida,MX-YUC,2,,2020\n", 3, "City", "appears only once"),
    (",MX-YUC,1,,2020\n", 2, "City", "may not be empty"),
]


@pytest.mark.parametrize(("body", "line", "column", "expected"), BAD)
def test_bad_cells_are_named(
    store: Store, tmp_path: Path, body: str, line: int, column: str, expected: str
) -> None:
    with pytest.raises(SourceError) as caught:
        _load(store, tmp_path, body)
    assert (caught.value.line, caught.value.column) == (line, column)  # as the header spells it
    assert expected in caught.value.detail


def test_a_missing_column_is_named(store: Store, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="missing column"):
        _load(store, tmp_path, "Mérida,MX-YUC,1,2020\n", header="City,State_Code,People,As_Of\n")
