"""Trade test data: a tiny country.xlsx written like the Census workbook, and a loader of
every trade dataset from tests/fixtures (shared by tests/trade, tests/api, tests/web)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from tests.conftest import load_geometry

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def mirror_dir() -> Path:
    """The real data: $PUENTE_TEST_MIRROR, else ../shared/data beside the repository."""
    configured = os.environ.get("PUENTE_TEST_MIRROR")
    return Path(configured) if configured else (ROOT.parent / "shared" / "data").resolve()


MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
HEADER = [
    "year",
    "CTY_CODE",
    "CTYNAME",
    *(f"I{m}" for m in MONTHS),
    "IYR",
    *(f"E{m}" for m in MONTHS),
    "EYR",
]

# Annual (exports, imports) in millions, spread evenly over 12 months. 2018 mimics the real
# order: Mexico 2nd by exports (after Canada), 2nd by imports (after China) and 3rd by
# two-way trade; the aggregates are bigger than any country and must never be ranked.
PARTNERS_2018 = {
    ("1220", "Canada"): (300.0, 318.0),
    ("2010", "Mexico"): (265.2, 345.6),
    ("5700", "China"): (120.0, 540.0),
    ("4280", "Germany"): (57.6, 126.0),
    ("8220", "Unidentified Countries"): (1.2, 0.0),
}
PARTNERS_2017 = {
    ("1220", "Canada"): (282.0, 300.0),
    ("2010", "Mexico"): (243.6, 314.4),
    ("5700", "China"): (130.8, 505.2),
    ("4280", "Germany"): (54.0, 117.6),
}


def _even(total: float) -> list[float]:
    return [round(total / 12, 6)] * 12


def census_rows() -> list[list[object]]:
    """The fixture workbook's rows: 2017, 2018 full years; 2019 with January only."""
    rows: list[list[object]] = []
    for year, partners in ((2017, PARTNERS_2017), (2018, PARTNERS_2018)):
        world_e = sum(e for e, _ in partners.values())
        world_i = sum(i for _, i in partners.values())
        lines = {
            **partners,
            ("0015", "World, Not Seasonally Adjusted"): (world_e, world_i),
            ("0010", "North America"): (world_e * 0.8, world_i * 0.8),
            ("0003", "European Union"): (world_e, world_i),
        }
        for (code, name), (exports, imports) in lines.items():
            im, ex = _even(imports), _even(exports)
            rows.append([str(year), code, name, *im, sum(im), *ex, sum(ex)])
    # 2019: only January is published; the other months are 0 in both directions.
    for code, name, e, i in (
        ("2010", "Mexico", 24.0, 30.0),
        ("1220", "Canada", 23.0, 27.0),
        ("5700", "China", 10.0, 40.0),
        ("0015", "World, Not Seasonally Adjusted", 57.0, 97.0),
    ):
        rows.append([2019, code, name, i, *([0] * 11), i, e, *([0] * 11), e])
    return rows


def write_country_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    header: Sequence[object] = HEADER,
    sheet: str = "country",
) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def load_trade_fixtures(store: Store, country_xlsx: Path) -> None:
    ingest_source(store, get_source("census-country-trade"), str(country_xlsx))
    ingest_source(store, get_source("transborder-freight"), str(FIXTURES / "transborder-freight"))
    ingest_source(store, get_source("eia-energy-exports"), str(FIXTURES / "eia-energy-exports"))
    ingest_source(store, get_source("bilateral-facts"))
    load_geometry(store)
