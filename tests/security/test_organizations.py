"""Criminal organisations and their networks, built from the list data alone."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from puente.api import create_app
from puente.cli.main import app as cli
from puente.config import Settings
from puente.errors import NotFound
from puente.security import organizations
from puente.store import Store
from tests.security.support import load_org_fixtures

runner = CliRunner()


@pytest.fixture
def orgs_store(store: Store) -> Store:
    load_org_fixtures(store)
    return store


@pytest.fixture
def orgs_client(orgs_store: Store, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=orgs_store)) as client:
        yield client


def test_organisations_tied_to_mexico_and_not_companies(orgs_store: Store) -> None:
    with orgs_store.read() as cur:
        answer = organizations.list_organizations(cur)
    names = [o["name"] for o in answer.organizations]
    # Largest network first; the group with only a member's Mexican nationality is in.
    assert names == ["LOS HALCONES", "CARTEL DEL VALLE", "LOS NUEVOS"]
    # Out: a TCO in Canada, a company designated under TCO, an FTO whose members are not
    # tied to Mexico, and a hotel linked to a member.
    for excluded in ("NORTHERN BROTHERHOOD", "ACME TRADING LLC", "FRENTE ARMADO"):
        assert excluded not in names
    halcones = answer.organizations[0]
    assert halcones["aliases"] == ["HALCONES DEL NORTE"]
    assert (halcones["individuals"], halcones["entities"]) == (3, 1)
    assert answer.by_program == {"FTO": 1, "ILLICIT-DRUGS-EO14059": 1, "SDNTK": 2}


def test_members_companies_and_shared_address_and_document(orgs_store: Store) -> None:
    with orgs_store.read() as cur:
        answer = organizations.get_organization(cur, 100)
    how = {m["name"]: (m["via"], m["steps"]) for m in answer.members}
    assert how == {
        "PEREZ LOPEZ, Juan": ("linked_to", 1),
        "TORRES VEGA, Luis": ("linked_to", 1),
        "SANCHEZ MORA, Ana": ("linked_to", 1),
        "SERVICIOS HALCON, S.A. DE C.V.": ("linked_to", 2),
        # shares the company's street address; shares a passport number with a member
        "GOMEZ RUIZ, Maria": ("address", None),
        "TORRES VEGA, Jose": ("document", None),
    }
    edges = {(e["a"], e["b"], e["kind"]) for e in answer.edges}
    assert (100, 101, "linked_to") in edges
    assert (101, 102, "linked_to") in edges
    assert (102, 103, "address") in edges
    assert (108, 109, "document") in edges
    # A city alone never links: 101 and 100 are both in Tijuana, with no street address.
    assert (100, 101, "address") not in edges


def test_history_counts_new_organisations_and_members(orgs_store: Store) -> None:
    with orgs_store.read() as cur:
        listing = organizations.list_organizations(cur)
        one = organizations.get_organization(cur, 100)
    assert [
        (h["version"], h["organizations"], h["new_organizations"]) for h in listing.history
    ] == [
        (1, 2, None),
        (2, 3, 1),
    ]
    assert [(h["members"], h["new_members"]) for h in one.history] == [(3, None), (4, 1)]


def test_links_come_from_an_older_version_when_the_list_has_no_remarks(store: Store) -> None:
    load_org_fixtures(store, ("v2", "v3"))
    with store.read() as cur:
        answer = organizations.get_organization(cur, 100)
    # The derived file (version 2, in force) has no Remarks: the links are version 1's.
    assert answer.version.version == 2
    assert answer.links_version.version == 1
    assert {m["name"] for m in answer.members if m["steps"] == 1} == {
        "PEREZ LOPEZ, Juan",
        "TORRES VEGA, Luis",
        "SANCHEZ MORA, Ana",
    }


def test_an_entry_that_is_not_an_organisation_is_not_found(orgs_store: Store) -> None:
    with orgs_store.read() as cur, pytest.raises(NotFound, match="no designated criminal"):
        organizations.get_organization(cur, 101)


@pytest.mark.parametrize(
    ("name", "company"),
    [
        ("SERVICIOS HALCON, S.A. DE C.V.", True),
        ("ACME TRADING LLC", True),
        ("CONSULTORIA INTEGRAL LA FUENTE, SOCIEDAD CIVIL", True),
        ("HOTEL PLAZA", True),
        ("SINALOA CARTEL", False),
        ("LOS CUINIS", False),
        ("CARTEL DE JALISCO NUEVA GENERACION", False),
    ],
)
def test_companies_are_told_from_groups(name: str, company: bool) -> None:
    assert organizations.is_company(name) is company


def test_api_and_pages(orgs_client: TestClient) -> None:
    body = orgs_client.get("/api/security/organizations").json()
    assert body["total"] == 3
    csv_text = orgs_client.get("/api/security/organizations", params={"format": "csv"}).text
    assert csv_text.splitlines()[1].startswith("100,LOS HALCONES,")
    one = orgs_client.get("/api/security/organizations/100").json()
    assert one["organization"]["name"] == "LOS HALCONES"
    missing = orgs_client.get("/api/security/organizations/101")
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"
    page = orgs_client.get("/security/organizations").text
    assert 'href="/security/organizations/100"' in page
    spanish = orgs_client.get("/security/organizations/100", params={"lang": "es"}).text
    assert "Red" in spanish
    assert 'id="org-network"' in spanish
    assert 'href="/sanctions/entities/102"' in spanish


def test_cli_lists_organisations_and_one_network(orgs_store: Store) -> None:
    db = str(orgs_store.path)
    orgs_store.close()
    listing = runner.invoke(cli, ["--db", db, "security", "orgs"])
    assert listing.exit_code == 0, listing.output
    assert "3 designated criminal organisations tied to Mexico" in listing.output
    one = runner.invoke(cli, ["--db", db, "security", "orgs", "100", "--json"])
    assert one.exit_code == 0, one.output
    assert json.loads(one.stdout)["organization"]["individuals"] == 3
