"""Monitoring after a list update: re-screening only the 50 entries added or changed (through
the reverse index over the portfolio) against re-screening the whole portfolio of 100,000
subjects, on the 2026 SDN list, in one run.

    python -m bench.run watch      (or make bench)

Both sides use the functions the post-load hook uses (ReverseIndex.candidates and
WatchService._screen, the engine at the alerting threshold) against the same index of the
new list version; building that index is the same cost for both and is not timed. The full
re-screen is timed on a random sample of subjects and scaled to the portfolio (the engine
screens subjects one by one, so its cost is linear in their number); the sample is also
checked to raise exactly the alerts the incremental path raises for those subjects.
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import replace

from bench.common import machine, mirror, peak_rss_mb
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.sanctions.lists import load_records
from puente.sanctions.records import ScreeningName, ScreeningRecord
from puente.sanctions.screening import ScreeningIndex
from puente.store import open_store
from puente.watch.reverse import ReverseIndex
from puente.watch.service import WatchService, _what_changed, entry_state
from puente.watch.state import Subject

PORTFOLIO = 100_000
UPDATE = 50
SAMPLE = 4_000
GIVEN = [
    "Jose",
    "Maria",
    "Juan",
    "Luis",
    "Ana",
    "Carlos",
    "Jorge",
    "Rosa",
    "Miguel",
    "Elena",
    "Pedro",
    "Laura",
    "Francisco",
    "Guadalupe",
    "Antonio",
    "Patricia",
    "Alejandro",
    "Veronica",
    "Ricardo",
    "Gabriela",
    "Fernando",
    "Claudia",
    "Roberto",
    "Adriana",
    "Eduardo",
    "Leticia",
    "Javier",
    "Silvia",
    "Manuel",
    "Monica",
    "Arturo",
    "Teresa",
    "Sergio",
    "Lucia",
    "Raul",
    "Diana",
]
SURNAMES = [
    "Garcia",
    "Lopez",
    "Martinez",
    "Hernandez",
    "Perez",
    "Sanchez",
    "Ramirez",
    "Torres",
    "Flores",
    "Rivera",
    "Gomez",
    "Diaz",
    "Cruz",
    "Morales",
    "Ortiz",
    "Castillo",
    "Reyes",
    "Gutierrez",
    "Ruiz",
    "Mendoza",
    "Aguilar",
    "Vazquez",
    "Jimenez",
    "Moreno",
    "Romero",
    "Alvarez",
    "Chavez",
    "Ramos",
    "Herrera",
    "Medina",
    "Castro",
    "Vargas",
    "Guzman",
    "Salazar",
    "Rojas",
    "Contreras",
    "Luna",
    "Ortega",
    "Delgado",
    "Estrada",
    "Navarro",
    "Dominguez",
    "Soto",
    "Rios",
    "Velazquez",
    "Cervantes",
    "Carrillo",
    "Ibarra",
]
COMPANY = ["Comercializadora", "Distribuidora", "Servicios", "Transportes", "Grupo", "Inmobiliaria"]


def _pools(listed: list[ScreeningRecord]) -> tuple[list[str], list[str]]:
    """Given names and surnames as people are named on the list ("SURNAME, Given")."""
    given: list[str] = []
    surnames: list[str] = []
    for record in listed:
        if record.entity_type != "individual" or "," not in record.primary_name:
            continue
        last, _, first = record.primary_name.partition(",")
        surnames += [w.title() for w in last.split() if len(w) > 2]
        given += [w for w in first.split() if len(w) > 2]
    return given, surnames


def _person(rng: random.Random, given: list[str], surnames: list[str]) -> str:
    if rng.random() < 0.25:  # the most common Mexican names
        return f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"
    return f"{rng.choice(given)} {rng.choice(surnames)} {rng.choice(surnames)}"


def _portfolio(
    rng: random.Random, listed: list[ScreeningRecord], given: list[str], surnames: list[str]
) -> list[Subject]:
    subjects = []
    for n in range(PORTFOLIO):
        roll = rng.random()
        if roll < 0.01:  # a listed name, as a firm would hold it
            record = rng.choice(listed)
            subjects.append(Subject(f"L{n}", record.primary_name))
        elif roll < 0.2:
            name = f"{rng.choice(COMPANY)} {rng.choice(surnames)} S.A. de C.V."
            subjects.append(Subject(f"E{n}", name, "entity"))
        else:
            name = _person(rng, given, surnames)
            subjects.append(Subject(f"P{n}", name, "individual", country="MX"))
    return subjects


def _update(
    rng: random.Random,
    records: list[ScreeningRecord],
    subjects: list[Subject],
    given: list[str],
    surnames: list[str],
) -> tuple[list[ScreeningRecord], set[str]]:
    """The new version: 25 entries changed (an alias added) and 25 designated, some of them
    named like portfolio subjects (a designation that must raise alerts)."""
    changed = rng.sample(range(len(records)), UPDATE // 2)
    new = list(records)
    targets: set[str] = set()
    for position in changed:
        record = new[position]
        alias = ScreeningName(_person(rng, given, surnames), "aka")
        new[position] = replace(record, names=(*record.names, alias))
        targets.add(record.entity_id)
    for n in range(UPDATE - UPDATE // 2):
        name = rng.choice(subjects).name if n % 2 else None
        name = name or _person(rng, given, surnames)
        entity_id = str(900_000 + n)
        new.append(
            ScreeningRecord(entity_id, "individual", (ScreeningName(name, "primary"),), ("SDNTK",))
        )
        targets.add(entity_id)
    return new, targets


def run() -> str:
    store = open_store(":memory:")
    ingest_source(store, get_source("ofac-sdn"), mirror=mirror())
    with store.read() as cur:
        records = load_records(cur, "ofac-sdn")
    rng = random.Random(11)
    given, surnames = _pools(records)
    subjects = _portfolio(rng, records, given, surnames)
    new_records, targets = _update(rng, records, subjects, given, surnames)
    before = {r.entity_id: entry_state(r) for r in records}
    index = ScreeningIndex.build(new_records, "ofac-sdn@bench")
    primary = {r.entity_id: r.primary_name for r in new_records}
    service = WatchService(store, 0.8)
    scope = [("bench", s) for s in subjects]

    started = time.perf_counter()
    reverse = ReverseIndex((s.name, s.subject_type, s.id_number) for s in subjects)
    reverse_build = time.perf_counter() - started

    started = time.perf_counter()
    by_id = {r.entity_id: r for r in new_records}
    positions = reverse.candidates(_what_changed(by_id[e], before.get(e)) for e in targets)
    candidates = [scope[p] for p in sorted(positions)]
    incremental = service._screen(candidates, index, "ofac-sdn", 2, primary, targets)
    incremental_seconds = time.perf_counter() - started

    sample_positions = sorted(rng.sample(range(len(scope)), SAMPLE))
    sample = [scope[p] for p in sample_positions]
    started = time.perf_counter()
    full_sample = service._screen(sample, index, "ofac-sdn", 2, primary, None)
    sample_seconds = time.perf_counter() - started
    full_seconds = sample_seconds * len(scope) / len(sample)
    # Check: a full re-screen of every subject the incremental path alerted, of candidates it
    # did not alert and of the random sample raises, on the 50 entries, the same alerts.
    alerted = {k[1] for k in incremental}
    others = [c for c in candidates if c[1].subject_id not in alerted][:500]
    checked = [c for c in candidates if c[1].subject_id in alerted] + others
    full_checked = service._screen(checked, index, "ofac-sdn", 2, primary, targets)
    checked_ids = {s.subject_id for _, s in checked + sample}
    full_on_targets = set(full_checked) | {k for k in full_sample if k[2] in targets}
    incremental_on_sample = {k for k in incremental if k[1] in checked_ids}
    agree = full_on_targets == incremental_on_sample
    ratio = full_seconds / incremental_seconds
    store.close()
    return "\n".join(
        [
            "## Monitoring",
            "",
            "Command: `python -m bench.run watch` (part of `make bench`). "
            f"Machine: {machine()} (shared with other work while it ran).",
            "",
            f"A portfolio of {len(subjects):,} subjects: 1% names as listed, 19% company names, "
            "80% person names (a quarter from the 36 most common Mexican given names and 48 "
            "surnames, the rest from the given names and surnames of the list's own "
            f"individuals). The 2026 SDN list ({len(records):,} entries) updated by {UPDATE} "
            "entries: 25 gain an alias, 25 are designated (half named like a subject). Alerts "
            "at threshold 0.8.",
            "",
            "| | seconds | subjects screened | alerts on the 50 entries |",
            "|---|---:|---:|---:|",
            f"| Full re-screen of the portfolio (timed on {SAMPLE:,} random subjects, scaled) "
            f"| {full_seconds:,.1f} | {len(subjects):,} | — |",
            f"| Incremental: reverse index lookup + screening the candidates "
            f"| {incremental_seconds:,.2f} | {len(candidates):,} | {len(incremental):,} |",
            "",
            f"**Incremental is {ratio:,.0f}x faster** than the full re-screen (target: 50x). "
            f"Building the reverse index over the {len(subjects):,} subjects (done once, when "
            f"subjects change, not per update): {reverse_build:,.1f} s. Check: a full re-screen of "
            f"{len(checked_ids):,} subjects (every one the incremental path alerted, 500 "
            "candidates it did not, and the random sample) raised "
            f"{len(full_on_targets)} alert(s) on the updated entries and the incremental path "
            f"{len(incremental_on_sample)}: {'the same' if agree else 'DIFFERENT'}. "
            f"Peak memory {peak_rss_mb(os.getpid()):,.0f} MB.",
            "",
        ]
    )


if __name__ == "__main__":
    print(run())
