"""TransBorder aggregates: one dataset of several tables, and bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from puente.errors import SourceError
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from puente.store.catalog import current_version

from .support import FIXTURES

SOURCE = FIXTURES / "transborder-freight"


def _load(store: Store, folder: Path) -> None:
    ingest_source(store, get_source("transborder-freight"), str(folder))


def test_every_table_loads_with_types(store: Store) -> None:
    _load(store, SOURCE)
    with store.read() as cur:
        version = current_version(cur, "transborder-freight")
        truck = cur.execute(
            "SELECT value_usd, weight_kg FROM transborder_annual WHERE year = 2018 "
            "AND country = 'Mexico' AND mode = 'Truck' AND trade_type = 'Import'"
        ).fetchone()
        blank_weight = cur.execute(
            "SELECT weight_kg FROM transborder_annual WHERE year = 2018 "
            "AND country = 'Mexico' AND mode = 'Truck' AND trade_type = 'Export'"
        ).fetchone()
        ports = cur.execute(
            "SELECT count(DISTINCT port_code) FROM transborder_texas_ports"
        ).fetchone()
    assert version is not None
    assert version.coverage_end == "2018-02"
    assert version.stats["rows_by_table"]["transborder_commodity"] == 5
    # The aggregates' Weight is short tons (SHIPWT kg / 907.185): stored back in kilograms.
    assert truck == (246_000_000_000.0, pytest.approx(52_000_000.0 * 907.185))
    assert blank_weight == (None,)  # blank weight is unknown, not 0
    assert ports == (3,)


def test_optional_file_may_be_absent(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "tb"
    shutil.copytree(SOURCE, folder)
    (folder / "us_state_trade.csv").unlink()
    _load(store, folder)
    with store.read() as cur:
        assert cur.execute("SELECT count(*) FROM transborder_us_state").fetchone() == (0,)


def test_required_file_missing(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "tb"
    shutil.copytree(SOURCE, folder)
    (folder / "monthly_trends.csv").unlink()
    with pytest.raises(SourceError, match=r"monthly_trends\.csv is missing"):
        _load(store, folder)


BAD = [
    ("us_transborder.csv", "2018,Mexico,Truck,Export,12x,,", 14, "TradeValue", "U.S. dollars"),
    ("monthly_trends.csv", "2018,13,Mexico,Truck,Export,5.0,,", 10, "Month", "1 to 12"),
    (
        "mexican_state_trade.csv",
        "2018,Sonora,Truck,Exported,5.0,,",
        10,
        "TradeType",
        "Export or Import",
    ),
    ("us_transborder.csv", "2018,Guatemala,Truck,Export,5.0,,", 14, "Country", "Canada or Mexico"),
    (
        "texas_mexico_ports.csv",
        "2018,2304,Laredo,Truck,Export,5.0,,abc,Laredo,1,2,",
        7,
        "FreightCharges",
        "a number",
    ),
    (
        "commodity_mexstate_trade.csv",
        "18,Sonora,Textiles,Truck,Export,5.0,,",
        7,
        "Year",
        "four-digit year",
    ),
]


@pytest.mark.parametrize(("name", "line", "number", "column", "expected"), BAD)
def test_bad_rows_name_file_line_and_column(
    tmp_path: Path,
    store: Store,
    name: str,
    line: str,
    number: int,
    column: str,
    expected: str,
) -> None:
    _load(store, SOURCE)
    folder = tmp_path / "tb"
    shutil.copytree(SOURCE, folder)
    with (folder / name).open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    with pytest.raises(SourceError) as caught:
        _load(store, folder)
    err = caught.value
    assert (err.line, err.column) == (number, column)
    assert expected in str(err)
    assert name in str(err)
    with store.read() as cur:
        version = current_version(cur, "transborder-freight")
        assert version is not None
        assert version.version == 1


def test_missing_column(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "tb"
    shutil.copytree(SOURCE, folder)
    (folder / "us_transborder.csv").write_text(
        "Year,Country,Mode,TradeValue,Weight\n2018,Mexico,Truck,1.0,\n", encoding="utf-8"
    )
    with pytest.raises(SourceError, match=r"missing column.*tradetype"):
        _load(store, folder)
