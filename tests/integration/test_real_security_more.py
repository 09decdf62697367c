"""The real CBP and BTS files in ../shared/data against an independent computation with the
csv module: seizures per million people crossing, Air and Marine Operations seizures by
state, and encounters by state (the figures the data README records)."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.security import amo, areas, encounters
from puente.store import Store, open_store

pytestmark = [pytest.mark.integration, pytest.mark.slow]
PEOPLE = {"Personal Vehicle Passengers", "Bus Passengers", "Pedestrians", "Train Passengers"}


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    from tests.conftest import shared_data_dir

    mirror = shared_data_dir()
    if not (mirror / "security" / "cbp_drug_seizures").is_dir():
        pytest.skip(f"real data not found at {mirror}")
    store = open_store(tmp_path_factory.mktemp("security-more") / "puente.duckdb")
    for name in (
        "cbp-drug-seizures",
        "cbp-amo-drug-seizures",
        "cbp-encounters-by-state",
        "border-crossings",
    ):
        ingest_source(store, get_source(name), None, mirror=mirror)
    yield store, mirror
    store.close()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_seizures_per_million_people_crossing(real: tuple[Store, Path]) -> None:
    store, mirror = real
    office = next(a for a in areas.AREAS if a.name == "SAN DIEGO FIELD OFFICE")
    drugs = mirror / "security" / "cbp_drug_seizures" / "nationwide-drugs-fy23-fy26-apr.csv"
    pounds = sum(
        float(r["Sum Qty (lbs)"])
        for r in _rows(drugs)
        if r["FY"][:4] == "2024" and r["Area of Responsibility"] == office.name
    )
    crossings = (
        mirror / "border_crossings" / "bts_border_crossing_entry"
        / "Border_Crossing_Entry_Data.csv.gz"
    )  # fmt: skip
    seen = set()
    people = 0
    with gzip.open(crossings, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = tuple(row.values())
            if key in seen:  # exact duplicate rows are stored once
                continue
            seen.add(key)
            month = datetime.strptime(row["Date"], "%b %Y")
            in_fy2024 = (2023, 10) <= (month.year, month.month) <= (2024, 9)
            if in_fy2024 and row["Port Code"].zfill(4) in office.ports:
                people += int(row["Value"]) if row["Measure"] in PEOPLE else 0
    with store.read() as cur:
        answer = areas.seizures_beside_crossings(cur)
    assert answer.fiscal_year == 2024
    assert answer.complete
    ours = next(o for o in answer.field_offices if o["area"] == office.name)
    assert ours["lbs"] == round(pounds, 2)
    assert ours["people_crossing"] == people
    assert ours["lbs_per_million"] == round(pounds * 1e6 / people, 3)


def test_amo_southwest_by_state(real: tuple[Store, Path]) -> None:
    store, mirror = real
    rows = _rows(mirror / "security" / "cbp_drug_seizures" / "amo-drug-seizures-fy19-fy22.csv")
    by_state: dict[str | None, float] = {}
    for r in rows:
        if r["FY"][:4] == "2022" and r["Region"] == "Southwest Border":
            state = amo.branch_state(r["Branch"])
            by_state[state] = by_state.get(state, 0.0) + float(r["Sum Qty (lbs)"])
    with store.read() as cur:
        answer = amo.amo_seizures(cur, fiscal_year=2022, region="Southwest Border")
    assert {r["state"]: r["lbs"] for r in answer.by_state} == {
        k: round(v, 2) for k, v in by_state.items()
    }


def test_southwest_encounters_by_state(real: tuple[Store, Path]) -> None:
    store, _ = real
    with store.read() as cur:
        answer = encounters.encounters_by_state(cur, 2023, "Southwest Land Border")
    # The data README: FY2023 Southwest 2,475,669, the same as the Southwest encounters file.
    assert answer.total == 2_475_669
    assert {r["state"] for r in answer.by_state} == {"AZ", "CA", "NM", "TX"}
