"""Hostile requests: bodies past their limit, deep JSON, too many queries, bursts and
guessed tokens; each refused with the right status and an `{"error", "detail"}` body."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.api.limits import BadRate, RateLimiter, parse_rate
from puente.config import Settings
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store

SDN = Path(__file__).resolve().parents[1] / "fixtures" / "ofac-sdn"
DEFAULTS = {name: Settings.model_fields[name].default for name in Settings.model_fields}


@pytest.fixture
def sdn_store(store: Store) -> Store:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN / "full"))
    return store


def _client(store: Store, settings: Settings, **limits: object) -> TestClient:
    app = create_app(settings.model_copy(update=limits), store=store, admin_token="test-token")
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def limited(sdn_store: Store, settings: Settings) -> Iterator[TestClient]:
    """The limits as shipped (the test suite otherwise turns rate limits off)."""
    defaults = {
        k: DEFAULTS[k]
        for k in ("rate_limit", "screen_rate_limit", "auth_fail_limit", "max_body_bytes")
    }
    with _client(sdn_store, settings, **defaults) as client:
        yield client


def _is_error(response, status: int, error: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert body["error"] == error
    return body


def test_reconcile_queries_nested_1000_deep_is_a_400(limited: TestClient) -> None:
    deep = '{"q0": {"query": "x", "properties": ' + "[" * 1000 + "]" * 1000 + "}}"
    for response in (
        limited.post("/reconcile", data={"queries": deep}),
        limited.get("/reconcile", params={"queries": deep}),
    ):
        body = _is_error(response, 400, "invalid_input")
        assert "1002 levels deep" in body["detail"]
        assert "PUENTE_MAX_JSON_DEPTH" in body["detail"]


def test_a_deep_json_body_is_a_400_before_parsing(limited: TestClient) -> None:
    deep = '{"queries": ' + "[" * 5000 + "]" * 5000 + "}"
    response = limited.post(
        "/api/screen", content=deep, headers={"content-type": "application/json"}
    )
    _is_error(response, 400, "invalid_input")


def test_a_body_past_the_limit_is_a_413_while_it_streams(
    sdn_store: Store, settings: Settings
) -> None:
    """50 MB of JSON without a Content-Length: refused after the first chunks, never read
    whole (driven at the ASGI level, since the test client buffers what it sends)."""
    app = create_app(settings.model_copy(update={"max_body_bytes": 64 * 1024}), store=sdn_store)
    pulled = 0
    sent: list[dict] = []

    async def receive() -> dict:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"[" + b"1," * 512 * 1024, "more_body": True}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "path": "/api/screen",
        "raw_path": b"/api/screen",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"host", b"testserver")],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
        "scheme": "http",
        "root_path": "",
        "app": app,
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert pulled == 1
    body = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
    assert body["error"] == "payload_too_large"
    assert "PUENTE_MAX_BODY_BYTES" in body["detail"]
    with _client(sdn_store, settings, max_body_bytes=64 * 1024) as client:
        declared = client.post(
            "/reconcile",
            content=b"queries=" + b"x" * 70_000,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        _is_error(declared, 413, "payload_too_large")


def test_an_upload_past_its_limit_is_a_413(sdn_store: Store, settings: Settings) -> None:
    with _client(sdn_store, settings, max_upload_bytes=4096) as client:
        data = b"name\n" + b"Joaquin Guzman\n" * 20_000
        response = client.post("/api/screen/batch", files={"file": ("big.csv", data)})
        body = _is_error(response, 413, "payload_too_large")
        assert "PUENTE_MAX_UPLOAD_BYTES" in body["detail"]
        small = client.post("/api/screen/batch", files={"file": ("ok.csv", b"name\nAna\n")})
        assert small.status_code == 200


def test_too_many_queries_is_a_400(sdn_store: Store, settings: Settings) -> None:
    with _client(sdn_store, settings, max_queries=3) as client:
        four = [{"name": f"n{i}"} for i in range(4)]
        body = _is_error(client.post("/api/screen", json={"queries": four}), 400, "invalid_input")
        assert "at most 3" in body["detail"]
        queries = json.dumps({f"q{i}": {"query": "x"} for i in range(4)})
        _is_error(client.post("/reconcile", data={"queries": queries}), 400, "invalid_input")
        assert client.post("/api/screen", json={"queries": four[:3]}).status_code == 200


def test_a_burst_of_screenings_gets_429_with_retry_after(limited: TestClient) -> None:
    started = time.monotonic()
    statuses = [
        limited.post("/api/screen", json={"queries": [{"name": "Ana"}]}).status_code
        for _ in range(40)
    ]
    refilled = int((time.monotonic() - started) / 2) + 1  # one token back every 2 s
    assert statuses[:30] == [200] * 30
    assert statuses[-1] == 429
    assert statuses.count(429) >= 10 - refilled
    refused = limited.post("/api/screen", json={"queries": [{"name": "Ana"}]})
    body = _is_error(refused, 429, "rate_limited")
    assert "PUENTE_SCREEN_RATE_LIMIT" in body["detail"]
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    # Reading the list is a different budget: still served.
    assert limited.get("/api/sanctions/programs").status_code == 200


def test_100_wrong_tokens_get_429(limited: TestClient) -> None:
    statuses = [
        limited.get("/api/audit/verify", headers={"X-Puente-Token": f"guess-{i}"}).status_code
        for i in range(100)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[-1] == 429
    assert statuses.count(429) >= 80  # the bucket refills by one every 6 s
    # Even the right token waits now: the address is out of attempts.
    right = limited.get("/api/audit/verify", headers={"X-Puente-Token": "test-token"})
    assert right.status_code == 429
    assert int(right.headers["retry-after"]) >= 1
    # Public pages without a credential are still served.
    assert limited.get("/api/sanctions/programs").status_code == 200


def test_each_key_and_each_address_has_its_own_budget(sdn_store: Store, settings: Settings) -> None:
    with _client(sdn_store, settings, rate_limit="3/minute") as client:
        for _ in range(3):
            assert client.get("/api/datasets", headers={"X-Api-Key": "key-a"}).status_code == 200
        assert client.get("/api/datasets", headers={"X-Api-Key": "key-a"}).status_code == 429
        # The address is spent too (every request above came from it).
        assert client.get("/api/datasets").status_code == 429
    app = create_app(
        settings.model_copy(update={"rate_limit": "3/minute"}), store=sdn_store, admin_token="t"
    )
    for address in ("203.0.113.1", "203.0.113.2"):
        with TestClient(app, client=(address, 50000)) as client:
            assert [client.get("/api/datasets").status_code for _ in range(4)] == [
                200,
                200,
                200,
                429,
            ]


def test_forwarded_for_is_ignored_unless_trusted(sdn_store: Store, settings: Settings) -> None:
    for trusted, expected in ((False, [200, 429]), (True, [200, 200])):
        limits = {"rate_limit": "1/minute", "trust_forwarded_for": trusted}
        with _client(sdn_store, settings, **limits) as client:
            got = [
                client.get("/api/datasets", headers={"X-Forwarded-For": f"198.51.100.{i}"})
                for i in range(2)
            ]
            assert [r.status_code for r in got] == expected


def test_static_assets_are_not_counted(sdn_store: Store, settings: Settings) -> None:
    with _client(sdn_store, settings, rate_limit="2/minute") as client:
        page = client.get("/sanctions")
        assert page.status_code == 200
        assets = sorted(set(re.findall(r'"(/(?:static|assets)/[^"?]+)', page.text)))
        assert assets
        for _ in range(5):
            for asset in assets:
                assert client.get(asset).status_code == 200
        assert client.get("/sanctions").status_code == 200
        refused = client.get("/sanctions")
        assert refused.status_code == 429
        assert "text/html" in refused.headers["content-type"]
        assert refused.headers["retry-after"]


@pytest.mark.parametrize(
    ("text", "count", "seconds"),
    [("120/minute", 120, 60), ("10/hour", 10, 3600), ("5/30seconds", 5, 30), ("1/day", 1, 86400)],
)
def test_rates_parse(text: str, count: int, seconds: int) -> None:
    rate = parse_rate(text, "PUENTE_RATE_LIMIT")
    assert rate is not None
    assert (rate.count, rate.seconds) == (count, seconds)


def test_a_bad_rate_is_a_clear_config_error() -> None:
    assert parse_rate("off", "PUENTE_RATE_LIMIT") is None
    with pytest.raises(BadRate, match="PUENTE_RATE_LIMIT='lots'"):
        parse_rate("lots", "PUENTE_RATE_LIMIT")


def test_buckets_refill_over_time() -> None:
    now = [1000.0]
    limiter = RateLimiter(clock=lambda: now[0])
    rate = parse_rate("2/minute", "X")
    assert rate is not None
    for _ in range(2):
        assert limiter.wait([(rate, "a")]) == 0
        limiter.take([(rate, "a")])
    assert limiter.wait([(rate, "a")]) == pytest.approx(30.0)
    now[0] += 30
    assert limiter.wait([(rate, "a")]) == 0


def test_validation_errors_are_400_in_the_documented_shape(limited: TestClient) -> None:
    for response in (
        limited.post("/api/screen", json={"queries": "not a list"}),
        limited.post(
            "/api/screen", content=b"{not json", headers={"content-type": "application/json"}
        ),
        limited.get("/api/sanctions/search", params={"limit": "many"}),
        limited.post("/api/screen/batch"),
    ):
        _is_error(response, 400, "invalid_input")
    schema = limited.get("/openapi.json").json()
    screen = schema["paths"]["/api/screen"]["post"]["responses"]
    assert "422" not in screen
    assert screen["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorResponse"
    }
    assert {"413", "429"} <= set(screen)
    assert "HTTPValidationError" not in schema["components"]["schemas"]


UPLOAD_NAMES = ["Clientes Ñandú 2026.csv", "顧客リスト.csv", 'a";b\r\nX-Evil: 1.csv', "日本.csv"]


@pytest.mark.parametrize("name", UPLOAD_NAMES)
def test_an_upload_with_any_file_name_is_answered(
    sdn_store: Store, settings: Settings, name: str
) -> None:
    with _client(sdn_store, settings) as client:
        response = client.post(
            "/api/screen/batch", files={"file": (name, b"name\nJoaquin Guzman Loera\n")}
        )
        assert response.status_code == 200, response.text
        header = response.headers["content-disposition"]
        assert "\r" not in header
        assert "\n" not in header
        assert header.startswith('attachment; filename="')
        fallback = header.split('filename="', 1)[1].split('"', 1)[0]
        assert fallback.isascii()
        assert fallback.endswith(".csv")
        if "filename*=" in header and '"' not in name:
            exact = unquote(header.split("filename*=UTF-8''", 1)[1])
            stem = name.rsplit(".", 1)[0]
            assert exact == stem + "-screened.csv"
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[1][0] == "Joaquin Guzman Loera"


def test_batch_results_neutralise_formulas(sdn_store: Store, settings: Settings) -> None:
    data = b'name,note\n"=HYPERLINK(""http://x.test"",""click"")",+1\n@SUM(A1),-2+3\nAna,-12.5\n'
    with _client(sdn_store, settings) as client:
        response = client.post("/api/screen/batch", files={"file": ("c.csv", data)})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["name"] == '\'=HYPERLINK("http://x.test","click")'
    assert rows[0]["note"] == "+1"  # a number stays a number
    assert rows[1]["name"] == "'@SUM(A1)"
    assert rows[1]["note"] == "'-2+3"
    assert rows[2]["note"] == "-12.5"


def test_api_csv_and_audit_export_neutralise_formulas(sdn_store: Store, settings: Settings) -> None:
    with _client(sdn_store, settings) as client:
        client.post("/api/screen", json={"queries": [{"name": "=cmd|'/C calc'!A0"}]})
        audit = client.get(
            "/api/audit/export", params={"format": "csv"}, headers={"X-Puente-Token": "test-token"}
        )
        assert audit.status_code == 200
        assert "=cmd" in audit.text
        for row in csv.reader(io.StringIO(audit.text)):
            for value in row:
                assert not value.startswith(("=", "@", "\t", "\r")), value
        listed = client.get("/api/sanctions/search", params={"format": "csv", "q": "guzman"})
        assert listed.headers["content-disposition"] == 'attachment; filename="sdn-search.csv"'
