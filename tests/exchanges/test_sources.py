"""The exchange programs data file: loads with a version; bad rows are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.errors import SourceError
from puente.ingest import ingest_source
from puente.ingest.fetch import package_path
from puente.ingest.registry import get_source
from puente.store import Store

DATA = package_path("package:puente.exchanges/data/exchange_programs.csv")


def test_loads_fourteen_programs(store: Store) -> None:
    report = ingest_source(store, get_source("exchange-programs"))
    assert report.rows == 14
    assert report.version == 1


@pytest.mark.parametrize(
    ("old", "new", "column", "expected"),
    [
        (",to_us,", ",to_moon,", "direction_code", "one of to_us"),
        (
            'students; youth,"Undergraduates',
            'students; pilots,"Undergraduates',
            "audience_tags",
            "audience tags",
        ),
        (",18,25,", ",25,18,", "max_age", "a maximum at least as large as min_age"),
        ("\nsusi,", "\nylai,", "slug", "appears only once"),
    ],
)
def test_bad_rows(
    store: Store, tmp_path: Path, old: str, new: str, column: str, expected: str
) -> None:
    text = DATA.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "exchange_programs.csv"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        ingest_source(store, get_source("exchange-programs"), origin=str(bad))
    assert caught.value.column == column
    assert caught.value.line is not None
    assert caught.value.line > 1
    assert expected in caught.value.detail
