"""A store with the three CBP fixtures, and an app on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.store import Store
from tests.security.support import load_security_fixtures


@pytest.fixture
def security_store(store: Store) -> Store:
    load_security_fixtures(store)
    return store


@pytest.fixture
def security_client(security_store: Store, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=security_store)) as client:
        yield client
