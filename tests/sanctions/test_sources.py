"""Ingesting the SDN list from the fixture snapshots, in the exact OFAC formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.errors import SourceError
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store


def _ingest(store: Store, folder: Path) -> dict:
    report = ingest_source(store, get_source("ofac-sdn"), origin=str(folder))
    return report.as_dict()


def test_full_set_loads_every_file(store: Store, sdn_fixtures: Path) -> None:
    report = _ingest(store, sdn_fixtures / "full")
    assert report["rows"] == 8
    assert report["stats"]["files"] == ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"]
    assert report["stats"]["lacks"] == []
    assert report["stats"]["by_type"] == {
        "individual": 3,
        "entity": 3,
        "vessel": 1,
        "aircraft": 1,
    }
    with store.read() as cur:
        rows = cur.execute(
            "SELECT name, programs, countries, birth_dates, mexico FROM sdn_entities "
            "WHERE entity_id = 6861"
        ).fetchone()
        assert rows == ("GUZMAN LOERA, Joaquin", ["SDNTK"], ["MX"], ["1957-04-04", "1954"], True)
        names = cur.execute(
            "SELECT name, kind FROM sdn_names WHERE entity_id = 6861 ORDER BY seq"
        ).fetchall()
        assert names == [
            ("GUZMAN LOERA, Joaquin", "primary"),
            ("GUZMAN, Chapo", "aka"),
            ("GUZMAN LOERA, Joakin", "aka"),
            ("EL CHAPO", "weak"),
        ]
        assert cur.execute(
            "SELECT kind FROM sdn_names WHERE name = 'SINALOA CARTEL ORG'"
        ).fetchone() == ("fka",)


def test_windows_1252_text_is_decoded(loaded: Store) -> None:
    with loaded.read() as cur:
        assert cur.execute("SELECT name FROM sdn_entities WHERE entity_id = 7001").fetchone() == (
            "PEÑA NUÑEZ, José Ángel",
        )
        assert cur.execute("SELECT city FROM sdn_addresses WHERE entity_id = 7001").fetchone() == (
            "Bogotá",
        )


def test_comments_continue_cut_remarks(loaded: Store) -> None:
    with loaded.read() as cur:
        docs = cur.execute(
            "SELECT doc_type, number, country_code FROM sdn_documents WHERE entity_id = 7006"
        ).fetchall()
        linked = cur.execute(
            "SELECT linked_name, linked_entity_id FROM sdn_relations WHERE entity_id = 7006"
        ).fetchall()
    assert docs == [("Identification Number", "210302198701102136", "CN")]
    assert linked == [("LAZARUS GROUP", None)]


def test_relations_resolve_to_listed_entities(loaded: Store) -> None:
    with loaded.read() as cur:
        rows = dict(
            cur.execute(
                "SELECT entity_id, linked_entity_id FROM sdn_relations WHERE entity_id IN "
                "(6861, 7001, 7002, 7005)"
            ).fetchall()
        )
    assert rows == {6861: 7000, 7001: 7002, 7002: 7001, 7005: 6861}


def test_remarks_fields_and_unparsed_parts_are_stored(loaded: Store) -> None:
    with loaded.read() as cur:
        fields = cur.execute(
            "SELECT field, value FROM sdn_remarks WHERE entity_id = 7005 ORDER BY seq"
        ).fetchall()
        vessel = cur.execute(
            "SELECT entity_type, call_sign, vessel_flag, vessel_owner FROM sdn_entities "
            "WHERE entity_id = 7003"
        ).fetchone()
    assert ("unparsed", "Member of an example organization") in fields
    assert ("email", "ventas@ejemplo.com.mx") in fields
    assert ("website", "http://www.ejemplo.com.mx") in fields
    assert vessel == ("vessel", "HPXY", "Panama", "NAVIERA EJEMPLO S.A.")


def test_snapshot_with_only_sdn_csv(store: Store, sdn_fixtures: Path) -> None:
    report = _ingest(store, sdn_fixtures / "sdn_only")
    assert report["rows"] == 8
    assert "addresses (no add.csv)" in report["stats"]["lacks"]
    with store.read() as cur:
        assert cur.execute("SELECT count(*) FROM sdn_addresses").fetchone() == (0,)
        # Nationality still ties Guzmán to Mexico.
        assert cur.execute("SELECT mexico FROM sdn_entities WHERE entity_id = 6861").fetchone() == (
            True,
        )


def test_derived_snapshot_with_older_add_and_alt(store: Store, sdn_fixtures: Path) -> None:
    report = _ingest(store, sdn_fixtures / "derived")
    stats = report["stats"]
    assert report["rows"] == 4
    assert stats["format"] == "derived"
    assert stats["address_rows_of_delisted_entries"] == 1
    assert any("Remarks" in lack for lack in stats["lacks"])
    with store.read() as cur:
        assert cur.execute(
            "SELECT programs FROM sdn_entities WHERE entity_id = 6861"
        ).fetchone() == (["SDNTK", "ILLICIT-DRUGS-EO14059"],)
        assert cur.execute("SELECT name FROM sdn_entities WHERE entity_id = 7001").fetchone() == (
            "PEÑA NUÑEZ, José Ángel",
        )
        assert cur.execute(
            "SELECT kind FROM sdn_names WHERE name = 'SINALOA CARTEL ORG'"
        ).fetchone() == ("fka",)
        assert cur.execute(
            "SELECT count(*) FROM sdn_addresses WHERE entity_id = 7007"
        ).fetchone() == (0,)


def test_mirror_default_is_the_newest_snapshot(
    store: Store, tmp_path: Path, sdn_fixtures: Path
) -> None:
    mirror = tmp_path / "ofac_sdn" / "current_2026"
    mirror.mkdir(parents=True)
    for name in ("ofac-sdn.csv", "add.csv", "alt.csv"):
        (mirror / name).write_bytes((sdn_fixtures / "derived" / name).read_bytes())
    report = ingest_source(store, get_source("ofac-sdn"), mirror=tmp_path)
    assert report.stats["format"] == "derived"


def test_official_urls_without_mirror() -> None:
    located = get_source("ofac-sdn").resolve(None, None)
    assert [where for _, where in located] == [
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV",
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV",
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_COMMENTS.CSV",
    ]


def _broken(tmp_path: Path, sdn_fixtures: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "snapshot"
    folder.mkdir()
    for path in (sdn_fixtures / "full").iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / name).write_bytes(data)
    return folder


def _sdn(sdn_fixtures: Path) -> bytes:
    return (sdn_fixtures / "full" / "sdn.csv").read_bytes()


# (file, how the bytes are broken, what the message must say)
BROKEN = [
    (
        "sdn.csv",
        lambda b: b.replace(b'"CUBA",', b'"CUBA","extra",', 1),
        ["sdn.csv", "line 5", "found 13 fields; expected 12"],
    ),
    (
        "sdn.csv",
        lambda b: b.replace(b"\xd1", b"\x81", 1),
        ["sdn.csv", "line 3", "0x81", "SDN_Name"],
    ),
    ("sdn.csv", lambda b: b[: b.index(b"7004")], ["sdn.csv", "0x1A", "truncated"]),
    ("sdn.csv", lambda b: b[: b.index(b"Aircraft Operator")], ["sdn.csv", "0x1A"]),
    ("sdn.csv", lambda b: b.replace(b'"vessel"', b'"boat"', 1), ["line 5", "SDN_Type", "'boat'"]),
    (
        "sdn.csv",
        lambda b: b.replace(b"7002,", b"7001,", 1),
        ["line 4", "ent_num 7001 appears twice"],
    ),
    ("sdn.csv", lambda b: b"ent_num,SDN_Name\r\n" + b, ["line 1", "header row"]),
    ("alt.csv", lambda b: b.replace(b'"fka"', b'"nickname"', 1), ["alt.csv", "line 3", "alt_type"]),
    (
        "add.csv",
        lambda b: b.replace(b"7002,1004", b"9999,1004", 1),
        ["add.csv", "line 4", "ent_num 9999 is not in sdn.csv"],
    ),
    ("add.csv", lambda b: b.replace(b"7002,1004", b"7002,x1004", 1), ["add.csv", "Add_num"]),
    ("sdn.csv", lambda b: b"", ["sdn.csv", "empty"]),
]


@pytest.mark.parametrize(("name", "breaker", "expected"), BROKEN)
def test_bad_input_names_file_line_and_field(
    store: Store, tmp_path: Path, sdn_fixtures: Path, name: str, breaker, expected: list[str]
) -> None:
    data = breaker((sdn_fixtures / "full" / name).read_bytes())
    folder = _broken(tmp_path, sdn_fixtures, name, data)
    with pytest.raises(SourceError) as caught:
        _ingest(store, folder)
    for text in expected:
        assert text in str(caught.value)
    with store.read() as cur:  # nothing half-loaded
        assert cur.execute(
            "SELECT count(*) FROM dataset_versions WHERE dataset = 'ofac-sdn'"
        ).fetchone() == (0,)


def test_folder_without_a_list_file(store: Store, tmp_path: Path) -> None:
    (tmp_path / "add.csv").write_bytes(b"1,2,-0- ,-0- ,-0- ,-0- \r\n\x1a")
    with pytest.raises(SourceError, match=r"expected sdn\.csv .* or ofac-sdn\.csv"):
        _ingest(store, tmp_path)


def test_derived_file_with_wrong_header(store: Store, tmp_path: Path) -> None:
    (tmp_path / "ofac-sdn.csv").write_text("id,name,kind\n1,X,entity\n", encoding="utf-8")
    with pytest.raises(SourceError, match="expected 'uid,name,type,programs,alternate_names'"):
        _ingest(store, tmp_path)
