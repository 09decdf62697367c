"""Nationality apart from addresses, on real entries of every list format: only a nationality
or citizenship can conflict with the country a screening gives; an address or a place of
birth in that country supports the match, and one elsewhere is neutral.

The entries are cut from the published files: ofac-sdn/nationality from OFAC's 2021-07 legacy
CSV set (two Colombian and Costa Rican nationals with addresses in Mexico, a Mexican national),
the others are the list fixtures (OFAC's consolidated XML and CSV, the UN's XML, BIS's DPL,
trade.gov's CSL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.sanctions.entities import INDEX_TABLE
from puente.sanctions.lists import LISTS
from puente.sanctions.multilist import screen_lists
from puente.sanctions.screening import ScreeningIndex
from puente.sanctions.screening.packed import FORMAT, dump_json
from puente.sanctions.screening.stored import load_index
from puente.store import Store, open_store
from puente.store.catalog import table_name

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SDN_NATIONALITY = FIXTURES / "ofac-sdn" / "nationality"
UN_NEWER = FIXTURES / "un-sc-consolidated" / "consolidated_2026-05-08.xml"


def _consolidated_csv(tmp_path: Path) -> Path:
    folder = tmp_path / "cons-csv"
    folder.mkdir(exist_ok=True)
    for path in (FIXTURES / "ofac-consolidated").glob("cons_*.csv"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


# (list, where its file is, entry, every country, nationalities, why)
PARSED = [
    ("ofac-sdn", "ofac-sdn/nationality", 9563, ["CO", "MX"], ["CO"], "nationality Colombia"),
    ("ofac-sdn", "ofac-sdn/nationality", 11722, ["CR", "MX"], ["CR"], "citizen Costa Rica"),
    ("ofac-sdn", "ofac-sdn/nationality", 8800, ["MX"], ["MX"], "nationality Mexico, no address"),
    ("ofac-sdn", "ofac-sdn/full", 7000, ["MX"], [], "a cartel: addresses only"),
    ("ofac-sdn", "ofac-sdn/derived", 6861, ["MX"], [], "derived: no Remarks, an address"),
    ("ofac-consolidated", "ofac-consolidated", 50476, ["DO", "HT", "US"], ["HT"], "XML"),
    ("ofac-consolidated", "csv", 50476, ["DO", "HT", "US"], ["HT"], "legacy CSV Remarks"),
    ("un-sc-consolidated", "un", 2913655, ["US", "YE"], ["US", "YE"], "POB New Mexico is US"),
    ("bis-dpl", "bis-dpl", 152297465165162574, ["MX"], [], "the DPL gives addresses only"),
    ("trade-csl", "trade-csl", 75974469659369458, ["CN", "KP"], ["KP"], "address in China"),
]


def _origin(where: str, tmp_path: Path) -> Path:
    if where == "csv":
        return _consolidated_csv(tmp_path)
    if where == "un":
        return UN_NEWER
    return FIXTURES / where


@pytest.mark.parametrize(
    ("dataset", "where", "entity_id", "countries", "nationalities", "why"), PARSED
)
def test_each_loader_keeps_nationalities_apart(
    store: Store,
    tmp_path: Path,
    dataset: str,
    where: str,
    entity_id: int,
    countries: list[str],
    nationalities: list[str],
    why: str,
) -> None:
    ingest_source(store, get_source(dataset), origin=str(_origin(where, tmp_path)))
    prefix = LISTS[dataset].prefix
    with store.read() as cur:
        row = cur.execute(
            f"SELECT countries, nationalities FROM {prefix}_entities WHERE entity_id = ?",
            [entity_id],
        ).fetchone()
    assert row == (countries, nationalities), why


def _top(store: Store, dataset: str, name: str, **fields: str) -> dict[str, Any]:
    answer = screen_lists(store, [{"name": name, **fields}], 0.0, "tester", "cli", lists=dataset)
    best = answer.results[0]["matches"][0]
    assert isinstance(best, dict)
    return best


def _country(match: dict[str, Any]) -> dict[str, Any]:
    found = [p for p in match["parts"] if p["kind"] == "country"]
    assert len(found) == 1
    return found[0]


# (list, where, query name, entry, query country, verdict, effect sign, why)
SCREENED = [
    ("ofac-sdn", "ofac-sdn/nationality", "Eduardo Restrepo Victoria", "9563", "MX", "same", 1,
     "a Colombian with an address in Guadalajara, screened as Mexican: the address supports"),
    ("ofac-sdn", "ofac-sdn/nationality", "Eduardo Restrepo Victoria", "9563", "CO", "same", 1,
     "his nationality"),
    ("ofac-sdn", "ofac-sdn/nationality", "Eduardo Restrepo Victoria", "9563", "US", "differs", -1,
     "neither his nationality nor any address"),
    ("ofac-sdn", "ofac-sdn/nationality", "Maureen Patricia Gutierrez Barboza", "11722", "MX",
     "same", 1, "a Costa Rican with addresses in Mexico City"),
    ("ofac-sdn", "ofac-sdn/nationality", "Jesus Abraham Labra Aviles", "8800", "US", "differs", -1,
     "a Mexican national screened as a U.S. person conflicts"),
    ("ofac-sdn", "ofac-sdn/full", "Joaquin Guzman Loera", "6861", "US", "differs", -1,
     "nationality Mexico vs US"),
    ("ofac-sdn", "ofac-sdn/full", "Cartel de Sinaloa", "7000", "US", "neutral", 0,
     "an address in Mexico says nothing against a query from the U.S."),
    ("ofac-consolidated", "ofac-consolidated", "Michel Joseph Martelly", "50476", "US", "same", 1,
     "a Haitian with an address in the U.S."),
    ("ofac-consolidated", "csv", "Michel Joseph Martelly", "50476", "MX", "differs", -1,
     "nationality Haiti, no tie to Mexico"),
    ("un-sc-consolidated", "un", "Anwar Nasser Abdulla al-Aulaqi", "2913655", "MX", "differs", -1,
     "born in Las Cruces, New Mexico: no tie to Mexico, nationality US and YE"),
    ("un-sc-consolidated", "un", "Anwar Nasser Abdulla al-Aulaqi", "2913655", "US", "same", 1,
     "a U.S. national"),
    ("bis-dpl", "bis-dpl", "Alonso Gonzalez-Granados", "152297465165162574", "US", "neutral", 0,
     "the DPL's address in Juarez does not conflict"),
    ("bis-dpl", "bis-dpl", "Alonso Gonzalez-Granados", "152297465165162574", "MX", "same", 1,
     "and supports a query from Mexico"),
    ("trade-csl", "trade-csl", "Ryong Nam Rim", "75974469659369458", "CN", "same", 1,
     "a North Korean with an address in China"),
    ("trade-csl", "trade-csl", "Ryong Nam Rim", "75974469659369458", "US", "differs", -1,
     "nationality KP"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("dataset", "where", "name", "entity_id", "country", "verdict", "sign", "why"), SCREENED
)
def test_only_a_nationality_conflicts(
    store: Store,
    tmp_path: Path,
    dataset: str,
    where: str,
    name: str,
    entity_id: str,
    country: str,
    verdict: str,
    sign: int,
    why: str,
) -> None:
    ingest_source(store, get_source(dataset), origin=str(_origin(where, tmp_path)))
    plain = _top(store, dataset, name)
    given = _top(store, dataset, name, country=country)
    assert (plain["entity_id"], given["entity_id"]) == (entity_id, entity_id), why
    part = _country(given)
    assert part["verdict"] == verdict, (why, part)
    # The evidence's own effect, and the score (an exact name is at 1.0 already).
    delta = round(given["score"] - plain["score"], 3)
    if sign > 0:
        assert part["effect"] > 0, (why, part)
        assert delta >= 0, (why, part)
    elif sign < 0:
        assert part["effect"] < 0, (why, part)
        assert delta < 0, (why, part)
    else:
        assert (part["effect"], delta) == (0, 0), (why, part)


def test_explanations_say_which_tie_the_country_is(store: Store) -> None:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN_NATIONALITY))
    texts = {
        country: _country(_top(store, "ofac-sdn", "Eduardo Restrepo Victoria", country=country))[
            "text"
        ]
        for country in ("MX", "CO", "US")
    }
    assert texts == {
        "MX": "country MX (Mexico), address or place of birth MX",
        "CO": "country CO (Colombia), nationality CO",
        "US": "country US, nationality CO",
    }
    ingest_source(store, get_source("bis-dpl"), origin=str(FIXTURES / "bis-dpl"))
    dpl = _top(store, "bis-dpl", "Eli Ramirez-Rios", country="US")
    assert _country(dpl)["text"] == (
        "country US, no nationality listed, address or place of birth MX"
    )


def _old_layout(path: Path) -> None:
    """Make a store look as one written before nationalities were kept: no column, no
    migration recorded, the screening index of the previous format."""
    con = duckdb.connect(str(path))
    for (table,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%_entities__v%'"
    ).fetchall():
        # DuckDB alters no table an index depends on: the old layout had the same index.
        con.execute(f'DROP INDEX "{table}_id"')
        con.execute(f'ALTER TABLE "{table}" DROP COLUMN nationalities')
        con.execute(f'CREATE UNIQUE INDEX "{table}_id" ON "{table}" (entity_id)')
    con.execute("DELETE FROM schema_migrations WHERE id = 'sanctions.2'")
    index = table_name(INDEX_TABLE, 1)
    con.execute(
        f'UPDATE "{index}" SET data = ? WHERE part = ?',
        [dump_json({"format": "puente-screening-2", "list_version": "ofac-sdn@1"}), "meta"],
    )
    con.close()


def test_a_store_of_the_old_layout_is_migrated_and_its_index_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    store = open_store(path)
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN_NATIONALITY))
    ingest_source(store, get_source("ofac-consolidated"), origin=str(_consolidated_csv(tmp_path)))
    store.close()
    _old_layout(path)
    con = duckdb.connect(str(path))
    columns = con.execute(
        "SELECT count(*) FROM information_schema.columns WHERE column_name = 'nationalities' "
        "AND table_name LIKE '%entities__v%'"
    ).fetchone()
    con.close()
    assert columns == (0,)

    store = open_store(path)
    try:
        with store.read() as cur:
            sdn = cur.execute(
                "SELECT entity_id, nationalities FROM sdn_entities ORDER BY 1"
            ).fetchall()
            cons = cur.execute(
                "SELECT nationalities FROM cons_entities WHERE entity_id = 50476"
            ).fetchone()
            # The kept index is of the previous format: never read, built afresh.
            assert load_index(cur, table_name(INDEX_TABLE, 1)) is None
        assert sdn == [(8800, ["MX"]), (9563, ["CO"]), (11722, ["CR"])]
        assert cons == (["HT"],)
        best = _top(store, "ofac-sdn", "Eduardo Restrepo Victoria", country="MX")
        assert _country(best)["verdict"] == "same"
        assert (
            _country(_top(store, "ofac-sdn", "Eduardo Restrepo Victoria", country="US"))["verdict"]
            == "differs"
        )
        # The index built afresh is kept: the next process loads it ready.
        with store.read() as cur:
            kept = load_index(cur, table_name(INDEX_TABLE, 1))
        assert kept is not None
        assert sorted(int(kept.records[i].entity_id) for i in range(len(kept.records))) == [
            8800,
            9563,
            11722,
        ]
    finally:
        store.close()


def test_an_index_of_seven_field_records_is_refused() -> None:
    """Parts that say the current format but hold records without nationalities are not
    misread as records without nationalities."""
    index = ScreeningIndex.build([], "x@1")
    parts = dict(index.parts)
    parts["meta"] = dump_json({"format": "puente-screening-2", "list_version": "x@1"})
    with pytest.raises(ValueError, match=FORMAT):
        ScreeningIndex.from_parts(parts)


@pytest.fixture
def lists_client(store: Store, tmp_path: Path) -> Any:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN_NATIONALITY))
    ingest_source(
        store, get_source("ofac-consolidated"), origin=str(FIXTURES / "ofac-consolidated")
    )
    app = create_app(Settings(db=tmp_path / "puente.duckdb", mirror=None), store=store)
    with TestClient(app) as client:
        yield client


def test_entity_pages_show_nationality_apart_from_addresses(lists_client: TestClient) -> None:
    answer = lists_client.get("/api/sanctions/entities/9563").json()["entity"]
    assert (answer["nationalities"], answer["countries"]) == (["CO"], ["CO", "MX"])
    assert {a["country"] for a in answer["addresses"]} == {"Colombia", "Mexico"}
    other = lists_client.get("/api/lists/ofac-consolidated/entities/50476").json()["entity"]
    assert other["nationalities"] == ["HT"]

    page = lists_client.get("/sanctions/entities/9563").text
    section = page.split('id="nationalities"', 1)[1].split("</ul>", 1)[0]
    assert "Colombia (CO)" in section
    assert "Mexico" not in section  # the Guadalajara address is in the addresses table
    assert "Guadalajara" in page.split('id="addresses"', 1)[1]
    spanish = lists_client.get("/lists/ofac-consolidated/entities/50476?lang=es").text
    assert "Nacionalidad y ciudadanía" in spanish
    assert "Haití (HT)" in spanish.split('id="nationalities"', 1)[1].split("</ul>", 1)[0]


def test_reconciliation_extend_gives_nationalities_not_addresses(
    lists_client: TestClient,
) -> None:
    import json

    extend = {"ids": ["9563", "11722"], "properties": [{"id": "nationalities"}]}
    rows = lists_client.get("/reconcile", params={"extend": json.dumps(extend)}).json()["rows"]
    assert rows["9563"]["nationalities"] == [{"str": "Colombia"}]
    assert rows["11722"]["nationalities"] == [{"str": "Costa Rica"}]
