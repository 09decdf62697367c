"""The real CBP files in ../shared/data, checked against an independent computation with the
csv module (and the figures the data README records)."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.security import drugs, encounters, money
from puente.store import Store, open_store

pytestmark = [pytest.mark.integration, pytest.mark.slow]
FOLDER = "security"
DRUG_FILES = ("nationwide-drugs-fy19-fy22.csv", "nationwide-drugs-fy23-fy26-apr.csv")
MONTHS = ("OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP")


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    from tests.conftest import shared_data_dir

    mirror = shared_data_dir()
    if not (mirror / FOLDER / "cbp_drug_seizures" / DRUG_FILES[1]).is_file():
        pytest.skip(f"real data not found at {mirror}")
    store = open_store(tmp_path_factory.mktemp("security") / "puente.duckdb")
    for name in ("cbp-drug-seizures", "cbp-currency-seizures", "cbp-southwest-encounters"):
        ingest_source(store, get_source(name), None, mirror=mirror)
    yield store, mirror / FOLDER
    store.close()


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_southwest_fentanyl_by_fiscal_year(real: tuple[Store, Path]) -> None:
    store, folder = real
    pounds: dict[int, float] = defaultdict(float)
    for name in DRUG_FILES:
        for row in read(folder / "cbp_drug_seizures" / name):
            if row["Region"] == "Southwest Border" and row["Drug Type"] == "Fentanyl":
                pounds[int(row["FY"][:4])] += float(row["Sum Qty (lbs)"])
    with store.read() as cur:
        answer = drugs.drug_seizures(cur, drug="Fentanyl", fiscal_year=2025)
    ours = {r["fiscal_year"]: r["lbs"] for r in answer.by_year}
    assert ours == {year: round(value, 2) for year, value in pounds.items()}
    # The data README's figures: FY2023 26,718 lbs, FY2025 11,488 lbs.
    assert round(ours[2023]) == 26718
    assert round(ours[2025]) == 11488
    assert answer.total.change == round((ours[2025] - ours[2024]) / ours[2024], 4)


def test_running_year_against_the_same_months(real: tuple[Store, Path]) -> None:
    store, folder = real
    rows = read(folder / "cbp_drug_seizures" / DRUG_FILES[1])
    running = {r["Month (abbv)"] for r in rows if r["FY"] == "2026 (FYTD)"}
    assert running == set(MONTHS[:7])  # OCT..APR

    def meth(year: str) -> float:
        return sum(
            float(r["Sum Qty (lbs)"])
            for r in rows
            if r["FY"] == year
            and r["Month (abbv)"] in running
            and r["Region"] == "Southwest Border"
            and r["Drug Type"] == "Methamphetamine"
        )

    with store.read() as cur:
        answer = drugs.drug_seizures(cur, drug="Methamphetamine")
    assert answer.fiscal_year == 2026
    assert answer.months == list(MONTHS[:7])
    assert answer.total.lbs == round(meth("2026 (FYTD)"), 2)
    assert answer.total.previous_lbs == round(meth("2025"), 2)


def test_outbound_money_at_the_southwest_border(real: tuple[Store, Path]) -> None:
    store, folder = real
    rows = read(folder / "cbp_currency_seizures" / "currency-seizures-fy25-fy26-jul_sample.csv")
    outbound = sum(
        float(r["Currency Seizures Amount (USD)"])
        for r in rows
        if r["Fiscal Year"].startswith("2025")
        and r["Region"] == "Southwest Border"
        and r["Inbound/Outbound"] == "Outbound"
    )
    with store.read() as cur:
        answer = money.currency_seizures(cur, fiscal_year=2025)
    got = next(r for r in answer.by_direction if r["direction"] == "Outbound")
    assert got["usd"] == round(outbound, 2)
    assert round(answer.total.usd / 1e6, 2) == 15.77  # the data README: $15.77 M
    assert answer.sample is True


def test_encounters_by_citizenship(real: tuple[Store, Path]) -> None:
    store, folder = real
    rows = read(folder / "cbp_encounters" / "sbo-encounters-fy22-fy25-aug.csv")
    mexico = sum(
        int(r["Encounter Count"])
        for r in rows
        if r["Fiscal Year"] == "2024" and r["Citizenship Grouping"] == "Mexico"
    )
    with store.read() as cur:
        answer = encounters.southwest_encounters(cur, fiscal_year=2024)
    assert answer.by_citizenship[0] == {
        **answer.by_citizenship[0],
        "citizenship": "Mexico",
        "encounters": mexico,
    }
    assert answer.total.encounters == 2135005  # the data README's FY2024 total
