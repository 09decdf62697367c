"""POST /api/screen answers only once its audit row is committed, each caller gets its own
answer when many screen at once, and a slow commit holds up no other request (on the embedded
state store and on PostgreSQL)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from puente.state import state_for
from puente.store import Store
from tests.auth.conftest import MakeClient, audit_rows


def _gate_commits(monkeypatch: pytest.MonkeyPatch, store: Store) -> tuple[threading.Event, ...]:
    """Make the state store's audit commit wait for `release` (and say when it started)."""
    state_store = state_for(store).store
    real: Callable[..., Sequence[Any]] = state_store.append_audit
    entered, release, committed = threading.Event(), threading.Event(), threading.Event()

    def slow_append(build: Any) -> Sequence[Any]:
        entered.set()
        assert release.wait(30), "the test never released the commit"
        rows = real(build)
        committed.set()
        return rows

    monkeypatch.setattr(state_store, "append_audit", slow_append)
    return entered, release, committed


def test_the_answer_comes_only_after_its_audit_row_is_committed(
    make_client: MakeClient, sdn_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_client()
    assert client.post("/api/screen", json={"queries": [{"name": "warm"}]}).status_code == 200
    entered, release, committed = _gate_commits(monkeypatch, sdn_store)
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(
            client.post, "/api/screen", json={"queries": [{"name": "Joaquin Guzman Loera"}]}
        )
        assert entered.wait(10)
        # the commit is under way: no answer has been given yet
        with pytest.raises(TimeoutError):
            pending.result(timeout=0.5)
        release.set()
        response = pending.result(timeout=30)
    assert committed.is_set()
    assert response.status_code == 200, response.text
    audit_id = response.json()["audit_id"]
    row = next(r for r in audit_rows(client) if r["id"] == audit_id)
    assert row["queries"] == [{"name": "Joaquin Guzman Loera"}]


def test_a_failed_commit_gives_an_error_and_no_audit_id(
    make_client: MakeClient, sdn_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_client()
    assert client.post("/api/screen", json={"queries": [{"name": "warm"}]}).status_code == 200
    before = len(audit_rows(client))

    def broken(build: Any) -> Sequence[Any]:
        raise OSError("disk full")

    monkeypatch.setattr(state_for(sdn_store).store, "append_audit", broken)
    response = client.post("/api/screen", json={"queries": [{"name": "Joaquin Guzman"}]})
    assert response.status_code >= 500
    assert "audit_id" not in response.text
    monkeypatch.undo()
    assert len(audit_rows(client)) == before


def test_concurrent_screenings_each_get_their_own_answer_and_row(make_client: MakeClient) -> None:
    client = make_client()
    names = [f"Persona Numero {i} Guzman" for i in range(24)]

    def screen(name: str) -> httpx.Response:
        return client.post("/api/screen", json={"queries": [{"name": name}], "limit": 1})

    with ThreadPoolExecutor(12) as pool:
        responses = list(pool.map(screen, names))
    assert [r.status_code for r in responses] == [200] * len(names)
    answers = [r.json() for r in responses]
    assert [a["results"][0]["query"]["name"] for a in answers] == names
    ids = [a["audit_id"] for a in answers]
    assert len(set(ids)) == len(names)
    rows = {r["id"]: r for r in audit_rows(client)}
    for name, audit_id in zip(names, ids, strict=True):
        assert rows[audit_id]["queries"] == [{"name": name}]


def test_a_slow_commit_does_not_hold_up_other_requests(
    make_client: MakeClient, sdn_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_client()
    assert client.post("/api/screen", json={"queries": [{"name": "warm"}]}).status_code == 200
    entered, release, _ = _gate_commits(monkeypatch, sdn_store)
    with ThreadPoolExecutor(4) as pool:
        screenings = [
            pool.submit(client.post, "/api/screen", json={"queries": [{"name": f"Nombre {i}"}]})
            for i in range(3)
        ]
        assert entered.wait(10)
        try:
            # while the commit (and every screening behind it) waits, reads are answered
            for _ in range(5):
                got = pool.submit(client.get, "/api/sanctions/search", params={"q": "guzman"})
                assert got.result(timeout=5).status_code == 200
            assert not any(s.done() for s in screenings)
        finally:
            release.set()
        answers = [s.result(timeout=30) for s in screenings]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert len({a.json()["audit_id"] for a in answers}) == 3


def test_the_answer_is_compact_json_with_its_audit_id_last(make_client: MakeClient) -> None:
    # The answer is encoded before its audit row is committed and the row's id appended after:
    # it must still read as one JSON object, in the compact UTF-8 form the API always sent.
    client = make_client()
    response = client.post("/api/screen", json={"queries": [{"name": "José Peña Ñúñez"}]})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    answer = response.json()
    assert list(answer)[-1] == "audit_id"
    assert isinstance(answer["audit_id"], int)
    assert answer["results"][0]["query"]["name"] == "José Peña Ñúñez"
    compact = json.dumps(answer, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    assert response.content == compact.encode()
    row = next(r for r in audit_rows(client) if r["id"] == answer["audit_id"])
    assert row["queries"] == [{"name": "José Peña Ñúñez"}]
