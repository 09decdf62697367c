"""Monitoring across two real SDN versions in the mirror: the 2024-07-02 sdn.csv, then the
2026 snapshot. A subject designated in between raises exactly one alert; an entry removed in
between closes its alert; re-screening only what changed gives what a full re-screen gives."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import open_store
from puente.watch import watch_service
from puente.watch.state import Subject

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DESIGNATED = "49720"  # BANUELOS RAMIREZ, Juan Carlos: in 2026, not on 2024-07-02
REMOVED = "6706"  # ARELLANO FELIX, Ramon Eduardo: on 2024-07-02, not in 2026


def _sdn_names(folder: Path) -> dict[str, str]:
    with (folder / "sdn.csv").open(encoding="cp1252", newline="") as handle:
        return {row[0]: row[1] for row in csv.reader(handle) if len(row) > 1}


def test_designation_and_removal_between_real_versions(shared_data: Path, tmp_path: Path) -> None:
    old_folder = shared_data / "ofac_sdn" / "sdn_csv_2024-07-02"
    new_folder = shared_data / "ofac_sdn" / "current_2026"
    old_names = _sdn_names(old_folder)
    with (new_folder / "ofac-sdn.csv").open(encoding="utf-8", newline="") as handle:
        new_names = {row["uid"]: row["name"] for row in csv.DictReader(handle)}
    # Independent of Puente: the data says who was designated and who was removed.
    assert DESIGNATED in new_names
    assert DESIGNATED not in old_names
    assert REMOVED in old_names
    assert REMOVED not in new_names

    store = open_store(tmp_path / "puente.duckdb")
    ingest_source(store, get_source("ofac-sdn"), origin=str(old_folder))
    service = watch_service(store)
    service.create("clients", None, "tester")
    subjects = [
        Subject("NEW", "Juan Carlos Banuelos Ramirez", "individual"),
        Subject("GONE", "Ramon Eduardo Arellano Felix", "individual"),
        Subject("NOBODY", "Maria Fernanda Quiroga Solis", "individual"),
    ]
    # A few hundred more subjects: listed names of both versions and plain names.
    rng = random.Random(7)
    pool = sorted(set(old_names.values()) | set(new_names.values()))
    for n, name in enumerate(rng.sample(pool, 150)):
        subjects.append(Subject(f"L-{n}", name))
    given = ["Jose", "Maria", "Luis", "Ana", "Carlos", "Rosa", "Miguel", "Elena"]
    surnames = ["Garcia", "Lopez", "Martinez", "Hernandez", "Perez", "Ramirez", "Torres"]
    for n in range(150):
        name = f"{rng.choice(given)} {rng.choice(surnames)} {rng.choice(surnames)}"
        subjects.append(Subject(f"P-{n}", name, "individual"))
    service.add("clients", subjects)
    before = {(a.subject_id, a.entity_id): a.status for a in service.alerts("clients")}
    assert ("GONE", REMOVED) in before
    assert not any(subject == "NEW" for subject, _ in before)

    report = ingest_source(store, get_source("ofac-sdn"), origin=str(new_folder))
    assert report.changed
    after = {(a.subject_id, a.entity_id): a.status for a in service.alerts("clients")}
    new_alerts = [key for key in after if key[0] == "NEW"]
    assert new_alerts == [("NEW", DESIGNATED)]
    assert after[("NEW", DESIGNATED)] == "open"
    assert after[("GONE", REMOVED)] == "closed"
    assert not any(subject == "NOBODY" for subject, _ in after)
    state = service.state.list_state("ofac-sdn")
    assert state is not None
    assert state.version == 2

    # The incremental re-screen (the post-load hook) equals a full re-screen.
    full = service.sync("ofac-sdn", full=True)
    assert (full.opened, full.reopened, full.closed) == (0, 0, 0)
    assert {(a.subject_id, a.entity_id): a.status for a in service.alerts("clients")} == after
    store.close()
