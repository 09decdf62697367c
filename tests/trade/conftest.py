"""Trade fixtures: the tiny workbook, a store loaded with every trade fixture, the real data."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.store import Store

from .support import census_rows, load_trade_fixtures, mirror_dir, write_country_xlsx


@pytest.fixture(scope="session")
def trade_mirror() -> Path:
    path = mirror_dir()
    if not (path / "trade").is_dir():
        pytest.skip(f"real trade data not found under {path}")
    return path


@pytest.fixture
def country_xlsx(tmp_path: Path) -> Path:
    return write_country_xlsx(tmp_path / "country.xlsx", census_rows())


@pytest.fixture
def trade_store(store: Store, country_xlsx: Path) -> Store:
    load_trade_fixtures(store, country_xlsx)
    return store
