"""The OpenAPI contract: every operation declares a typed answer and the errors it can give,
operation ids do not change silently, and real answers validate against what is declared."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.api.openapi import api_routes, operation_id, role_of
from puente.config import Settings
from puente.store import open_store
from tests.api.contract_data import load_everything

IDS_FILE = Path(__file__).with_name("operation_ids.txt")
METHODS = ("get", "post", "put", "delete", "patch")
ERROR_REF = "#/components/schemas/ErrorResponse"
TOKEN = "contract-admin-token"
# One real request per operation that needs a path or a parameter; the others are asked
# with no parameters at all.
SAMPLES: dict[str, str] = {
    "border_get_port": "/api/border/ports/2402",
    "border_get_port_waits": "/api/border/waits/2401",
    "border_get_best_time": "/api/border/waits/2401/best-time?day=sunday",
    "border_get_observed": "/api/border/waits/2401/observed",
    "trade_get_energy_ranks": "/api/trade/energy/ranks?product=crude_oil&year=2017",
    "trade_get_energy_overview": "/api/trade/energy/overview?year=2017",
    "travel_get_state": "/api/travel/states/sonora",
    "travel_serving": "/api/travel/posts/serving?state=Sonora",
    "travel_nearest": "/api/travel/posts/nearest?near=Tijuana",
    "travel_get_post": "/api/travel/posts/embassy-mexico-city",
    "exchanges_get_program": "/api/exchanges/programs/100000-strong-in-the-americas",
    "sanctions_entity": "/api/sanctions/entities/103",
    "sanctions_search_list": "/api/lists/ofac-sdn/search?q=a",
    "sanctions_list_entity": "/api/lists/ofac-sdn/entities/103",
    "sanctions_diff_list": "/api/lists/ofac-sdn/diff",
    "security_get_organization": "/api/security/organizations/100",
    "reconciliation_reconcile_preview": "/reconcile/preview/103",
    "reconciliation_reconcile_get": '/reconcile?queries={"q0":{"query":"Guzman"}}',
}
NOT_SAMPLED = {
    # Need state made first (a portfolio, a job) or live data: checked by the fuzz test's
    # response_schema_conformance and by their own tests.
    "border_get_current_waits", "border_get_forecast", "sanctions_job_status",
    "sanctions_job_result", "watch_portfolio", "watch_subjects", "watch_alerts",
    "watch_events", "watch_feed", "watch_deliveries", "operations_readyz",
    "sanctions_screening_receipt_json",
}  # fmt: skip


@pytest.fixture(scope="module")
def contract_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    scratch = tmp_path_factory.mktemp("contract")
    store = load_everything(open_store(scratch / "puente.duckdb"), scratch)
    yield create_app(
        Settings(db=scratch / "puente.duckdb", mirror=None), store=store, admin_token=TOKEN
    )
    store.close()


@pytest.fixture(scope="module")
def schema(contract_app: FastAPI) -> dict[str, Any]:
    return contract_app.openapi()


def operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def test_operation_ids_are_stable(schema: dict[str, Any]) -> None:
    """Clients generated from the schema call operations by id: none changes silently."""
    ids = sorted(op["operationId"] for _, _, op in operations(schema))
    assert len(ids) == len(set(ids)), "two operations share an id"
    pinned = IDS_FILE.read_text().split()
    gone = sorted(set(pinned) - set(ids))
    new = sorted(set(ids) - set(pinned))
    assert not gone, f"operation ids removed or renamed (a breaking change): {gone}"
    assert not new, (
        f"new operation ids {new}: add them to {IDS_FILE.name} (one a line, sorted) if the "
        "new routes are meant"
    )


def test_every_operation_declares_a_typed_answer(schema: dict[str, Any]) -> None:
    missing = []
    for method, path, op in operations(schema):
        ok = [s for s in op["responses"] if s.startswith("2")]
        contents = [op["responses"][s].get("content", {}) for s in ok]
        typed = any(
            ("$ref" in media.get("schema", {}) or media.get("schema", {}).get("type") == "string")
            for content in contents
            for media_type, media in content.items()
            if media_type == "application/json" or media.get("schema", {}).get("type")
        )
        json_untyped = any(
            "application/json" in c and not c["application/json"].get("schema") for c in contents
        )
        if not typed or json_untyped:
            missing.append(f"{method.upper()} {path}")
    assert not missing, (
        "these operations declare no typed answer; give the route `response_model=` a model "
        "from puente/api/models/<area>.py (a subclass of models.common.Answer), or, for a "
        "text answer (CSV, Atom, HTML), `response_class=Response, responses=text_answer(...)` "
        "(puente.api.openapi):\n" + "\n".join(missing)
    )


def test_every_operation_documents_its_errors(
    contract_app: FastAPI, schema: dict[str, Any]
) -> None:
    problems = []
    routes = {
        (r.path_format, m.lower()): r
        for r in api_routes(list(contract_app.routes))
        for m in r.methods
    }
    for method, path, op in operations(schema):
        statuses = set(op["responses"])
        if "422" in statuses:
            problems.append(f"{method.upper()} {path}: documents 422, which Puente never sends")
        wanted = {"429"} | ({"400"} if op.get("parameters") or op.get("requestBody") else set())
        if role_of(routes[(path, method)]):
            wanted |= {"401", "403"}
            if not op.get("security"):
                problems.append(f"{method.upper()} {path}: takes a key but names no security")
        if op.get("requestBody"):
            wanted.add("413")
        if wanted - statuses:
            problems.append(f"{method.upper()} {path}: missing {sorted(wanted - statuses)}")
        for status, entry in op["responses"].items():
            if status[0] in "45":
                ref = entry.get("content", {}).get("application/json", {}).get("schema", {})
                if ref.get("$ref") != ERROR_REF:
                    problems.append(f"{method.upper()} {path}: {status} is not ErrorResponse")
    assert not problems, "\n".join(problems)


def test_format_and_years_are_constrained(schema: dict[str, Any]) -> None:
    loose = []
    for method, path, op in operations(schema):
        for param in op.get("parameters", []):
            text = str(param.get("schema", param.get("content")))
            if param["name"] == "format" and "enum" not in text and "const" not in text:
                loose.append(f"{method.upper()} {path} format")
            bounded = "maximum" in text and "minimum" in text
            if (
                param["name"] in ("year", "fy", "start", "end")
                and "integer" in text
                and not bounded
            ):
                loose.append(f"{method.upper()} {path} {param['name']}")
            if param["name"] == "format" and "csv" in text:
                content = op["responses"]["200"]["content"]
                assert "text/csv" in content, f"{path}: format=csv but no text/csv answer"
    assert not loose, f"unconstrained parameters: {loose}"


def _validator(schema: dict[str, Any], ref: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({"$ref": ref, "components": schema["components"]})


def test_real_answers_validate_against_their_models(
    contract_app: FastAPI, schema: dict[str, Any]
) -> None:
    failures = []
    checked = 0
    with TestClient(contract_app) as client:
        for method, path, op in operations(schema):
            oid = op["operationId"]
            if method != "get" or oid in NOT_SAMPLED:
                continue
            url = SAMPLES.get(oid, path)
            assert "{" not in url.split("?")[0], (
                f"{oid}: add a sample request to SAMPLES or NOT_SAMPLED"
            )
            response = client.get(
                url, headers={"Accept": "application/json", "X-Puente-Token": TOKEN}
            )
            declared = op["responses"].get(str(response.status_code))
            if response.status_code != 200 or declared is None:
                failures.append(f"{oid}: {response.status_code} {response.text[:200]}")
                continue
            media = response.headers["content-type"].split(";")[0]
            content = declared["content"].get(media)
            if content is None:
                failures.append(f"{oid}: answered {media}, not declared")
                continue
            ref = content["schema"].get("$ref")
            if ref:
                errors = list(_validator(schema, ref).iter_errors(response.json()))
                failures += [f"{oid}: {e.json_path}: {e.message[:200]}" for e in errors[:3]]
            checked += 1
    assert checked > 50
    assert not failures, "\n".join(failures)


def test_a_route_without_a_model_is_named_with_what_to_add(tmp_path: Path) -> None:
    """The check above catches a new route that declares nothing (as merges bring them)."""
    from fastapi import APIRouter

    app = create_app(Settings(db=tmp_path / "x.duckdb", mirror=None))
    extra = APIRouter(tags=["extra"])

    @extra.get("/api/extra")
    def untyped() -> dict[str, Any]:
        return {}

    app.include_router(extra)
    app.openapi_schema = None
    with pytest.raises(AssertionError, match=r"response_model=[\s\S]*GET /api/extra"):
        test_every_operation_declares_a_typed_answer(app.openapi())
    assert operation_id(next(r for r in api_routes(list(app.routes)) if r.name == "untyped")) == (
        "extra_untyped"
    )


def test_list_names_in_the_schema_are_the_lists() -> None:
    from typing import get_args

    from puente.api.lists import ListName
    from puente.sanctions.lists import LISTS

    assert get_args(ListName) == tuple(LISTS)


def test_no_operation_lists_a_parameter_twice(schema: dict[str, Any]) -> None:
    """A parameter is listed once, and a credential header only by the security schemes
    (a client generated from the schema would otherwise ask for the key twice)."""
    schemes = schema["components"]["securitySchemes"]
    credential_headers = {
        s["name"].lower() for s in schemes.values() if s.get("type") == "apiKey"
    } | {"authorization"}
    twice = []
    for method, path, op in operations(schema):
        seen: set[tuple[str, str]] = set()
        for param in op.get("parameters", []):
            name = param["name"].lower() if param["in"] == "header" else param["name"]
            key = (param["in"], name)
            if key in seen or (param["in"] == "header" and name in credential_headers):
                twice.append(f"{method.upper()} {path}: {param['in']} {param['name']}")
            seen.add(key)
    assert not twice, twice
    assert credential_headers >= {"x-api-key", "x-puente-token"}
