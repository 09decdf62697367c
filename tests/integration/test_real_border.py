"""The real BTS file in ../shared/data, checked against an independent computation."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from pathlib import Path

import pytest

from puente.border import crossings
from puente.border.sources import PEOPLE_MEASURES
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store

pytestmark = [pytest.mark.integration, pytest.mark.slow]
REAL = "border_crossings/bts_border_crossing_entry/Border_Crossing_Entry_Data.csv.gz"


@pytest.fixture(scope="module")
def independent(request: pytest.FixtureRequest) -> dict:
    from tests.conftest import shared_data_dir

    path = shared_data_dir() / REAL
    if not path.is_file():
        pytest.skip(f"real data not found at {path}")
    seen: set[tuple[str, ...]] = set()
    dups = 0
    people: dict[int, int] = defaultdict(int)
    by_port: dict[tuple[int, str], int] = defaultdict(int)
    rows = 0
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows += 1
            key = tuple(row.values())
            if key in seen:
                dups += 1
                continue
            seen.add(key)
            if row["Border"] != "US-Mexico Border" or row["Measure"] not in PEOPLE_MEASURES:
                continue
            year = int(row["Date"][-4:])
            people[year] += int(row["Value"])
            by_port[(year, row["Port Code"])] += int(row["Value"])
    return {"rows": rows, "dups": dups, "people": people, "by_port": by_port}


def test_real_file_figures(store: Store, shared_data: Path, independent: dict) -> None:
    report = ingest_source(store, get_source("border-crossings"), mirror=shared_data)
    assert report.stats["rows_read"] == independent["rows"]
    assert report.stats["exact_duplicates"] == independent["dups"]
    with store.read() as cur:
        for year in (1996, 2019, 2024):
            summary = crossings.summary(cur, year)
            assert summary.people == independent["people"][year], year
        top = crossings.summary(cur, 2024).top_ports[0]
        expected_top = max(
            (code for (y, code) in independent["by_port"] if y == 2024),
            key=lambda code: independent["by_port"][(2024, code)],
        )
        assert top["port_code"] == expected_top == "2504"
        ports_2024 = {code for (y, code) in independent["by_port"] if y == 2024}
        assert {p["port_code"] for p in crossings.summary(cur, 2024).top_ports} == ports_2024
        assert crossings.latest_full_year(cur) == 2024
        assert crossings.summary(cur, 2025).months == [1, 2]
