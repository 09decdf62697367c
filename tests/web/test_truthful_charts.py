"""Charts that tell the truth: gaps where the data has nothing, partial periods drawn and
labelled as such, one colour per series, axes in the reader's words, never wider than the card.

Specs are checked as built, and rendered to SVG by vl-convert (the same Vega-Lite the page
loads) where what matters is what the reader sees: a broken line, "$40B" rather than "40G".
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import vl_convert

from puente.border.crossings import unreported_years
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from puente.trade import energy
from puente.web import charts
from puente.web.rendering import Formatters
from tests.conftest import FIXTURES


def _svg(spec: dict[str, Any]) -> str:
    return str(vl_convert.vegalite_to_svg({**spec, "width": 400}))


def _line_paths(svg: str) -> list[str]:
    return [d for d in re.findall(r'd="([^"]*)"', svg) if "L" in d and "A" not in d]


def test_a_missing_value_is_a_gap_in_the_line_not_a_zero() -> None:
    rows = [
        {"year": "1995", "people": 10.0},
        {"year": "1996", "people": None},
        {"year": "1997", "people": 30.0},
        {"year": "1998", "people": 40.0},
    ]
    spec = charts.line_chart(rows, "year", "people")
    assert spec["data"]["values"][1]["people"] is None  # no zero stands in for it
    paths = _line_paths(_svg(spec))
    assert paths, "the line was not drawn"
    # The line restarts after the gap (a second move-to), so 1995 is not joined to 1997.
    assert max(p.count("M") for p in paths) == 2


def test_a_partial_period_is_hollow_and_labelled() -> None:
    rows = [
        {"year": "2021", "kbd": 10.0, **charts.partial_fields(False, "")},
        {"year": "2022", "kbd": 12.0, **charts.partial_fields(False, "")},
        {"year": "2023", "kbd": 3.0, **charts.partial_fields(True, "1 of 12 months")},
    ]
    spec = charts.line_chart(rows, "year", "kbd")
    hollow = [
        layer
        for layer in spec["layer"]
        if layer["mark"]["type"] == "point" and layer["mark"]["filled"] is False
    ]
    assert hollow
    assert hollow[0]["transform"] == [{"filter": "datum.partial"}]
    svg = _svg(spec)
    assert "1 of 12 months" in svg  # the label is drawn beside the point


def test_every_series_has_its_own_colour_and_an_uncut_legend() -> None:
    rows = [{"year": str(y), "m": f"measure {i}", "v": i} for i in range(12) for y in (1, 2)]
    spec = charts.line_chart(rows, "year", "v", color="m")
    color = spec["encoding"]["color"]
    assert color["scale"]["domain"] == [f"measure {i}" for i in range(12)]
    assert len(set(color["scale"]["range"])) == 12
    assert color["legend"]["labelLimit"] == 0  # no clipped names
    assert spec["width"] == "container"
    assert spec["autosize"] == {"type": "fit", "contains": "padding"}


def test_palette_is_okabe_ito_first() -> None:
    assert charts.PALETTE[:7] == (
        "#0072B2",
        "#E69F00",
        "#009E73",
        "#D55E00",
        "#CC79A7",
        "#56B4E9",
        "#000000",
    )
    assert len(set(charts.PALETTE)) == len(charts.PALETTE)


@pytest.mark.parametrize(
    ("locale", "money", "shown", "never"),
    [
        ("en", True, "$40B", "40G"),
        ("es", True, "40,000 mdd", "40G"),
        ("en", False, "40B", "40G"),
    ],
)
def test_currency_axes_read_as_billions(locale: str, money: bool, shown: str, never: str) -> None:
    rows = [{"partner": "Mexico", "usd": 4.0e10}, {"partner": "Canada", "usd": 3.5e10}]
    spec = charts.bar_chart(rows, "partner", "usd", locale=locale, money=money)
    axis = spec["encoding"]["x"]["axis"]
    assert axis["tickCount"] == 5
    assert axis["labelOverlap"] is True
    svg = _svg(spec)
    assert shown in svg
    assert never not in svg


def test_year_axes_drop_labels_rather_than_cram_them() -> None:
    rows = [{"year": str(y), "v": y} for y in range(1990, 2024)]
    spec = charts.line_chart(rows, "year", "v")
    assert spec["encoding"]["x"]["axis"]["labelOverlap"] == "greedy"


def test_a_port_year_of_zeros_is_no_data() -> None:
    series = [(1996, "Pedestrians", 0), (1996, "Trucks", 0), (1997, "Pedestrians", 7_000_000)]
    assert unreported_years(series) == [1996]


def test_spanish_dollars_in_words() -> None:
    es, en = Formatters("es"), Formatters("en")
    assert es.money(2_135_100_000, compact=True) == "2,135 millones de dólares"
    assert es.money(5_000_000, compact=True) == "5 millones de dólares"
    assert es.money(12_300, compact=True) == "12,300 dólares"
    assert en.money(1_670_270_020, compact=True) == "$1.7B"


def _eia_copy(tmp_path: Path) -> Path:
    """The EIA fixture with two earlier months of crude oil: one with no breakdown by
    destination (every destination 0, the U.S. total not), one in which Mexico got none while
    Canada got some."""
    folder = tmp_path / "eia"
    shutil.copytree(FIXTURES / "eia-energy-exports", folder)
    crude = folder / "Total_Crude_Oil_Exports_by_Destination_EIA.csv"
    lines = crude.read_text(encoding="utf-8-sig").splitlines()
    lines[3:3] = ["2014-07-15,12000.00,0.00,0.00", "2015-07-15,13000.00,8000.00,0.00"]
    crude.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_energy_zero_is_zero_and_no_breakdown_is_unknown(store: Store, tmp_path: Path) -> None:
    ingest_source(store, get_source("eia-energy-exports"), str(_eia_copy(tmp_path)))
    with store.read() as cur:
        rows = energy.energy_series(cur, "Mexico", "year").rows
        crude = {r["year"]: r for r in rows if r["product"] == "crude_oil"}
        overview = energy.energy_overview(cur, 2015)
    assert crude[2014]["value"] is None  # EIA gave no breakdown: unknown, not 0
    assert crude[2014]["per_day"] is None
    assert crude[2015]["value"] == 0  # the file says 0 while Canada had some: 0
    by_product = {p["product"]: p for p in overview.products}
    assert by_product["crude_oil"]["value"] == 0  # shown, not dropped from the overview
    assert by_product["crude_oil"]["rank"] is None
