"""The security fixtures (CBP files in their published format) loaded into a store."""

from __future__ import annotations

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from tests.conftest import FIXTURES

DATASETS = ("cbp-drug-seizures", "cbp-currency-seizures", "cbp-southwest-encounters")


def load_security_fixtures(store: Store) -> None:
    for name in DATASETS:
        ingest_source(store, get_source(name), str(FIXTURES / name))


ORGS = FIXTURES / "security-orgs"
CROSSINGS = FIXTURES / "security-crossings" / "crossings.csv"
MORE_DATASETS = ("cbp-amo-drug-seizures", "cbp-encounters-by-state")


def load_org_fixtures(store: Store, versions: tuple[str, ...] = ("v1", "v2")) -> None:
    """Versions of a small SDN list in the legacy format (v3: the derived file, no Remarks)."""
    for version in versions:
        ingest_source(store, get_source("ofac-sdn"), str(ORGS / version))


def load_more_security_fixtures(store: Store) -> None:
    """The CBP drug seizures, AMO seizures, encounters by state and three months of
    crossings at two Mexican ports and a Canadian one."""
    for name in ("cbp-drug-seizures", *MORE_DATASETS):
        ingest_source(store, get_source(name), str(FIXTURES / name))
    ingest_source(store, get_source("border-crossings"), str(CROSSINGS))
