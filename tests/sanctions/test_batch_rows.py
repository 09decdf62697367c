"""Batch screening's output: every alerting candidate of every list, one row each; bad
optional fields flagged and left out, never a reason to skip the name; uploads refused whole
with the line and field at fault."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.sanctions import batch
from puente.sanctions.batchfields import check_row
from puente.sanctions.multilist import screen_lists
from puente.store import Store
from tests.sanctions.conftest import load_sdn_fixture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def two_lists(store: Store, tmp_path: Path) -> Store:
    """The SDN fixture, and the DPL fixture with one more denied person who is also on the
    SDN list (so that one customer alerts on both lists)."""
    load_sdn_fixture(store)
    dpl = (FIXTURES / "bis-dpl" / "dpl.txt").read_bytes().rstrip(b"\r\n")
    newline = b"\r\n" if b"\r\n" in dpl else b"\n"
    extra = "\t".join(
        f'"{v}"'
        for v in (
            "JOAQUIN GUZMAN LOERA",
            "ALTIPLANO",
            "ALMOLOYA",
            "",
            "MX",
            "",
            "01/01/2020",
            "01/01/2040",
            "Y",
            "2020-01-02",
            "F.R. NOTICE ADDED",
            "85 F.R. 1 1/2/2020",
        )
    )
    path = tmp_path / "dpl.txt"
    path.write_bytes(dpl + newline + extra.encode() + newline)
    ingest_source(store, get_source("bis-dpl"), origin=str(path))
    return store


def _screen(store: Store, text: str, threshold: float = 0.85, lists: str | None = None):
    parsed = batch.read_upload(text.encode(), "up.csv", lists)
    rows = list(batch.screen_batch(store, parsed, threshold, "user:test", "cli"))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_every_list_by_default_and_each_candidate_names_its_list(two_lists: Store) -> None:
    rows = _screen(
        two_lists, "id,name\nA,Joaquin Guzman Loera\nB,Aaron Abraham Villa\nC,Mary Smith\n"
    )
    by_id = {r["id"]: r for r in rows if r["rank"] in ("", "1")}
    sdn = next(r for r in rows if r["id"] == "A" and r["list"] == "ofac-sdn")
    assert (sdn["list_version"], sdn["programs"], sdn["entity_id"]) == ("1", "SDNTK", "6861")
    assert {r["list"] for r in rows if r["id"] == "A"} == {"ofac-sdn", "bis-dpl"}
    assert by_id["B"]["list"] == "bis-dpl"  # a Denied Persons List entry, not on the SDN list
    assert by_id["B"]["match"] == "true"
    assert by_id["C"]["match"] == "false"
    assert [r["row"] for r in rows] == ["1", "1", "2", "3"]


def test_the_lists_filter(two_lists: Store) -> None:
    rows = _screen(two_lists, "id,name\nB,Aaron Abraham Villa\n", lists="ofac-sdn")
    assert all(r["list"] in ("", "ofac-sdn") for r in rows)
    assert rows[0]["match"] == "false"
    with pytest.raises(Exception, match="unknown list"):
        batch.read_upload(b"name\nx\n", "up.csv", "no-such-list")


def test_every_alerting_candidate_gets_its_own_row(two_lists: Store) -> None:
    name = "Joaquin Guzman Loera"
    rows = _screen(two_lists, f"id,name\nA,{name}\nB,Mary Smith\n", threshold=0.5)
    mine = [r for r in rows if r["id"] == "A"]
    # The independent path: a single screening of the same name, every list, wide limit.
    single = screen_lists(two_lists, [{"name": name}], 0.5, "user:test", "cli", limit=50)
    alerting = [m for m in single.results[0]["matches"] if m["match"]]
    assert {m["dataset"] for m in alerting} == {"ofac-sdn", "bis-dpl"}
    assert [(r["list"], r["entity_id"]) for r in mine] == [
        (m["dataset"], str(m["entity_id"])) for m in alerting
    ]
    assert [r["rank"] for r in mine] == [str(i) for i in range(1, len(mine) + 1)]
    assert {r["row"] for r in mine} == {"1"}
    scores = [float(r["score"]) for r in mine]
    assert scores == sorted(scores, reverse=True)
    assert batch.counts([list(r.values()) for r in rows]) == (2, 1, 0)


def test_an_alias_match_names_the_primary_name(two_lists: Store) -> None:
    rows = _screen(two_lists, "name\nEl Chapo Guzman\n", threshold=0.7)
    alias = next(r for r in rows if r["entity_id"] == "6861")
    assert alias["primary_name"] == "GUZMAN LOERA, Joaquin"
    assert alias["matched_name"] != alias["primary_name"]


@pytest.mark.parametrize(
    ("country", "code"),
    [
        ("Hong Kong", "HK"),
        ("Ivory Coast", "CI"),
        ("Myanmar", "MM"),
        ("East Timor", "TL"),
        ("Burma", "MM"),
        ("Costa de Marfil", "CI"),
        ("MEX", "MX"),
    ],
)
def test_countries_people_write_are_read(country: str, code: str) -> None:
    checked = check_row({"name": "Ana", "country": country})
    assert checked.query["country"] == code
    assert checked.warnings == ()


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("birth_date", "1974-01-32", "birth_date '1974-01-32'"),
        ("birth_date", "1974-02-30", "not a date in the calendar"),
        ("birth_date", "soon", "birth_date 'soon'"),
        ("country", "Atlantis", "country 'Atlantis' is not a known country"),
        ("country", "New Mexico", "country 'New Mexico'"),
        ("type", "cliente", "type 'cliente'"),
    ],
)
def test_a_bad_field_is_flagged_and_left_out(field: str, value: str, said: str) -> None:
    checked = check_row({"name": "Ana", field: value})
    assert checked.query == {"name": "Ana"}
    assert len(checked.warnings) == 1
    assert said in checked.warnings[0]
    assert "ignored, screened without it" in checked.warnings[0]


def test_rows_with_bad_fields_are_screened_on_the_name(two_lists: Store) -> None:
    text = (
        "id,name,birth_date,country\n"
        "A,Joaquin Guzman Loera,1957-01-32,Atlantis\n"
        "B,Joaquin Guzman Loera,1957-04-04,Mexico\n"
        "C,,1957,MX\n"
    )
    rows = {r["id"]: r for r in _screen(two_lists, text)}
    assert rows["A"]["match"] == "true"
    assert rows["A"]["error"] == ""
    assert "birth_date '1957-01-32'" in rows["A"]["warnings"]
    assert "country 'Atlantis'" in rows["A"]["warnings"]
    assert "1957" not in rows["A"]["explanation"]  # the bad date is no evidence
    assert rows["B"]["warnings"] == ""
    assert "1957-04-04" in rows["B"]["explanation"]
    assert rows["C"]["error"] == "name is empty"


def test_windows_1252_as_excel_writes_it() -> None:
    data = "nombre;país\r\nJosé Ángel Peña Núñez;México\r\n".encode("cp1252")
    parsed = batch.read_upload(data, "clientes.csv")
    assert parsed.encoding == "windows-1252"
    assert parsed.rows[0][1] == ["José Ángel Peña Núñez", "México"]
    assert parsed.columns == {"name": 0, "country": 1}


def test_utf16_with_its_bom() -> None:
    data = "name\tcountry\r\nJosé\tMX\r\n".encode("utf-16")
    assert batch.read_upload(data).rows[0][1] == ["José", "MX"]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "up.csv is empty"),
        (b"\xef\xbb\xbf\r\n", "up.csv is empty"),
        (b"name,country\r\n", "up.csv has a header row (line 1) but no rows below it"),
        (
            b"cliente,pais\nAna,MX\n",
            "up.csv, line 1: no name column; found the columns 'cliente', 'pais'; "
            "expected a column named name, full_name, nombre",
        ),
        (b"name\nAna\n\x00\x01", "up.csv, line 3: the file holds NUL bytes"),
        (b'name\n"Ana\n', "up.csv, line 2: malformed CSV"),
    ],
)
def test_a_file_refused_whole_says_where_and_what(data: bytes, said: str) -> None:
    with pytest.raises(batch.UploadError) as caught:
        batch.read_upload(data, "up.csv")
    assert said in caught.value.detail
    # The page shows the same message from the catalog's template.
    assert caught.value.template % caught.value.values == caught.value.detail


def test_output_is_spreadsheet_safe(two_lists: Store) -> None:
    parsed = batch.read_upload(b"name,note\n=HYPERLINK(1),@SUM(1)\n", "up.csv")
    rows = list(batch.screen_batch(two_lists, parsed, 0.85, "user:test", "cli"))
    text = "".join(batch.rows_to_csv(rows))
    got = list(csv.reader(io.StringIO(text)))
    assert got[1][0] == "'=HYPERLINK(1)"
    assert got[1][1] == "'@SUM(1)"
