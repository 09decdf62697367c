"""The sanctions JSON API, screening, the CSV batch and the reconciliation service."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from puente.api import create_app
from puente.config import Settings
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store

SDN = Path(__file__).resolve().parents[1] / "fixtures" / "ofac-sdn"


@pytest.fixture
def sdn_client(store: Store, settings: Settings) -> Iterator[TestClient]:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN / "full"))
    app = create_app(settings, store=store, admin_token="test-token")
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_search_with_filters_and_csv(sdn_client: TestClient) -> None:
    body = sdn_client.get("/api/sanctions/search", params={"program": "SDNTK", "country": "MX"})
    assert body.status_code == 200
    data = body.json()
    assert [r["name"] for r in data["results"]] == ["CARTEL DE SINALOA", "GUZMAN LOERA, Joaquin"]
    assert data["version"]["dataset"] == "ofac-sdn"
    as_csv = sdn_client.get("/api/sanctions/search", params={"q": "chapo", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert rows[0]["name"] == "GUZMAN LOERA, Joaquin"
    assert rows[0]["matched_name"] == "GUZMAN, Chapo"
    assert as_csv.headers["x-puente-dataset-version"] == "ofac-sdn@1"


def test_entity_with_linked_entities(sdn_client: TestClient) -> None:
    data = sdn_client.get("/api/sanctions/entities/7001").json()
    entity = data["entity"]
    assert entity["name"] == "PEÑA NUÑEZ, José Ángel"
    assert [(link["direction"], link["entity_id"]) for link in entity["linked"]] == [
        ("to", 7002),
        ("from", 7002),
    ]
    # A "Linked To" name that names no entry: its name and direction, nothing made up.
    unnamed = sdn_client.get("/api/sanctions/entities/7004").json()["entity"]["linked"]
    assert unnamed == [{"entity_id": None, "name": "EXAMPLE AIR", "direction": "to"}]
    assert sdn_client.get("/api/sanctions/entities/99").status_code == 404
    assert sdn_client.get("/api/sanctions/entities/abc").status_code == 400


def test_programs_and_diff(sdn_client: TestClient) -> None:
    programs = sdn_client.get("/api/sanctions/programs").json()["programs"]
    assert programs[0]["program"] in {"SDNTK", "SDNT"}
    diff = sdn_client.get("/api/sanctions/diff")
    assert diff.status_code == 400
    assert "no kept version before" in diff.json()["detail"]


def test_the_schema_declares_the_rows_of_the_list_answers(sdn_client: TestClient) -> None:
    """A client generated from the OpenAPI schema gets typed search hits, programs, lists and
    diff counts, not free-form objects: the SDN search's ids are numbers, any list's ids text."""
    models = sdn_client.get("/openapi.json").json()["components"]["schemas"]

    def part(model: str, key: str) -> dict[str, Any]:
        declared = models[model]["properties"][key]
        ref = declared.get("items", declared)["$ref"]
        return dict(models[ref.rsplit("/", 1)[1]])

    hit = part("SanctionsSearch", "results")
    assert hit["properties"]["entity_id"]["type"] == "integer"
    assert {"name", "entity_type", "programs", "mexico", "matched_name"} <= set(hit["required"])
    assert part("SanctionsSearchList", "results")["properties"]["entity_id"]["type"] == "string"
    assert part("SanctionsPrograms", "programs")["properties"]["mexico"]["type"] == "integer"
    assert {"loaded", "version", "versions"} <= set(part("SanctionsLists", "lists")["required"])
    assert part("SanctionsDiffList", "summary")["required"] == ["added", "removed", "changed"]
    assert "dataset" in models["SanctionsEntityEntry"]["required"]


def test_screen_one_query(sdn_client: TestClient) -> None:
    response = sdn_client.post(
        "/api/screen",
        json={
            "queries": [{"name": "Joakin Guzman Loera", "birth_date": "1957", "country": "MX"}],
        },
    )
    assert response.status_code == 200
    data = response.json()
    assert data["threshold"] == 0.8
    assert data["list_version"]["dataset"] == "ofac-sdn"
    best = data["results"][0]["matches"][0]
    assert best["entity_id"] == "6861"
    assert best["match"] is True
    assert best["programs"] == ["SDNTK"]
    assert "1957" in best["explanation"]


def test_screen_batch_keeps_going_past_a_bad_query(sdn_client: TestClient) -> None:
    response = sdn_client.post(
        "/api/screen",
        json={
            "queries": [{"name": "Jose Angel Pena Nunez"}, {"name": ""}, {"name": "Maria Lopez"}],
            "threshold": 0.9,
        },
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["matches"][0]["entity_id"] == "7001"
    assert "error" in results[1]
    assert not any(m["match"] for m in results[2]["matches"])


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"queries": [{"name": ""}]}, 400, "empty"),
        ({"queries": [{"name": "x" * 10_000}]}, 400, "characters"),
        ({"queries": [{"name": "Ana\x00Lopez"}]}, 400, "control"),
        ({"queries": [{"name": "Ana", "birth_date": "yesterday"}]}, 400, "birth_date"),
        ({"queries": [{"name": "Ana", "country": "Atlantis"}]}, 400, "Atlantis"),
        ({"queries": []}, 400, "queries is empty"),
        ({"queries": [{"name": "a"}] * 1001}, 400, "at most 1,000"),
        ({"queries": [{"name": "Ana"}], "threshold": 7}, 400, "threshold"),
        ({"queries": [{"nombre": "Ana"}]}, 400, "name"),
        ({"names": ["Ana"]}, 400, "queries"),
    ],
)
def test_bad_screening_input_is_a_400(
    sdn_client: TestClient, body: dict, status: int, detail: str
) -> None:
    response = sdn_client.post("/api/screen", json=body)
    assert response.status_code == status
    assert response.json()["error"] == "invalid_input"
    assert detail in response.json()["detail"]


@pytest.mark.parametrize("name", ["Хоакин Гусман", "古斯曼", "خواكين غوزمان", "Ἰωάννης", "🙂 Ana"])
def test_any_script_is_screened_not_refused(sdn_client: TestClient, name: str) -> None:
    response = sdn_client.post("/api/screen", json={"queries": [{"name": name}]})
    assert response.status_code == 200
    assert response.json()["results"][0]["query"]["name"] == name


def test_screenings_are_audited_with_the_key_id_and_name(sdn_client: TestClient) -> None:
    admin = {"X-Puente-Token": "test-token"}
    made = sdn_client.post("/api/keys", json={"name": "Ana", "role": "screener"}, headers=admin)
    key = made.json()["key"]
    screened = sdn_client.post(
        "/api/screen",
        json={"queries": [{"name": "Joaquin Guzman"}]},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert screened.status_code == 200
    bogus = sdn_client.post(
        "/api/screen", json={"queries": [{"name": "x"}]}, headers={"X-API-Key": "k-123"}
    )
    assert bogus.status_code == 401
    assert sdn_client.get("/api/audit/export").status_code == 401
    export = sdn_client.get("/api/audit/export", headers=admin)
    rows = [json.loads(line) for line in export.text.splitlines()]
    assert len(rows) == 1
    assert rows[0]["actor"] == f"key:{made.json()['id']} (Ana)"
    assert key not in export.text
    assert rows[0]["queries"] == [{"name": "Joaquin Guzman"}]
    assert rows[0]["list_version"] == 1
    assert rows[0]["results"][0]["matches"][0]["entity_id"] == "6861"
    as_csv = sdn_client.get("/api/audit/export", params={"format": "csv"}, headers=admin)
    assert as_csv.text.startswith("id,screened_at,actor")
    verify = sdn_client.get("/api/audit/verify", headers=admin).json()
    assert (verify["ok"], verify["rows"], verify["first_bad_id"]) == (True, 1, None)


def _upload(client: TestClient, data: bytes, name: str = "customers.csv"):
    return client.post("/api/screen/batch", files={"file": (name, data, "text/csv")})


def test_batch_csv_upload_returns_a_csv(sdn_client: TestClient) -> None:
    data = (
        "customer_id,name,birth_date,country\n"
        "C1,Joaquín Guzmán Loera,1957,MX\n"
        'C2,"Comercializadora Ejemplo SA de CV",,Mexico\n'
        "C3,,1980,\n"
        "C4,Ana,not a date,MX\n"
        "C5,too,many,fields,here,now\n"
        "C6,Mary Smith,,US\n"
    ).encode()
    response = _upload(sdn_client, data)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["customer_id"] for r in rows] == ["C1", "C2", "C3", "C4", "C5", "C6"]
    assert list(rows[0])[-13:] == [
        "row",
        "rank",
        "list",
        "list_version",
        "entity_id",
        "matched_name",
        "primary_name",
        "score",
        "match",
        "programs",
        "explanation",
        "warnings",
        "error",
    ]
    assert (rows[0]["entity_id"], rows[0]["match"], rows[0]["list"]) == ("6861", "true", "ofac-sdn")
    assert rows[1]["entity_id"] == "7005"
    assert rows[2]["error"] == "name is empty"
    # A bad birth date is flagged and left out; the name is still screened.
    assert rows[3]["error"] == ""
    assert "birth_date 'not a date'" in rows[3]["warnings"]
    assert "fields" in rows[4]["error"]
    assert rows[5]["match"] == "false"
    assert rows[5]["error"] == ""
    as_json = sdn_client.post(
        "/api/screen/batch",
        params={"format": "json"},
        files={"file": ("c.csv", data, "text/csv")},
    ).json()
    assert as_json["columns"] == list(rows[0])
    assert [r["customer_id"] for r in as_json["rows"]] == [r["customer_id"] for r in rows]
    assert as_json["rows"][0]["score"] == rows[0]["score"]


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"", "empty"),
        (b"customer,cliente\nC1,Ana\n", "no name column; found the columns 'customer'"),
        (b"name\nJos\x81\n", "line 2: byte 0x81 is neither UTF-8 nor Windows-1252"),
        (b"name,country\n", "no rows below it"),
        (b'name\n"unclosed\n', "malformed CSV"),
        (b"name,name\nA,B\n", "twice"),
        (b"name,score\nA,1\n", "rename"),
    ],
)
def test_bad_batch_files_are_a_clear_400(sdn_client: TestClient, data: bytes, detail: str) -> None:
    response = _upload(sdn_client, data)
    assert response.status_code == 400
    assert detail in response.json()["detail"]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_batch_files_as_spreadsheets_save_them(sdn_client: TestClient, encoding: str) -> None:
    response = _upload(sdn_client, "name\nJoaquín Guzmán Loera\n".encode(encoding))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["name"] == "Joaquín Guzmán Loera"
    assert rows[0]["match"] == "true"


def test_reconciliation_manifest_and_queries(sdn_client: TestClient) -> None:
    manifest = sdn_client.get("/reconcile").json()
    assert manifest["versions"] == ["0.2"]
    assert manifest["view"]["url"].endswith("/sanctions/entities/{{id}}")
    assert {t["id"] for t in manifest["defaultTypes"]} == {
        "individual",
        "entity",
        "vessel",
        "aircraft",
    }
    queries = {
        "q0": {
            "query": "Joaquin Guzman Loera",
            "type": "individual",
            "properties": [{"pid": "birth_date", "v": "1957"}],
        },
        "q1": {"query": "Sinaloa cartel"},
    }
    answer = sdn_client.post("/reconcile", data={"queries": json.dumps(queries)}).json()
    assert answer["q0"]["result"][0]["id"] == "6861"
    assert answer["q0"]["result"][0]["match"] is True
    assert 0 < answer["q0"]["result"][0]["score"] <= 100
    assert answer["q1"]["result"][0]["id"] == "7000"
    jsonp = sdn_client.get("/reconcile", params={"callback": "cb"})
    assert jsonp.text.startswith("/**/cb(")  # the comment guards old Flash JSONP tricks
    assert sdn_client.get("/reconcile", params={"queries": "{nope"}).status_code == 400
    assert sdn_client.get("/reconcile", params={"callback": "alert(1)"}).status_code == 400
    preview = sdn_client.get("/reconcile/preview/6861")
    assert "GUZMAN LOERA" in preview.text


@hypothesis_settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=80), other=st.text(max_size=20))
def test_no_text_makes_a_500(sdn_client: TestClient, text: str, other: str) -> None:
    screened = sdn_client.post(
        "/api/screen",
        json={"queries": [{"name": text, "birth_date": other or None, "country": other or None}]},
    )
    searched = sdn_client.get("/api/sanctions/search", params={"q": text, "program": other})
    reconciled = sdn_client.post("/reconcile", data={"queries": json.dumps({"q": text})})
    for response in (screened, searched, reconciled):
        assert response.status_code in (200, 400), response.text
        assert response.headers["content-type"].startswith("application/json")


def test_the_index_is_built_while_the_server_starts(store: Store, settings: Settings) -> None:
    import time

    from puente.sanctions import screener

    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN / "full"))
    with TestClient(create_app(settings, store=store)):
        deadline = time.monotonic() + 10
        while screener._INDEXES.get(store) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert screener._INDEXES.get(store) is not None


def test_batch_accepts_semicolons_and_a_bom(sdn_client: TestClient) -> None:
    data = "\ufeffNombre;País;Fecha de nacimiento\r\nJoaquín Guzmán Loera;México;1957\r\n".encode()
    response = _upload(sdn_client, data)
    assert response.status_code == 200, response.text
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["entity_id"] == "6861"
    assert rows[0]["País"] == "México"
    assert "born 1957" in rows[0]["explanation"]  # the Spanish headers were understood
    assert "MX" in rows[0]["explanation"]
