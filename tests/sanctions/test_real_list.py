"""The three real snapshots in ../shared/data/ofac_sdn, with counts computed independently
(Python's csv module over the raw files) and compared to what Puente stored."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.sanctions.diff import diff_versions
from puente.sanctions.entities import load_screening_records, search_entities
from puente.store import open_store

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _legacy_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="cp1252", newline="") as handle:
        return [row for row in csv.reader(handle) if len(row) > 1]


def test_official_2021_set(shared_data: Path) -> None:
    folder = shared_data / "ofac_sdn" / "official_csv_2021-07"
    sdn = _legacy_rows(folder / "sdn.csv")
    kingpin = sum(1 for row in sdn if "SDNTK" in row[3].replace("] [", " ").split())
    mexico_ids = {row[0] for row in _legacy_rows(folder / "add.csv") if row[4] == "Mexico"}
    store = open_store(":memory:")
    report = ingest_source(store, get_source("ofac-sdn"), origin=str(folder))
    assert report.rows == len(sdn) == 8976
    assert report.stats["by_program"]["SDNTK"] == kingpin == 1770  # data README
    assert report.stats["by_program"]["SDNT"] == 534
    with store.read() as cur:
        by_address = cur.execute(
            "SELECT count(DISTINCT entity_id) FROM sdn_addresses WHERE country_code = 'MX'"
        ).fetchone()
        kingpin_mx = cur.execute(
            "SELECT count(DISTINCT a.entity_id) FROM sdn_addresses a JOIN sdn_programs p "
            "USING (entity_id) WHERE a.country_code = 'MX' AND p.program = 'SDNTK'"
        ).fetchone()
        assert by_address == (len(mexico_ids),) == (693,)
        assert kingpin_mx == (644,)
        # Nationality or citizenship read from the Remarks (data README: 298; either: 674).
        by_remarks = cur.execute(
            "SELECT count(DISTINCT r.entity_id) FROM sdn_remarks r JOIN sdn_programs p "
            "USING (entity_id) WHERE p.program = 'SDNTK' "
            "AND r.field IN ('nationality', 'citizenship') AND r.normalized = 'MX'"
        ).fetchone()
        either = cur.execute(
            "SELECT count(*) FROM sdn_entities e WHERE list_contains(e.programs, 'SDNTK') AND ("
            "e.entity_id IN (SELECT entity_id FROM sdn_addresses WHERE country_code = 'MX') OR "
            "e.entity_id IN (SELECT entity_id FROM sdn_remarks WHERE field IN "
            "('nationality', 'citizenship') AND normalized = 'MX'))"
        ).fetchone()
        assert by_remarks == (298,)
        assert either == (674,)
        assert cur.execute(
            "SELECT count(*) FROM sdn_names WHERE kind IN ('aka','fka','nka')"
        ).fetchone() == (11910,)
        # Every Remarks statement is kept: parts joined give the Remarks back.
        lost = cur.execute(
            "SELECT count(*) FROM sdn_entities e WHERE remarks IS NOT NULL AND "
            "length(regexp_replace(remarks, '[; ]', '', 'g')) <> (SELECT "
            "sum(length(regexp_replace(raw, '[; ]', '', 'g'))) FROM sdn_remarks r "
            "WHERE r.entity_id = e.entity_id)"
        ).fetchone()
        assert lost == (0,)
        guzman = search_entities(cur, q="guzman loera joaquin").results[0]
        assert guzman.programs == ["SDNTK"]
        assert guzman.mexico
        records = load_screening_records(cur)
        assert len(records) == 8976
    store.close()


def test_three_snapshots_load_and_diff(shared_data: Path) -> None:
    store = open_store(":memory:")
    source = get_source("ofac-sdn")
    base = shared_data / "ofac_sdn"
    v2024 = ingest_source(store, source, origin=str(base / "sdn_csv_2024-07-02"))
    assert v2024.rows == 15443
    assert v2024.stats["by_program"]["SDNTK"] == 1435
    assert v2024.stats["by_program"]["ILLICIT-DRUGS-EO14059"] == 306
    with store.read() as cur:
        mexican = cur.execute(
            "SELECT count(DISTINCT r.entity_id), count(DISTINCT r.entity_id) FILTER "
            "(WHERE list_contains(e.programs, 'SDNTK')) FROM sdn_remarks r JOIN sdn_entities e "
            "USING (entity_id) WHERE r.field IN ('nationality', 'citizenship') "
            "AND r.normalized = 'MX'"
        ).fetchone()
    assert mexican == (426, 295)  # data README: 426 with Mexico in the Remarks, 295 SDNTK
    v2026 = ingest_source(store, source, mirror=shared_data)
    assert v2026.rows == 19249
    assert v2026.stats["by_program"]["SDNTK"] == 1365
    assert v2026.stats["by_program"]["ILLICIT-DRUGS-EO14059"] == 729
    assert v2026.stats["format"] == "derived"
    with store.read() as cur:
        kingpin_mx = cur.execute(
            "SELECT count(*) FROM sdn_entities WHERE mexico AND list_contains(programs, 'SDNTK')"
        ).fetchone()
        assert kingpin_mx == (578,)  # data README: 578 SDNTK entities with a Mexico address
        diff = diff_versions(cur)
    assert diff.compared["remarks"] is False
    assert diff.summary.added > 3000
    # Los Zetas became CARTEL DEL NORESTE (uid 11438), a name change in place.
    renamed = next(c for c in diff.changed if c.entity_id == 11438)
    assert renamed.changes["name"] == {"old": "LOS ZETAS", "new": "CARTEL DEL NORESTE"}
    store.close()
