"""The real files (../shared/data): Puente's figures against an independent computation from
the raw files, and against the published reference facts where the data covers them."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store, open_store
from puente.trade import energy, freight, goods
from puente.trade.facts import list_facts

pytestmark = pytest.mark.integration

DATASETS = (
    "census-country-trade",
    "transborder-freight",
    "eia-energy-exports",
    "bilateral-facts",
    "mexico-states-geometry",
)


@pytest.fixture(scope="module")
def real_store(trade_mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(tmp_path_factory.mktemp("real") / "puente.duckdb")
    for name in DATASETS:
        ingest_source(store, get_source(name), mirror=trade_mirror)
    yield store
    store.close()


@pytest.fixture(scope="module")
def workbook(trade_mirror: Path) -> dict[tuple[int, str], tuple[str, float, float]]:
    """(year, code) -> (name, exports, imports) summed straight from the sheet's months."""
    from openpyxl import load_workbook

    book = load_workbook(trade_mirror / "trade/census_country/country.xlsx", read_only=True)
    rows = book["country"].iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    imp = [
        header.index(f"I{m}")
        for m in (
            "JAN",
            "FEB",
            "MAR",
            "APR",
            "MAY",
            "JUN",
            "JUL",
            "AUG",
            "SEP",
            "OCT",
            "NOV",
            "DEC",
        )
    ]
    exp = [i + 13 for i in imp]
    out = {}
    for row in rows:
        if row[0] is None:
            continue
        out[(int(row[0]), str(row[1]))] = (
            row[2],
            sum(row[i] or 0 for i in exp),
            sum(row[i] or 0 for i in imp),
        )
    book.close()
    return out


def _independent_rank(workbook, year: int, code: str, measure: int | None) -> int:
    def value(item):
        _, e, i = item
        return e + i if measure is None else item[measure]

    countries = {c: v for (y, c), v in workbook.items() if y == year and 1000 <= int(c) < 8000}
    mine = value(countries[code])
    return 1 + sum(1 for v in countries.values() if value(v) > mine)


@pytest.mark.parametrize("year", [1993, 2000, 2008, 2018, 2020, 2022])
def test_census_figures_match_the_workbook(real_store: Store, workbook, year: int) -> None:
    with real_store.read() as cur:
        result = goods.summary(cur, year)
    _, exports, imports = workbook[(year, "2010")]
    assert result.exports_usd == pytest.approx(exports * 1e6, abs=1)
    assert result.imports_usd == pytest.approx(imports * 1e6, abs=1)
    assert result.exports_rank == _independent_rank(workbook, year, "2010", 1)
    assert result.imports_rank == _independent_rank(workbook, year, "2010", 2)
    assert result.two_way_rank == _independent_rank(workbook, year, "2010", None)
    _, world_e, _ = workbook[(year, "0015")]
    assert result.exports_share_pct == pytest.approx(exports / world_e * 100, abs=0.01)


def test_country_rows_add_up_to_the_world_line(real_store: Store, workbook) -> None:
    """Evidence that the 1000-7999 rule keeps every country and no aggregate."""
    for year in (2018, 2022):
        countries = sum(v[1] for (y, c), v in workbook.items() if y == year and int(c) >= 1000)
        assert countries == pytest.approx(workbook[(year, "0015")][1], rel=1e-3)


def test_partial_2023_has_january_only(real_store: Store) -> None:
    with real_store.read() as cur:
        result = goods.summary(cur, 2023)
    assert (result.months, result.complete) == (1, False)


def test_transborder_matches_the_csv(real_store: Store, trade_mirror: Path) -> None:
    totals: dict[tuple[str, str], float] = defaultdict(float)
    with (trade_mirror / "trade/bts_transborder/us_transborder.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Country"] == "Mexico":
                totals[(row["Year"], row["TradeType"])] += float(row["TradeValue"])
    states: dict[str, float] = defaultdict(float)
    path = trade_mirror / "trade/bts_transborder/mexican_state_trade.csv"
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Year"] == "2018":
                states[row["MexState"]] += float(row["TradeValue"])
    with real_store.read() as cur:
        series = {r["period"]: r for r in freight.freight_series(cur, "Mexico").rows}
        by_state = {r["name"]: r for r in freight.by_state(cur, 2018).rows}
    for year in ("1993", "2018", "2024"):
        assert series[year]["exports_usd"] == pytest.approx(totals[(year, "Export")])
        assert series[year]["imports_usd"] == pytest.approx(totals[(year, "Import")])
    assert by_state["Ciudad de México"]["exports_usd"] == pytest.approx(states["Distrito Federal"])
    assert by_state["Nuevo León"]["exports_usd"] == pytest.approx(states["Nuevo Leon"])


def test_eia_matches_the_csv(real_store: Store, trade_mirror: Path) -> None:
    path = trade_mirror / "trade/eia_energy_exports/Natural_Gas_Exports_by_Country_EIA.csv"
    with path.open(encoding="utf-8-sig") as f:
        lines = list(csv.reader(f))
    column = lines[1].index("N9132MX2")
    raw = {r[0][:7]: float(r[column]) for r in lines[3:] if r and r[0]}
    with real_store.read() as cur:
        rows = energy.energy_series(cur, "Mexico", "month", 2016, 2016).rows
    ours = {r["period"]: r["value"] for r in rows if r["flow"] == "pipeline"}
    assert ours == {k: v for k, v in raw.items() if k.startswith("2016")}


# --- Reference facts (src/puente/trade/data/bilateral_facts.csv) -------------------------


def _fact(cur, metric: str, period: str) -> float:
    facts = list_facts(cur, topic="trade", metric=metric).facts
    return next(f["value_number"] for f in facts if f["period"] == period)


def test_merchandise_trade_1993_matches_crs(real_store: Store) -> None:
    with real_store.read() as cur:
        result = goods.summary(cur, 1993)
        exports = _fact(cur, "merchandise exports to Mexico", "1993")
        imports = _fact(cur, "merchandise imports from Mexico", "1993")
    assert result.exports_usd / 1e9 == pytest.approx(exports, abs=0.05)
    assert result.imports_usd / 1e9 == pytest.approx(imports, abs=0.05)


def test_goods_trade_2020_matches_state(real_store: Store) -> None:
    with real_store.read() as cur:
        result = goods.summary(cur, 2020)
        published = _fact(cur, "goods trade (two-way)", "2020")
    assert result.two_way_usd / 1e9 == pytest.approx(published, rel=0.01)


def test_2018_goods_fall_short_of_goods_and_services_by_services(real_store: Store) -> None:
    """$678B (State, 2018) is goods AND services; Census country.xlsx is goods only. The gap
    is services trade, which none of the files hold (about $58B two-way in 2017-2019)."""
    with real_store.read() as cur:
        goods_2018 = goods.summary(cur, 2018).two_way_usd / 1e9
        with_services = _fact(cur, "goods and services trade (two-way)", "2018")
    assert goods_2018 == pytest.approx(609.6, abs=0.1)
    assert 50 < with_services - goods_2018 < 75


def test_ranks_match_state(real_store: Store) -> None:
    with real_store.read() as cur:
        ranks = {r["year"]: r for r in goods.partner_ranks(cur, "Mexico", 2018, 2022).rows}
    # "2nd-largest export market (after Canada), 2018-2024": the file covers 2018-2022
    assert all(r["exports_rank"] == 2 for r in ranks.values())
    # "3rd-largest trading partner (after Canada and China)" in 2018
    assert ranks[2018]["two_way_rank"] == 3


def test_transborder_2024_matches_commerce(real_store: Store) -> None:
    """Census country.xlsx ends in January 2023; TransBorder (Census-based) covers 2024."""
    with real_store.read() as cur:
        year = next(r for r in freight.freight_series(cur, "Mexico").rows if r["period"] == "2024")
        deficit = _fact(cur, "goods trade deficit with Mexico", "2024")
        two_way = _fact(cur, "goods trade (two-way)", "2024")
    assert year["two_way_usd"] / 1e9 == pytest.approx(two_way, abs=0.05)
    assert -year["balance_usd"] / 1e9 == pytest.approx(deficit, abs=0.05)


def test_transborder_weights_are_kilograms_a_reader_can_believe(real_store: Store) -> None:
    """The aggregates' Weight is short tons (SHIPWT kg / 907.185). Read as kilograms, 2024's
    truck imports would be worth about $6,000 a kilogram and weigh 8 kg a truck; in kilograms
    as stored, goods trucked from Mexico (vehicles, machinery, produce) are a few dollars a
    kilogram and vessel imports (mostly crude oil, about $0.55/kg) near a dollar."""
    with real_store.read() as cur:
        modes = {r["mode"]: r for r in freight.by_mode(cur, 2024).rows}
    truck, vessel = modes["Truck"], modes["Vessel"]
    assert 1 < truck["imports_usd"] / truck["import_weight_kg"] < 20
    assert 0.3 < vessel["imports_usd"] / vessel["import_weight_kg"] < 3
    # About 7 million loaded and empty trucks enter from Mexico a year: tonnes, not kilograms.
    assert 40e6 < truck["import_tonnes"] < 80e6


def test_energy_facts(real_store: Store) -> None:
    with real_store.read() as cur:
        overview = {p["product"]: p for p in energy.energy_overview(cur, 2018).products}
        aug_2016 = next(
            r
            for r in energy.energy_series(cur, "Mexico", "month", 2016, 2016).rows
            if r["flow"] == "pipeline" and r["period"] == "2016-08"
        )
    # "largest destination for U.S. refined petroleum products and natural gas" (2018)
    assert overview["petroleum_products"]["rank"] == 1
    assert overview["natural_gas"]["rank"] == 1
    # EIA Today in Energy: pipeline exports to Mexico reached 4.2 Bcf/d in August 2016. The
    # data says 4.27: the article quoted EIA's first estimate, which EIA later revised.
    assert aug_2016["per_day"] == pytest.approx(4.2, rel=0.02)
