"""Seizures beside crossings, Air and Marine Operations seizures and encounters by state, on
fixtures in CBP's and BTS's published formats."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from puente.api import create_app
from puente.cli.main import app as cli
from puente.config import Settings
from puente.security import amo, areas, encounters
from puente.store import Store
from tests.security.support import load_more_security_fixtures

runner = CliRunner()


@pytest.fixture
def more_store(store: Store) -> Store:
    load_more_security_fixtures(store)
    return store


@pytest.fixture
def more_client(more_store: Store, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=more_store)) as client:
        yield client


def test_seizures_per_million_people_crossing_at_the_ports(more_store: Store) -> None:
    with more_store.read() as cur:
        answer = areas.seizures_beside_crossings(cur)
    # The only fiscal year both cover: FY2023, in the three months of crossings (Oct-Dec 2022).
    assert answer.fiscal_year == 2023
    assert answer.months == ["2022-10", "2022-11", "2022-12"]
    assert answer.complete is False
    offices = {o["area"]: o for o in answer.field_offices}
    san_diego = offices["SAN DIEGO FIELD OFFICE"]
    # People only (pedestrians and vehicle passengers), never the vehicles themselves.
    assert san_diego["people_crossing"] == 600_000 + 1_200_000
    assert san_diego["lbs"] == 1500.0  # 200 + 400 + 900 lb of fentanyl; September is out
    assert san_diego["lbs_per_million"] == round(1500 * 1e6 / 1_800_000, 3)
    assert san_diego["lbs_per_million_by_drug"]["Fentanyl"] == san_diego["lbs_per_million"]
    tucson = offices["TUCSON FIELD OFFICE"]
    assert (tucson["people_crossing"], tucson["lbs"], tucson["lbs_per_million"]) == (
        300_000,
        0,
        0.0,
    )
    assert offices["EL PASO FIELD OFFICE"]["lbs_per_million"] is None  # nobody crossed


def test_at_the_ports_against_between_them(more_store: Store) -> None:
    with more_store.read() as cur:
        answer = areas.seizures_beside_crossings(cur)
    corridors = {c["corridor"]: c for c in answer.corridors}
    assert corridors["Tucson"]["between_ports_lbs"] == 100.0  # Tucson sector, Oct 2022
    assert corridors["Tucson"]["share_at_ports"] == 0.0
    assert corridors["San Diego"]["share_at_ports"] == 1.0
    # The monthly series counts people at the Mexican border only (Canada's port is out).
    october = [m for m in answer.monthly if m["month"] == "2022-10"]
    assert {m["people_crossing"] for m in october} == {100_000 + 200_000 + 50_000}


def test_one_drug_and_an_unshared_year(more_store: Store) -> None:
    with more_store.read() as cur:
        meth = areas.seizures_beside_crossings(cur, 2023, "methamphetamine")
        assert meth.drug == "Methamphetamine"
        assert {o["area"]: o["lbs"] for o in meth.field_offices}["SAN DIEGO FIELD OFFICE"] == 0
        with pytest.raises(Exception, match="share no month of FY2024"):
            areas.seizures_beside_crossings(cur, 2024)


def test_every_southwest_area_maps_to_ports_and_states() -> None:
    offices = [a for a in areas.AREAS if a.component == areas.OFO]
    # Each port of entry belongs to exactly one field office.
    ports = [p for a in offices for p in a.ports]
    assert len(ports) == len(set(ports)) == 28
    for corridor in areas.CORRIDORS:
        assert any(a.corridor == corridor and a.component == areas.USBP for a in areas.AREAS)


def test_amo_by_state_and_branch(more_store: Store) -> None:
    with more_store.read() as cur:
        answer = amo.amo_seizures(cur)
        southwest = amo.amo_seizures(cur, fiscal_year=2023, region="Southwest Border")
    assert answer.fiscal_year == 2024
    assert answer.months == ["OCT"]
    states = {r["state"]: r for r in answer.by_state}
    assert states["AZ"]["lbs"] == 50.0
    assert states["AZ"]["previous_lbs"] == 200.0  # FY2023 October only
    assert states["AZ"]["change"] == -0.75
    assert states[None]["lbs"] == 5.0  # a ground controller is in no one state
    assert {r["state"] for r in southwest.by_state} == {"AZ", "TX"}
    assert amo.branch_state("AMO Operation Bahamas, Turks and Caicos") is None
    assert amo.branch_state("Mc Allen Air And Marine Branch") == "TX"


def test_encounters_by_state_with_mexican_share(more_store: Store) -> None:
    with more_store.read() as cur:
        answer = encounters.encounters_by_state(cur, region="Southwest Land Border")
    assert answer.fiscal_year == 2023
    states = {r["state"]: r for r in answer.by_state}
    assert (states["TX"]["encounters"], states["TX"]["mexico"]) == (100, 80)
    assert states["TX"]["mexico_share"] == 0.8
    assert states["TX"]["change"] == round((100 - 160) / 160, 4)
    assert states["AZ"]["mexico_share"] == 0.75
    assert "FL" not in states


def test_api_pages_and_cli(more_client: TestClient, more_store: Store) -> None:
    api = more_client.get("/api/security/crossings").json()
    assert api["fiscal_year"] == 2023
    csv_text = more_client.get(
        "/api/security/crossings", params={"table": "corridors", "format": "csv"}
    ).text
    assert csv_text.splitlines()[0].startswith("corridor,field_office,sectors,")
    assert more_client.get("/api/security/crossings", params={"table": "x"}).status_code == 400
    assert more_client.get("/api/security/amo", params={"drug": "tea"}).status_code == 404
    for path in ("/security/crossings", "/security/amo", "/security/encounters/states"):
        for lang in ("en", "es"):
            response = more_client.get(path, params={"lang": lang})
            assert response.status_code == 200, (path, lang)
    page = more_client.get("/security/crossings", params={"lang": "es"}).text
    assert "Decomisos junto a los cruces" in page
    db = str(more_store.path)
    more_store.close()
    out = runner.invoke(cli, ["--db", db, "security", "crossings", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["field_offices"][0]["people_crossing"] == 1_800_000
    states = runner.invoke(cli, ["--db", db, "security", "states"])
    assert states.exit_code == 0, states.output
    assert "80.0%" in states.output
