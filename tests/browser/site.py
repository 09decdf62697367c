"""One store holding a fixture of every part of the site (border and waits, trade and energy,
sanctions with two list versions, travel with the 32 state outlines, exchanges, security),
for the tests that walk the whole site."""

from __future__ import annotations

from pathlib import Path

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from tests.border.waits_support import load_waits_fixture
from tests.conftest import FIXTURES, load_geometry, shared_data_dir
from tests.relations.support import load_relations_fixtures
from tests.sanctions.conftest import load_sdn_fixture
from tests.security.support import MORE_DATASETS, load_security_fixtures
from tests.travel.helpers import load_travel


def load_site(store: Store, folder: Path) -> None:
    load_relations_fixtures(store, folder)  # crossings, ports, Census trade, energy, facts
    load_waits_fixture(store, folder)
    load_sdn_fixture(store, "full")
    load_sdn_fixture(store, "later")  # two versions: the diff and the highlights have content
    load_travel(store)
    outlines = shared_data_dir() / "geo" / "mexican_states.geojson"
    load_geometry(store, outlines) if outlines.is_file() else load_geometry(store)
    load_security_fixtures(store)
    for name in MORE_DATASETS:  # AMO seizures, encounters by state (not their crossings)
        ingest_source(store, get_source(name), str(FIXTURES / name))
