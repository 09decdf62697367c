"""Shared fixtures: temporary stores, the fixture datasets, the app, the real data mirror."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings

from puente.api import create_app
from puente.config import Settings
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store, open_store
from tests.pgserver import PgServer, in_ci, pg_bin

# CI machines are shared and noisy: a property must hold, however long an example takes.
hypothesis_settings.register_profile("puente", deadline=None)
hypothesis_settings.load_profile("puente")

# Most tests send far more requests a minute than a person would; the rate limits have their
# own tests (tests/api/test_limits.py), which set them explicitly.
for _limit in ("PUENTE_RATE_LIMIT", "PUENTE_SCREEN_RATE_LIMIT", "PUENTE_AUTH_FAIL_LIMIT"):
    os.environ.setdefault(_limit, "off")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_data_dir() -> Path:
    """The real data snapshots: $PUENTE_TEST_MIRROR, else ../shared/data beside the repo."""
    configured = os.environ.get("PUENTE_TEST_MIRROR")
    return Path(configured) if configured else (ROOT.parent / "shared" / "data").resolve()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared_data() -> Path:
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"real data not found at {path}")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "puente.duckdb")
    yield opened
    opened.close()


def load_border_fixture(store: Store) -> None:
    ingest_source(
        store, get_source("border-crossings"), str(FIXTURES / "border-crossings" / "crossings.csv")
    )
    ingest_source(store, get_source("border-ports"))


GEOMETRY_FIXTURE = FIXTURES / "mexico-states-geometry" / "mexican_states.geojson"


def load_geometry(store: Store, path: Path = GEOMETRY_FIXTURE) -> None:
    """The state outlines (dataset mexico-states-geometry): the four-state fixture by
    default, or the real file (`shared_data / "geo" / "mexican_states.geojson"`)."""
    ingest_source(store, get_source("mexico-states-geometry"), str(path))


@pytest.fixture(scope="session")
def travel_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One store for the read-only travel and exchanges tests: the border fixture (for the
    ports registry) plus every travel and exchanges dataset. Tests that load or change data
    use `store`."""
    from tests.travel.helpers import load_travel

    opened = open_store(tmp_path_factory.mktemp("travel") / "puente.duckdb")
    load_border_fixture(opened)
    load_travel(opened)
    yield opened
    opened.close()


@pytest.fixture
def cur(travel_store: Store) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read transaction on `travel_store`."""
    with travel_store.read() as cursor:
        yield cursor


@pytest.fixture
def border_store(store: Store) -> Store:
    load_border_fixture(store)
    return store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=tmp_path / "puente.duckdb", mirror=None)


@pytest.fixture
def client(border_store: Store, settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, store=border_store, admin_token="test-token")
    with TestClient(app) as test_client:
        yield test_client


# PostgreSQL: one real server per test process (see tests/pgserver.py), a fresh schema per test.


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server started for this test run. Skipped only when no PostgreSQL is
    installed and this is not CI; in CI (CI or PUENTE_CI set) a missing server fails."""
    bindir = pg_bin()
    if bindir is None:
        message = "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin)"
        if in_ci():
            pytest.fail(message + "; .ci/run installs the Debian postgresql package")
        pytest.skip(message)
    server = PgServer(bindir).init().start()
    yield server
    from puente.state.pg import close_all

    close_all()
    server.remove()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """The URL of a state store of its own (a new schema) on the test run's server."""
    if not pg_server.started:  # a test that stopped it failed before starting it again
        pg_server.start()
    return pg_server.create_schema(f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture(params=["duckdb", "postgres"])
def state_url(request: pytest.FixtureRequest) -> str | None:
    """Run a test on both state stores: None (the embedded one), then a PostgreSQL URL."""
    if request.param == "duckdb":
        return None
    url: str = request.getfixturevalue("pg_url")
    return url
