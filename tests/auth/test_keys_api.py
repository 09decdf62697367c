"""API keys, roles, 401 and 403, and who the audit log records."""

from __future__ import annotations

import pytest

from tests.auth.conftest import ADMIN, MakeClient, audit_rows, bearer, new_key, state_table

SCREEN = {"queries": [{"name": "Joaquin Guzman"}]}


def test_a_new_key_is_shown_once_and_kept_only_as_a_hash(make_client: MakeClient) -> None:
    client = make_client()
    key = new_key(client, "screener")
    assert key["key"].startswith(f"pk_{key['id']}_")
    listed = client.get("/api/keys", headers=ADMIN).json()["keys"]
    assert [(k["id"], k["name"], k["role"], k["active"]) for k in listed] == [
        (key["id"], "Ana (compliance)", "screener", True)
    ]
    assert key["key"] not in str(listed)
    dump = str(state_table(client, "api_keys"))
    assert key["id"] in dump
    assert key["key"] not in dump
    secret = key["key"].removeprefix(f"pk_{key['id']}_")  # may itself hold "_" or "-"
    assert len(secret) >= 32
    assert secret not in dump


def test_the_actor_is_the_keys_id_and_name(make_client: MakeClient) -> None:
    client = make_client("required")
    key = new_key(client, "screener")
    assert client.post("/api/screen", json=SCREEN, headers=bearer(key)).status_code == 200
    also = client.post("/api/screen", json=SCREEN, headers={"X-Api-Key": key["key"]})
    assert also.status_code == 200
    assert [r["actor"] for r in audit_rows(client)] == [f"key:{key['id']} (Ana (compliance))"] * 2


@pytest.mark.parametrize(
    "header",
    [
        {"X-Puente-User": "cli:anyone"},
        {"X-Puente-User": "key:deadbeef (Boss)"},
        {"X-Forwarded-User": "boss"},
        {"X-Remote-User": "boss"},
    ],
)
def test_no_header_sets_the_actor(make_client: MakeClient, header: dict[str, str]) -> None:
    client = make_client("local")
    assert client.post("/api/screen", json=SCREEN, headers=header).status_code == 200
    key = new_key(client, "screener", "Luis")
    assert client.post("/api/screen", json=SCREEN, headers={**header, **bearer(key)}).is_success
    actors = [r["actor"] for r in audit_rows(client)]
    assert actors == ["anonymous-local@testclient", f"key:{key['id']} (Luis)"]


def test_an_anonymous_first_screening_is_audited_in_the_apps_state_store(
    make_client: MakeClient,
) -> None:
    # nothing else has opened the state store yet (no checkpoint thread, no key): the row must
    # still go to the store the app's settings name, PostgreSQL included
    client = make_client("local", audit_checkpoint_minutes=0)
    assert client.post("/api/screen", json=SCREEN).status_code == 200
    assert [r["actor"] for r in audit_rows(client)] == ["anonymous-local@testclient"]


def test_required_auth_refuses_anonymous_screening_with_401(make_client: MakeClient) -> None:
    client = make_client("required")
    response = client.post("/api/screen", json=SCREEN)
    assert response.status_code == 401
    assert set(response.json()) == {"error", "detail"}
    assert response.json()["error"] == "unauthorized"
    assert "screener" in response.json()["detail"]
    # public data needs no key
    assert client.get("/api/sanctions/search", params={"q": "guzman"}).status_code == 200
    assert client.get("/api/datasets").status_code == 200


def test_a_bad_or_revoked_key_is_401_even_where_anonymous_may_screen(
    make_client: MakeClient,
) -> None:
    client = make_client("local")
    assert client.post("/api/screen", json=SCREEN, headers={"X-Api-Key": "nope"}).status_code == 401
    key = new_key(client, "screener")
    assert client.post("/api/screen", json=SCREEN, headers=bearer(key)).status_code == 200
    revoked = client.delete(f"/api/keys/{key['id']}", headers=ADMIN)
    assert revoked.json()["active"] is False
    after = client.post("/api/screen", json=SCREEN, headers=bearer(key))
    assert after.status_code == 401
    assert client.delete("/api/keys/ffffffff", headers=ADMIN).status_code == 404
    # a key with the right id but another secret
    forged = key["key"][: len("pk_") + 9] + "x" * 43
    assert client.post("/api/screen", json=SCREEN, headers={"X-Api-Key": forged}).status_code == 401


@pytest.mark.parametrize(
    ("role", "screen", "audit", "keys"),
    [
        ("viewer", 403, 200, 403),
        ("screener", 200, 200, 403),
        ("admin", 200, 200, 200),
    ],
)
def test_roles(make_client: MakeClient, role: str, screen: int, audit: int, keys: int) -> None:
    client = make_client("required")
    headers = bearer(new_key(client, role))
    assert client.post("/api/screen", json=SCREEN, headers=headers).status_code == screen
    assert client.get("/api/audit/export", headers=headers).status_code == audit
    assert client.get("/api/audit/verify", headers=headers).status_code == audit
    assert client.get("/api/keys", headers=headers).status_code == keys
    made = client.post("/api/keys", json={"name": "x", "role": "viewer"}, headers=headers)
    assert made.status_code == (201 if keys == 200 else keys)
    ingest = client.post("/api/admin/rollback", json={"dataset": "nope"}, headers=headers)
    assert (ingest.status_code == 403) == (role != "admin")
    if screen == 403:
        body = client.post("/api/screen", json=SCREEN, headers=headers).json()
        assert body["error"] == "forbidden"
        assert "viewer role" in body["detail"]


def test_the_server_token_is_a_local_admin_and_a_wrong_one_is_401(
    make_client: MakeClient,
) -> None:
    client = make_client("required")
    assert client.get("/api/keys", headers={"X-Puente-Token": "test-tokeN"}).status_code == 401
    assert client.get("/api/keys", headers={"X-Puente-Token": ""}).status_code == 401
    assert client.get("/api/keys", headers=ADMIN).status_code == 200
    assert client.post("/api/screen", json=SCREEN, headers=ADMIN).status_code == 200
    assert audit_rows(client)[0]["actor"].endswith("(server token)")  # type: ignore[union-attr]
    assert str(audit_rows(client)[0]["actor"]).startswith("local:")


@pytest.mark.parametrize(
    "body",
    [
        {"name": "", "role": "viewer"},
        {"name": "Ana", "role": "owner"},
        {"name": "Ana\x00", "role": "viewer"},
        {"name": "x" * 500, "role": "viewer"},
    ],
)
def test_a_key_needs_a_name_and_a_known_role(make_client: MakeClient, body: dict[str, str]) -> None:
    client = make_client()
    response = client.post("/api/keys", json=body, headers=ADMIN)
    assert response.status_code == 400
    assert set(response.json()) == {"error", "detail"}


def test_reconcile_keeps_cors_and_jsonp_and_audits_the_keys_actor(
    make_client: MakeClient,
) -> None:
    import json

    client = make_client("required")
    manifest = client.get("/reconcile")
    assert manifest.status_code == 200
    assert manifest.headers["access-control-allow-origin"] == "*"
    queries = json.dumps({"q0": {"query": "Joaquin Guzman"}})
    assert client.post("/reconcile", data={"queries": queries}).status_code == 401
    key = new_key(client, "screener", "OpenRefine")
    answer = client.post("/reconcile", data={"queries": queries}, headers=bearer(key))
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    jsonp = client.get(
        "/reconcile", params={"queries": queries, "callback": "cb"}, headers=bearer(key)
    )
    assert jsonp.text.startswith("/**/cb(")  # JSONP with the guard comment
    assert jsonp.headers["content-type"].startswith("application/javascript")
    preflight = client.options(
        "/reconcile",
        headers={"Origin": "http://refine.local", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204
    assert "x-api-key" in preflight.headers["access-control-allow-headers"].lower()
    rows = audit_rows(client)
    assert [(r["actor"], r["channel"]) for r in rows] == [
        (f"key:{key['id']} (OpenRefine)", "reconcile")
    ] * 2


def test_key_verification_uses_the_cache_and_revocation_clears_it(
    make_client: MakeClient,
) -> None:
    client = make_client("required")
    key = new_key(client, "screener")
    state = client.app.state.auth_state[1]  # type: ignore[attr-defined]
    from puente.auth.keys import keyring

    ring = keyring(state.store)
    calls = []
    original = state.store.get_key

    def counting(key_id: str):  # type: ignore[no-untyped-def]
        calls.append(key_id)
        return original(key_id)

    state.store.get_key = counting
    for _ in range(20):
        assert client.post("/api/screen", json=SCREEN, headers=bearer(key)).status_code == 200
    assert len(calls) <= 1
    ring.revoke(key["id"])
    assert client.post("/api/screen", json=SCREEN, headers=bearer(key)).status_code == 401


def test_a_key_is_read_from_the_state_store_off_the_event_loop_and_then_from_the_cache(
    make_client: MakeClient,
) -> None:
    # Deciding the caller runs on the event loop only when it reads nothing (a PostgreSQL
    # round trip there would stall every other request); revocation still takes at once.
    import asyncio

    client = make_client("required")
    key = new_key(client, "screener")
    viewer = new_key(client, "viewer")
    state = client.app.state.auth_state[1]  # type: ignore[attr-defined]
    from puente.auth.keys import keyring

    ring = keyring(state.store)
    ring._cache.clear()
    on_loop: list[bool] = []
    original = state.store.get_key

    def watching(key_id: str):  # type: ignore[no-untyped-def]
        on_loop.append(asyncio._get_running_loop() is not None)
        return original(key_id)

    state.store.get_key = watching
    assert not ring.cached(key["key"])
    for _ in range(3):
        assert client.post("/api/screen", json=SCREEN, headers=bearer(key)).status_code == 200
    assert ring.cached(key["key"])
    assert client.post("/api/screen", json=SCREEN, headers=bearer(viewer)).status_code == 403
    assert client.post("/api/screen", json=SCREEN, headers=bearer(viewer)).status_code == 403
    assert on_loop == [False, False]  # one read per key, each in a worker thread
    ring.revoke(key["id"])
    assert not ring.cached(key["key"])
    assert client.post("/api/screen", json=SCREEN, headers=bearer(key)).status_code == 401
    assert ring.cached("not a key")  # malformed: refused without a lookup
