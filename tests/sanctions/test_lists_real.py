"""The real files of ../shared/data/sanctions_more, with counts computed independently of the
parsers (regular expressions over the raw XML, Python's csv module over the CSV and TSV
files) and compared to what Puente stored."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import open_store

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _un_counts(path: Path) -> tuple[int, int, Counter[str], set[str], int]:
    text = path.read_text(encoding="utf-8")
    individuals = len(re.findall(r"<INDIVIDUAL>", text))
    entities = len(re.findall(r"<ENTITY>", text))
    programs = Counter(re.findall(r"<UN_LIST_TYPE>(.*?)</UN_LIST_TYPE>", text))
    refs = set(re.findall(r"<REFERENCE_NUMBER>(.*?)</REFERENCE_NUMBER>", text))
    aliases = len([a for a in re.findall(r"<ALIAS_NAME>(.*?)</ALIAS_NAME>", text) if a.strip()])
    return individuals, entities, programs, refs, aliases


def test_ofac_consolidated_xml_and_csv_set(shared_data: Path, tmp_path: Path) -> None:
    folder = shared_data / "sanctions_more" / "ofac_consolidated"
    xml = (folder / "consolidated.xml").read_text(encoding="ascii")
    uids = re.findall(r"<sdnEntry>\s*<uid>(\d+)</uid>", xml)
    programs = Counter(re.findall(r"<program>(.*?)</program>", xml))
    with (folder / "cons_prim.csv").open(encoding="ascii", newline="") as handle:
        prim = [row for row in csv.reader(handle) if len(row) > 1]
    assert len(uids) == len(prim) == 442  # data README: Record_Count 442
    assert programs["UKRAINE-EO13662"] == 286
    store = open_store(":memory:")
    report = ingest_source(store, get_source("ofac-consolidated"), origin=str(folder))
    assert report.stats["format"] == "xml"
    assert report.rows == 442
    assert report.stats["by_program"] == dict(programs)
    assert report.stats["mexico_ties"] == 0  # data README: no Mexican entry
    # The CSV set alone: same uids, names and programs.
    csv_only = tmp_path / "csv"
    csv_only.mkdir()
    for name in ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"):
        (csv_only / name).write_bytes((folder / name).read_bytes())
    legacy = ingest_source(store, get_source("ofac-consolidated"), origin=str(csv_only))
    assert legacy.stats["format"] == "legacy"
    assert legacy.stats["by_program"] == dict(programs)
    with store.read() as cur:
        a = cur.execute("SELECT entity_id, name FROM cons_entities__v1 ORDER BY 1").fetchall()
        b = cur.execute("SELECT entity_id, name FROM cons_entities__v2 ORDER BY 1").fetchall()
        addresses = cur.execute("SELECT count(*) FROM cons_addresses__v2").fetchone()
    assert a == b
    assert sorted(int(u) for u in uids) == [row[0] for row in a]
    with (folder / "cons_add.csv").open(encoding="ascii", newline="") as handle:
        add_rows = [row for row in csv.reader(handle) if len(row) > 1]
    assert addresses == (len(add_rows),)


def test_un_snapshots_and_their_diff(shared_data: Path) -> None:
    folder = shared_data / "sanctions_more" / "un"
    store = open_store(":memory:")
    expected = {}
    for name in ("consolidated_2026-02-27.xml", "consolidated_2026-05-08.xml"):
        individuals, entities, programs, refs, aliases = _un_counts(folder / name)
        report = ingest_source(store, get_source("un-sc-consolidated"), origin=str(folder / name))
        assert report.rows == individuals + entities
        assert report.stats["by_type"] == {"individual": individuals, "entity": entities}
        assert report.stats["by_program"] == dict(programs)
        assert report.stats["mexico_ties"] == 0  # data README: "New Mexico" is no tie
        with store.read() as cur:
            stored = cur.execute(
                "SELECT count(*) FROM un_names WHERE kind <> 'primary' "
                "AND coalesce(remarks, '') <> 'original script'"
            ).fetchone()
        assert stored == (aliases,)
        expected[name] = refs
    (individuals, entities, *_) = _un_counts(folder / "consolidated_2026-05-08.xml")
    assert (individuals, entities) == (737, 272)
    added = expected["consolidated_2026-05-08.xml"] - expected["consolidated_2026-02-27.xml"]
    removed = expected["consolidated_2026-02-27.xml"] - expected["consolidated_2026-05-08.xml"]
    assert removed == {"QDe.137"}
    assert len(added) == 7
    from puente.sanctions.listviews import diff_list

    with store.read() as cur:
        diff = diff_list(cur, "un-sc-consolidated")
    assert diff.summary.added == len(added)
    assert diff.summary.removed == 1


def test_dpl(shared_data: Path) -> None:
    path = shared_data / "sanctions_more" / "csl" / "dpl_2022-09.txt"
    with path.open(encoding="ascii", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))

    def norm(text: str) -> str:
        return " ".join(text.split())

    orders = {(norm(r["Name"]), r["Effective_Date"], norm(r["FR_Citation"])) for r in rows}
    mexican = {norm(r["Name"]) for r in rows if r["Country"] == "MX"}
    assert len(rows) == 581
    store = open_store(":memory:")
    report = ingest_source(store, get_source("bis-dpl"), origin=str(path))
    assert report.rows == len(orders)
    assert report.stats["mexico_ties"] == len(mexican) == 6
    with store.read() as cur:
        distinct_rows = cur.execute("SELECT count(*) FROM dpl_addresses").fetchone()

    def address_row(r: dict[str, str]) -> tuple[str, ...]:
        city = ", ".join(
            p for p in (norm(r["City"]), norm(r["State"]), norm(r["Postal_Code"])) if p
        )
        order = (norm(r["Name"]), r["Effective_Date"], norm(r["FR_Citation"]))
        return (*order, norm(r["Street_Address"]), city, r["Country"])

    assert distinct_rows == (len({address_row(r) for r in rows}),)
