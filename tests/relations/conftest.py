"""A store with every dataset the relations page reads, from the fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.store import Store

from .support import load_relations_fixtures


@pytest.fixture
def relations_store(store: Store, tmp_path: Path) -> Store:
    load_relations_fixtures(store, tmp_path)
    return store
