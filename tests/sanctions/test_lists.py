"""The other lists' parsers, on small fixtures cut from the published files byte for byte
(OFAC's CRLF CSV set with its 0x1A end marker and its namespaced XML, the UN's XML of two
schema versions, BIS's tab-separated DPL, trade.gov's 29-column CSL CSV)."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.errors import NotFound, SourceError
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.sanctions.lists import load_records, parse_lists
from puente.sanctions.multilist import screen_lists
from puente.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CONS = FIXTURES / "ofac-consolidated"
UN = FIXTURES / "un-sc-consolidated"


def _names(store: Store, table: str, entity_id: int) -> list[tuple[str, str]]:
    with store.read() as cur:
        return [
            (r[0], r[1])
            for r in cur.execute(
                f"SELECT name, kind FROM {table} WHERE entity_id = ? ORDER BY seq", [entity_id]
            ).fetchall()
        ]


def test_consolidated_xml_is_read_when_present(store: Store) -> None:
    report = ingest_source(store, get_source("ofac-consolidated"), origin=str(CONS))
    assert report.stats["format"] == "xml"
    assert report.stats["publish_date"] == "01/08/2026"
    assert report.rows == 4
    assert report.stats["by_program"] == {
        "RUSSIA-EO14024": 2,
        "UKRAINE-EO13662": 2,
        "ILLICIT-DRUGS-EO14059": 1,
        "NS-PLC": 1,
    }
    with store.read() as cur:
        martelly = cur.execute(
            "SELECT name, entity_type, programs, countries, birth_dates FROM cons_entities "
            "WHERE entity_id = 50476"
        ).fetchone()
    assert martelly == (
        "MARTELLY, Michel Joseph",
        "individual",
        ["ILLICIT-DRUGS-EO14059"],
        ["DO", "HT", "US"],  # nationality Haiti; addresses in Haiti, the DR and the U.S.
        ["1961-02-12"],
    )
    # XML a.k.a. lists keep strong and weak aliases; primary name first.
    names = _names(store, "cons_names", 50476)
    assert names[0] == ("MARTELLY, Michel Joseph", "primary")
    assert ("Sweet Micky", "weak") in names


def test_consolidated_csv_set_agrees_with_the_xml(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    for path in CONS.glob("cons_*.csv"):
        (folder / path.name).write_bytes(path.read_bytes())
    report = ingest_source(store, get_source("ofac-consolidated"), origin=str(folder))
    assert report.stats["format"] == "legacy"
    with store.read() as cur:
        csv_rows = cur.execute(
            "SELECT entity_id, name, programs FROM cons_entities ORDER BY 1"
        ).fetchall()
    xml_store = tmp_path / "xml"
    xml_store.mkdir()
    (xml_store / "consolidated.xml").write_bytes((CONS / "consolidated.xml").read_bytes())
    other = ingest_source(store, get_source("ofac-consolidated"), origin=str(xml_store))
    assert other.version == 2
    with store.read() as cur:
        xml_rows = cur.execute(
            "SELECT entity_id, name, programs FROM cons_entities ORDER BY 1"
        ).fetchall()
    assert csv_rows == xml_rows
    # The CSV Remarks give the weak alias the XML lists as a name.
    assert ("Sweet Micky", "weak") in _names(store, "cons_names__v1", 50476)


def test_un_snapshots_ignore_new_elements_and_strip_name_parts(store: Store) -> None:
    older = ingest_source(
        store, get_source("un-sc-consolidated"), origin=str(UN / "consolidated_2026-02-27.xml")
    )
    newer = ingest_source(
        store, get_source("un-sc-consolidated"), origin=str(UN / "consolidated_2026-05-08.xml")
    )
    assert (older.rows, newer.rows) == (6, 6)
    assert newer.stats["date_generated"] == "2026-05-08T23:00:06.922Z"
    with store.read() as cur:
        gedo = cur.execute("SELECT name, programs FROM un_entities WHERE entity_id = 6909526")
        assert gedo.fetchone() == ("GEDO HAMDAN AHMED", ["Sudan"])
        refs = {
            r[0]
            for r in cur.execute(
                "SELECT value FROM un_remarks WHERE field = 'reference'"
            ).fetchall()
        }
    assert "QDi.437" in refs
    assert "QDe.137" not in refs


def test_new_mexico_is_not_mexico(store: Store) -> None:
    """The UN's place of birth 'Las Cruces, New Mexico, United States of America' is the
    United States; a substring test would call it Mexico."""
    ingest_source(
        store, get_source("un-sc-consolidated"), origin=str(UN / "consolidated_2026-05-08.xml")
    )
    with store.read() as cur:
        row = cur.execute(
            "SELECT e.countries, e.mexico, r.value FROM un_entities e JOIN un_remarks r "
            "USING (entity_id) WHERE r.field = 'pob' AND r.value LIKE '%New Mexico%'"
        ).fetchone()
        mexico = cur.execute("SELECT count(*) FROM un_entities WHERE mexico").fetchone()
    assert row == (["US", "YE"], False, "Las Cruces, New Mexico, United States of America")
    assert mexico == (0,)


def test_dpl_orders_addresses_and_mexico(store: Store) -> None:
    report = ingest_source(store, get_source("bis-dpl"), origin=str(FIXTURES / "bis-dpl"))
    assert report.rows == 6
    assert report.stats["mexico_ties"] == 2
    with store.read() as cur:
        rows = cur.execute(
            "SELECT e.name, a.city, a.country_code FROM dpl_entities e JOIN dpl_addresses a "
            "USING (entity_id) WHERE e.mexico ORDER BY 1"
        ).fetchall()
        ash = cur.execute(
            "SELECT r.value FROM dpl_entities e JOIN dpl_remarks r USING (entity_id) "
            "WHERE e.name = 'I. ASH' AND r.field = 'effective_date'"
        ).fetchone()
    assert rows == [
        ("ALONSO GONZALEZ-GRANADOS", "JUAREZ", "MX"),
        ("ELI RAMIREZ-RIOS", "MATAMOROS TAMAULIPAS", "MX"),
    ]
    assert ash == ("2003-06-19",)


def test_dpl_bad_date_names_line_and_column(store: Store, tmp_path: Path) -> None:
    text = (FIXTURES / "bis-dpl" / "dpl.txt").read_text()
    bad = tmp_path / "dpl.txt"
    bad.write_text(text.replace('"08/24/2022"', '"2022-08-24"', 1))
    with pytest.raises(SourceError) as caught:
        ingest_source(store, get_source("bis-dpl"), origin=str(bad))
    assert caught.value.line == 3
    assert caught.value.column == "Effective_Date"
    with store.read() as cur:
        assert cur.execute("SELECT count(*) FROM datasets").fetchone() == (0,)


def test_csl_sample(store: Store) -> None:
    report = ingest_source(store, get_source("trade-csl"), origin=str(FIXTURES / "trade-csl"))
    assert report.rows == 13
    assert report.stats["by_source"]["SSI"] == 3
    assert report.stats["by_source"]["PLC"] == 2
    with store.read() as cur:
        rim = cur.execute(
            "SELECT entity_type, programs, countries, birth_dates, id_numbers FROM csl_entities "
            "WHERE name = 'RIM, Ryong Nam'"
        ).fetchone()
        atlas = cur.execute(
            "SELECT programs, countries FROM csl_entities WHERE name = 'Atlas Sanatgaran'"
        ).fetchone()
    assert rim == ("individual", ["NPWMD"], ["CN", "KP"], ["1978-12-05"], ["836238033"])
    assert atlas == (["UVL"], ["AM"])


def test_csl_header_is_checked(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "consolidated.csv"
    bad.write_text('name,source\n"A","B"\n')
    with pytest.raises(SourceError, match="expected 29 columns") as caught:
        ingest_source(store, get_source("trade-csl"), origin=str(bad))
    assert caught.value.line == 1


def test_records_feed_the_engine_and_screening_names_each_list(store: Store) -> None:
    ingest_source(store, get_source("ofac-consolidated"), origin=str(CONS))
    ingest_source(
        store, get_source("un-sc-consolidated"), origin=str(UN / "consolidated_2026-05-08.xml")
    )
    with store.read() as cur:
        assert len(load_records(cur, "un-sc-consolidated")) == 6
    answer = screen_lists(store, [{"name": "Michel Martelly"}], 0.8, "tester", "cli")
    best = answer.results[0]["matches"][0]
    assert (best["dataset"], best["list_version"], best["match"]) == ("ofac-consolidated", 1, True)
    assert best["programs"] == ["ILLICIT-DRUGS-EO14059"]
    assert [v["dataset"] for v in answer.list_versions] == [
        "ofac-consolidated",
        "un-sc-consolidated",
    ]
    with store.read() as cur:
        audited = cur.execute(
            "SELECT dataset, list_version FROM screening_audit WHERE id = ?",
            [answer.audit_id],
        ).fetchone()
    assert audited == ("ofac-consolidated@1,un-sc-consolidated@1", None)
    only_un = screen_lists(
        store, [{"name": "Michel Martelly"}], 0.8, "tester", "cli", lists="un-sc-consolidated"
    )
    assert all(m["dataset"] == "un-sc-consolidated" for m in only_un.results[0]["matches"])
    assert not any(m["match"] for m in only_un.results[0]["matches"])


def test_lists_filter_is_checked(store: Store) -> None:
    assert parse_lists("ofac-sdn, bis-dpl") == ["ofac-sdn", "bis-dpl"]
    with pytest.raises(Exception, match="unknown list 'eu'"):
        parse_lists("eu")
    ingest_source(store, get_source("bis-dpl"), origin=str(FIXTURES / "bis-dpl"))
    with pytest.raises(NotFound, match="ofac-sdn"):
        screen_lists(store, [{"name": "X Y"}], 0.8, "t", "cli", lists="ofac-sdn")


def test_a_list_loaded_after_a_screening_is_screened_against_at_once(store: Store) -> None:
    """The lists in force are kept between screenings, until a load puts another in force."""
    ingest_source(store, get_source("ofac-consolidated"), origin=str(CONS))
    first = screen_lists(store, [{"name": "Michel Martelly"}], 0.8, "tester", "cli")
    assert [v["dataset"] for v in first.list_versions] == ["ofac-consolidated"]
    ingest_source(
        store, get_source("un-sc-consolidated"), origin=str(UN / "consolidated_2026-05-08.xml")
    )
    second = screen_lists(store, [{"name": "Michel Martelly"}], 0.8, "tester", "cli")
    assert [v["dataset"] for v in second.list_versions] == [
        "ofac-consolidated",
        "un-sc-consolidated",
    ]
