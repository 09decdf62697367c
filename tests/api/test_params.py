"""What the schema says a parameter accepts is what the service accepts (puente.api.params,
puente.api.openapi.fold_alternatives), and a well-formed value the data lacks is a 404."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from puente.api import create_app
from puente.api.params import DATE_TIME, PERIOD, PRINTABLE, SCREEN_NAME
from puente.api.watch import NOT_BLANK
from puente.border.crossings import parse_period
from puente.border.forecast import parse_at
from puente.config import Settings
from puente.errors import InvalidInput
from puente.sanctions.inputs import clean_text
from puente.sanctions.screening.query import Query, validate_query
from puente.store import open_store
from tests.api.contract_data import load_everything


def matches(pattern: str, text: str) -> bool:
    """As a client's validator (and schemathesis) reads the schema's pattern."""
    return bool(jsonschema_rs.validator_for({"type": "string", "pattern": pattern}).is_valid(text))


def accepted(parse: Any, text: str) -> bool:
    try:
        parse(text)
    except InvalidInput:
        return False
    return True


@pytest.mark.parametrize("year", [1899, 1900, 1999, 2000, 2023, 2024, 2100, 2101])
def test_the_period_pattern_is_what_the_crossings_read(year: int) -> None:
    for month in range(0, 14):
        texts = [f"{year}", f"{year}-{month:02d}"]
        texts += [f"{year}-{month:02d}-{day:02d}" for day in range(0, 33)]
        for text in texts:
            assert matches(PERIOD, text) == accepted(parse_period, text), text


@pytest.mark.parametrize("year", [1, 4, 100, 400, 1900, 2000, 2024, 2026, 9999])
def test_the_time_pattern_is_what_the_forecast_reads(year: int) -> None:
    for month in range(0, 14):
        for day in range(0, 33):
            text = f"{year:04d}-{month:02d}-{day:02d}"
            for moment in (text, f"{text}T07:30", f"{text} 23:59:59.5+05:30", f"{text}T24:00"):
                assert matches(DATE_TIME, moment) == accepted(parse_at, moment), moment


@given(st.text(max_size=40))
def test_printable_text_is_what_the_search_accepts(text: str) -> None:
    if matches(PRINTABLE, text):
        clean_text(text, "q", required=False)  # no control character refused


def test_a_dismissal_reason_of_the_schema_is_more_than_spaces() -> None:
    """The pattern's blank characters are exactly what the watch service strips (str.split)."""
    every = "".join(chr(c) for c in range(0x3100)) + "\ufeff\U0001f600"
    refused = [c for c in every if not matches(NOT_BLANK, c)]
    assert refused == [c for c in every if c.isspace()]
    assert len(refused) == 29
    assert matches(NOT_BLANK, " \u3000 x ")


@given(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30))
def test_a_name_of_the_schema_can_be_screened(name: str) -> None:
    if matches(SCREEN_NAME, name):
        validate_query(Query(name=name))


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    scratch = tmp_path_factory.mktemp("params")
    store = load_everything(open_store(scratch / "puente.duckdb"), scratch)
    yield create_app(
        Settings(db=scratch / "puente.duckdb", mirror=None, max_queries=7), store=store
    )
    store.close()


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


NOT_FOUND = [
    ("/api/travel/advisory?date=1999-01", "no advisory dated '1999-01' in the data"),
    ("/api/travel/advisory/map?date=1999-01", "no advisory dated '1999-01' in the data"),
    ("/api/travel/advisory/changes?before=1999-01", "no advisory dated '1999-01'"),
    ("/api/travel/posts/serving?state=Sonora&city=Mérida", "no city Mérida in Sonora"),
    ("/api/lists/ofac-sdn/entities/0.1.0", "no entry '0.1.0' in ofac-sdn"),
    ("/api/sanctions/search?country=Atlantis", "no country 'Atlantis' is known"),
    ("/api/lists/ofac-sdn/search?country=Atlantis", "no country 'Atlantis' is known"),
    ("/api/security/drugs?drug=tea", "no drug type 'tea' in the data"),
    ("/api/security/money?region=Moon", "no region 'Moon' in the data"),
    ("/api/trade/ranks?partner=0015", "only countries are ranked"),
]


@pytest.mark.parametrize(("url", "detail"), NOT_FOUND)
def test_a_value_the_data_lacks_is_not_found(client: TestClient, url: str, detail: str) -> None:
    response = client.get(url)
    assert response.status_code == 404, response.text
    assert response.json()["error"] == "not_found"
    assert detail in response.json()["detail"]


def _parameter(app: FastAPI, path: str, name: str) -> dict[str, Any]:
    params = app.openapi()["paths"][path]["get"]["parameters"]
    return next(p for p in params if p["name"] == name)


@pytest.mark.parametrize(
    ("path", "name", "groups", "given", "missing"),
    [
        (
            "/api/travel/posts/serving",
            "place",
            [["state"], ["city"]],
            ["state=Sonora", "city=Tijuana", "state=Sonora&city=Hermosillo"],
            ["", "state=", "type=embassy"],
        ),
        (
            "/api/travel/posts/nearest",
            "origin",
            [["near"], ["lat", "lon"]],
            ["near=Tijuana", "lat=28&lon=-111.5", "near=Tijuana&lat=1"],
            ["", "lat=28", "lon=-111.5", "limit=2"],
        ),
    ],
)
def test_either_or_parameters_are_one_object_in_the_schema(
    app: FastAPI,
    client: TestClient,
    path: str,
    name: str,
    groups: list[list[str]],
    given: list[str],
    missing: list[str],
) -> None:
    parameter = _parameter(app, path, name)
    assert (parameter["in"], parameter["style"], parameter["explode"]) == ("query", "form", True)
    assert parameter["required"] is True
    schema = parameter["schema"]
    assert schema["anyOf"] == [{"required": group} for group in groups]
    assert set(schema["properties"]) == {n for group in groups for n in group}
    names = {p["name"] for p in app.openapi()["paths"][path]["get"]["parameters"]}
    assert not names & set(schema["properties"])  # not documented twice
    validator = jsonschema_rs.validator_for(schema)
    for query in given:  # what the schema allows is answered
        values = dict(pair.split("=") for pair in query.split("&"))
        as_object = {k: float(v) if k in ("lat", "lon") else v for k, v in values.items()}
        assert validator.is_valid(as_object), query
        assert client.get(f"{path}?{query}").status_code == 200, query
    for query in missing:  # and what it does not is refused
        values = dict(pair.split("=") for pair in query.split("&") if pair)
        own = {k: v for k, v in values.items() if k in schema["properties"]}
        assert not validator.is_valid(own), query
        assert client.get(f"{path}?{query}").status_code == 400, query


def test_the_schema_states_this_servers_query_limit(app: FastAPI, client: TestClient) -> None:
    queries = app.openapi()["components"]["schemas"]["ScreenRequest"]["properties"]["queries"]
    assert (queries["minItems"], queries["maxItems"]) == (1, 7)
    eight = {"queries": [{"name": f"Name {n}"} for n in range(8)]}
    assert client.post("/api/screen", json=eight).status_code == 400
    seven = {"queries": [{"name": f"Name {n}"} for n in range(7)]}
    assert client.post("/api/screen", json=seven).status_code == 200
    batch = app.openapi()["components"]["schemas"]["ReconciliationQueryBatch"]
    assert (batch["minProperties"], batch["maxProperties"]) == (1, 7)
    for count, status in ((7, 200), (8, 400), (0, 400)):
        queries = json.dumps({f"q{n}": {"query": f"Name {n}"} for n in range(count)})
        assert client.post("/reconcile", data={"queries": queries}).status_code == status
