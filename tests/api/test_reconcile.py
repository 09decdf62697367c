"""The reconciliation service as OpenRefine uses it, every answer checked against the W3C
Reconciliation API 0.2 JSON schemas (../shared/specs/reconciliation/0.2)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft7Validator, Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from puente.api import create_app
from puente.config import Settings
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store

SDN = Path(__file__).resolve().parents[1] / "fixtures" / "ofac-sdn" / "full"
SPECS = Path(__file__).resolve().parents[3] / "shared" / "specs" / "reconciliation" / "0.2"
if not SPECS.is_dir():  # a worktree beside main: /work/wt/NAME
    SPECS = Path("/work/shared/specs/reconciliation/0.2")


def _schemas() -> tuple[dict[str, dict[str, Any]], Registry]:
    docs = {p.stem: json.loads(p.read_text()) for p in SPECS.glob("*.json")}
    registry: Registry = Registry().with_resources(
        (doc["$id"], Resource.from_contents(doc, default_specification=DRAFT7))
        for doc in docs.values()
        if "$id" in doc
    )
    return docs, registry


DOCS, REGISTRY = _schemas()


def check(name: str, answer: Any) -> Any:
    """Validate an answer against one of the 0.2 schemas; return it."""
    errors = sorted(Draft7Validator(DOCS[name], registry=REGISTRY).iter_errors(answer), key=str)
    assert not errors, f"{name}: {errors[0].message} at {list(errors[0].absolute_path)}"
    return answer


@pytest.fixture
def client(store: Store, settings: Settings) -> Iterator[TestClient]:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN))
    settings = settings.model_copy(update={"base_url": "https://puente.example.org"})
    app = create_app(settings, store=store)
    with TestClient(app, raise_server_exceptions=False, base_url="http://evil.example") as c:
        yield c


def reconcile(client: TestClient, queries: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/reconcile", data={"queries": json.dumps(queries)})
    assert response.status_code == 200, response.text
    assert response.headers["access-control-allow-origin"] == "*"
    check("reconciliation-query-batch", queries)
    return dict(check("reconciliation-result-batch", response.json()))


def test_manifest_is_valid_and_uses_the_base_url_not_the_host(client: TestClient) -> None:
    manifest = check("manifest", client.get("/reconcile").json())
    text = json.dumps(manifest)
    assert "evil.example" not in text
    assert manifest["view"]["url"] == "https://puente.example.org/sanctions/entities/{{id}}"
    assert manifest["extend"]["propose_properties"]["service_path"] == "/reconcile/properties"
    assert "propose_properties" not in manifest
    schema = client.get("/reconcile/schema").json()
    assert schema["schemaSpace"] == manifest["schemaSpace"]
    assert {t["id"] for t in schema["types"]} >= {"individual", "entity"}
    assert (
        client.get(manifest["schemaSpace"].removeprefix("https://puente.example.org")).status_code
        == 200
    )


@pytest.mark.parametrize(
    "value", ["1957-04-04T00:00:00Z", "04 Apr 1957", "April 4, 1957", 1957, ["1957", "soon"]]
)
def test_openrefine_date_forms_find_the_person(client: TestClient, value: Any) -> None:
    answer = reconcile(
        client,
        {
            "q0": {
                "query": "Joaquin Guzman Loera",
                "properties": [{"pid": "birth_date", "v": value}],
            }
        },
    )
    top = answer["q0"]["result"][0]
    assert top["id"] == "6861"
    assert top["match"] is True
    if isinstance(value, list):
        assert any("soon" in w for w in answer["q0"]["warnings"])
    else:
        assert "warnings" not in answer["q0"]


def test_a_value_it_cannot_use_is_ignored_and_reported(client: TestClient) -> None:
    answer = reconcile(
        client,
        {
            "q0": {
                "query": "Joaquin Guzman Loera",
                "properties": [
                    {"pid": "birth_date", "v": "sometime in spring"},
                    {"pid": "country", "v": "Atlantis"},
                    {"pid": "shoe_size", "v": 44},
                ],
            }
        },
    )
    assert answer["q0"]["result"][0]["id"] == "6861"
    warnings = " | ".join(answer["q0"]["warnings"])
    assert "sometime in spring" in warnings
    assert "Atlantis" in warnings
    assert "shoe_size" in warnings


def test_a_contrary_birth_date_still_lowers_the_score(client: TestClient) -> None:
    plain = reconcile(client, {"q": {"query": "Joaquin Guzman Loera"}})["q"]["result"][0]
    wrong = reconcile(
        client,
        {
            "q": {
                "query": "Joaquin Guzman Loera",
                "properties": [{"pid": "birth_date", "v": "1990-01-01T00:00:00Z"}],
            }
        },
    )["q"]["result"]
    assert not wrong or wrong[0]["score"] < plain["score"]


def test_type_as_an_array_and_limits(client: TestClient) -> None:
    answer = reconcile(
        client,
        {
            "one": {"query": "Sinaloa", "type": ["entity"]},
            "both": {"query": "Joaquin Guzman Loera", "type": ["individual", "entity"], "limit": 1},
            "many": {"query": "Joaquin Guzman Loera", "limit": 500},
        },
    )
    assert all(c["type"][0]["id"] == "entity" for c in answer["one"]["result"])
    assert answer["one"]["result"][0]["id"] == "7000"
    assert len(answer["both"]["result"]) == 1
    assert any("above the maximum" in w for w in answer["many"]["warnings"])
    bad = client.post("/reconcile", data={"queries": json.dumps({"q": {"query": "x", "limit": 0}})})
    assert bad.status_code == 200
    assert "limit" in bad.json()["q"]["error"]


def test_properties_only_query_does_not_fail_the_batch(client: TestClient) -> None:
    answer = reconcile(
        client,
        {
            "p": {"properties": [{"pid": "country", "v": "MX"}]},
            "n": {"query": "Sinaloa cartel"},
        },
    )
    assert answer["p"]["result"] == []
    assert "name" in answer["p"]["error"]
    assert answer["n"]["result"][0]["id"] == "7000"


def test_an_entity_id_as_the_query_finds_it(client: TestClient) -> None:
    answer = reconcile(
        client,
        {
            "a": {"query": "7003"},
            "b": {"query": "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=6861"},
        },
    )
    assert answer["a"]["result"][0] == {
        **answer["a"]["result"][0],
        "id": "7003",
        "name": "MAR AZUL",
        "score": 100.0,
        "match": True,
    }
    assert answer["b"]["result"][0]["id"] == "6861"


def test_json_body_and_extend_never_get_the_manifest(client: TestClient) -> None:
    batch = {"q0": {"query": "Sinaloa cartel"}}
    direct = client.post("/reconcile", json=batch)
    wrapped = client.post("/reconcile", json={"queries": batch})
    for response in (direct, wrapped):
        assert response.status_code == 200
        assert (
            check("reconciliation-result-batch", response.json())["q0"]["result"][0]["id"] == "7000"
        )
    empty = client.post("/reconcile", data={})
    assert empty.status_code == 400
    assert "versions" not in empty.json()
    extend = {
        "ids": ["6861", "7000", "424242"],
        "properties": [
            {"id": p}
            for p in ("birth_dates", "nationalities", "programs", "addresses", "list_version")
        ],
    }
    check("data-extension-query", extend)
    got = client.get("/reconcile", params={"extend": json.dumps(extend)})
    assert got.status_code == 200
    data = check("data-extension-response", got.json())
    assert {"date": "1957-04-04T00:00:00Z"} in data["rows"]["6861"]["birth_dates"]
    assert data["rows"]["6861"]["programs"] == [{"str": "SDNTK"}]
    assert data["rows"]["6861"]["nationalities"]
    assert data["rows"]["424242"]["programs"] == []
    assert data["rows"]["7000"]["list_version"] == [{"str": "ofac-sdn@1"}]
    posted = client.post("/reconcile", data={"extend": json.dumps(extend)})
    assert posted.json() == data
    bad = client.get(
        "/reconcile",
        params={"extend": json.dumps({"ids": ["1"], "properties": [{"id": "password"}]})},
    )
    assert bad.status_code == 400
    assert bad.headers["access-control-allow-origin"] == "*"


def test_suggest_and_propose_properties(client: TestClient) -> None:
    entities = check(
        "suggest-entities-response",
        client.get("/reconcile/suggest/entity", params={"prefix": "guzman"}).json(),
    )
    assert entities["result"][0]["id"] == "6861"
    check(
        "suggest-types-response",
        client.get("/reconcile/suggest/type", params={"prefix": "ind"}).json(),
    )
    assert (
        client.get("/reconcile/suggest/type", params={"prefix": "ind"}).json()["result"][0]["id"]
        == "individual"
    )
    props = check(
        "suggest-properties-response",
        client.get("/reconcile/suggest/property", params={"prefix": "birth"}).json(),
    )
    assert {p["id"] for p in props["result"]} == {"birth_date", "birth_dates"}
    proposal = check(
        "data-extension-property-proposal",
        client.get("/reconcile/properties", params={"type": "individual", "limit": 2}).json(),
    )
    assert [p["id"] for p in proposal["properties"]] == ["birth_dates", "nationalities"]
    vessel = client.get("/reconcile/properties", params={"type": "vessel"}).json()
    assert "birth_dates" not in {p["id"] for p in vessel["properties"]}


def test_cors_on_preview_errors_options_and_jsonp(client: TestClient) -> None:
    preview = client.get("/reconcile/preview/6861")
    missing = client.get("/reconcile/preview/1")
    options = client.options(
        "/reconcile",
        headers={"Origin": "https://x.example", "Access-Control-Request-Method": "POST"},
    )
    jsonp = client.get("/reconcile", params={"callback": "cb"})
    for response in (preview, missing, options, jsonp):
        assert response.headers["access-control-allow-origin"] == "*", response.request.url
    assert missing.status_code == 404
    assert options.status_code == 204
    assert "POST" in options.headers["access-control-allow-methods"]
    assert jsonp.text.startswith("/**/cb(")
    assert jsonp.headers["content-type"].startswith("application/javascript")
    assert "<script" not in client.get("/reconcile/preview/6861").text


def _inline(schema: Any, refs: dict[str, Any], prefix: str) -> Any:
    """`schema` with each `$ref` under `prefix` replaced by what it names (and descriptions'
    spaces as plain spaces: the specification has a no-break space in one)."""
    if isinstance(schema, list):
        return [_inline(item, refs, prefix) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if str(schema.get("$ref", "")).startswith(prefix):
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        return {**_inline(refs[schema["$ref"].removeprefix(prefix)], refs, prefix), **rest}
    return {
        k: " ".join(v.split()) if isinstance(v, str) else _inline(v, refs, prefix)
        for k, v in schema.items()
    }


@pytest.mark.parametrize(
    ("component", "spec"),
    [
        ("ReconciliationQueryBatch", "reconciliation-query-batch"),
        ("ReconciliationResultBatch", "reconciliation-result-batch"),
        ("DataExtensionQuery", "data-extension-query"),
        ("DataExtensionResponse", "data-extension-response"),
    ],
)
def test_the_document_transcribes_the_specifications_schemas(component: str, spec: str) -> None:
    from puente.api.models.reconcile_spec import REF, SPECIFICATION

    ours = _inline(SPECIFICATION[component], SPECIFICATION, REF)
    theirs = {k: v for k, v in DOCS[spec].items() if k not in ("$schema", "$id", "definitions")}
    definitions = DOCS[spec].get("definitions", {})
    assert ours == _inline(theirs, definitions, "#/definitions/")


def _documented(client: TestClient) -> tuple[dict[str, Any], dict[str, Any]]:
    document = client.get("/openapi.json").json()
    return document["paths"]["/reconcile"]["post"], document["components"]


def _valid(schema: dict[str, Any], components: dict[str, Any], value: Any) -> list[str]:
    validator = Draft202012Validator({**schema, "components": components})
    return [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(value)]


def test_post_states_what_it_reads_and_answers(client: TestClient) -> None:
    """What OpenRefine sends is what the document describes, and what it gets back (candidates,
    warnings, errors, property values) is the documented answer."""
    operation, components = _documented(client)
    form = operation["requestBody"]["content"]["application/x-www-form-urlencoded"]
    assert form["encoding"]["queries"] == {"contentType": "application/json"}
    as_json = operation["requestBody"]["content"]["application/json"]["schema"]
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    queries = {
        "found": {"query": "Joaquin Guzman Loera", "type": ["individual"], "limit": 2},
        "warned": {
            "query": "Sinaloa cartel",
            "properties": [{"pid": "shoe_size", "v": 44}, {"pid": "country", "v": ["MX", 3]}],
        },
        "failed": {"properties": [{"pid": "country", "v": {"id": "MX"}}]},
    }
    extend = {"ids": ["6861", "nope"], "properties": [{"id": "birth_dates"}, {"id": "programs"}]}
    for body in ({"queries": queries}, {"extend": extend}, queries):
        assert not _valid(as_json, components, body), body
    assert not _valid(form["schema"], components, {"queries": queries, "callback": "cb"})
    found = client.post("/reconcile", data={"queries": json.dumps(queries)}).json()
    assert found["found"]["result"][0]["id"] == "6861"
    assert found["warned"]["warnings"]
    assert found["failed"]["error"]
    values = client.post("/reconcile", json={"extend": extend}).json()
    assert values["rows"]["6861"]["birth_dates"]
    for got in (found, values):
        assert not _valid(answer, components, got), got
    # What it refuses, the document refuses too: both, neither, too many ids, no such property.
    for body in (
        {"queries": queries, "extend": extend},
        {"callback": "cb"},
        {"extend": {"ids": ["1"] * 501, "properties": [{"id": "programs"}]}},
        {"extend": {"ids": ["1"], "properties": [{"id": "password"}]}},
        {"queries": {}},
    ):
        assert _valid(form["schema"], components, body), body
        fields = {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
        assert client.post("/reconcile", data=fields).status_code == 400, body


def test_a_query_key_or_strategy_it_does_not_know_is_reported(client: TestClient) -> None:
    answer = reconcile(client, {"q": {"query": "Sinaloa cartel", "type_strict": "any"}})
    assert "warnings" not in answer["q"]
    response = client.post(
        "/reconcile",
        data={
            "queries": json.dumps(
                {"q": {"query": "Sinaloa cartel", "lang": "es", "type_strict": "best"}}
            )
        },
    )
    answer = check("reconciliation-result-batch", response.json())
    assert answer["q"]["result"][0]["id"] == "7000"
    assert any("'lang' ignored" in w for w in answer["q"]["warnings"])
    assert any("type_strict" in w for w in answer["q"]["warnings"])


def test_a_callback_with_a_final_newline_is_refused(client: TestClient) -> None:
    response = client.post(
        "/reconcile", data={"queries": json.dumps({"q": {"query": "x"}}), "callback": "cb\n"}
    )
    assert response.status_code == 400
    assert "callback" in response.json()["detail"]


def test_get_documents_the_parameters_it_reads(client: TestClient) -> None:
    """GET /reconcile names queries, extend (JSON text of the 0.2 schemas) and callback; each
    changes the answer, and the answer is the documented one; anything else is refused."""
    from puente.sanctions.reconcile import CALLBACK_PATTERN

    document = client.get("/openapi.json").json()
    operation, components = document["paths"]["/reconcile"]["get"], document["components"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert set(params) == {"queries", "extend", "callback"}
    assert all(p["in"] == "query" and not p["required"] for p in params.values())
    as_json = {n: params[n]["content"]["application/json"]["schema"] for n in ("queries", "extend")}
    assert as_json == {
        "queries": {"$ref": "#/components/schemas/ReconciliationQueryBatch"},
        "extend": {"$ref": "#/components/schemas/DataExtensionQuery"},
    }
    assert params["callback"]["schema"] == {"type": "string", "pattern": CALLBACK_PATTERN}
    answers = operation["responses"]["200"]["content"]
    assert set(answers) == {"application/json", "application/javascript"}
    assert {"400", "429"} <= set(operation["responses"])
    queries = {"q0": {"query": "Joaquin Guzman Loera", "limit": 2}}
    extend = {"ids": ["6861"], "properties": [{"id": "birth_dates"}]}
    for name, value in (("queries", queries), ("extend", extend)):
        assert not _valid(as_json[name], components, value)
    manifest = client.get("/reconcile").json()
    found = client.get("/reconcile", params={"queries": json.dumps(queries)}).json()
    values = client.get("/reconcile", params={"extend": json.dumps(extend)}).json()
    check("manifest", manifest)
    assert found["q0"]["result"][0]["id"] == "6861"
    assert values["rows"]["6861"]["birth_dates"]
    for got in (manifest, found, values):
        assert not _valid(answers["application/json"]["schema"], components, got), got
    jsonp = client.get("/reconcile", params={"queries": json.dumps(queries), "callback": "cb"})
    assert jsonp.headers["content-type"].startswith("application/javascript")
    assert jsonp.text.startswith("/**/cb(")
    # Both, a callback the pattern refuses, a parameter not documented: 400 with the model.
    for refused in (
        {"queries": json.dumps(queries), "extend": json.dumps(extend)},
        {"callback": "cb()"},
        {"query": "Guzman"},
    ):
        response = client.get("/reconcile", params=refused)
        assert response.status_code == 400, refused
        assert set(response.json()) == {"error", "detail"}
