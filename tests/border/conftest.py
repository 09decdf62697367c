"""Stores with the wait-time fixtures loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.store import Store
from tests.border.waits_support import load_waits_fixture


@pytest.fixture
def waits_store(store: Store, tmp_path: Path) -> Store:
    load_waits_fixture(store, tmp_path / "mirror")
    return store
