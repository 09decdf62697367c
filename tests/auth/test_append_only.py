"""Nothing in the API or the CLI edits or deletes an audit row."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

from fastapi.routing import APIRoute

from puente.state.base import StateStore
from tests.auth.conftest import ADMIN, MakeClient, audit_rows, bearer, new_key

SRC = Path(__file__).resolve().parents[2] / "src" / "puente"


def test_every_route_called_as_admin_leaves_the_rows_as_they_were(
    make_client: MakeClient,
) -> None:
    client = make_client("local")
    for name in ("Joaquin Guzman", "Ana Pérez", "Rafael Caro Quintero"):
        client.post("/api/screen", json={"queries": [{"name": name}]})
    before = audit_rows(client)
    admin_key = bearer(new_key(client, "admin", "Root"))
    called = 0
    for full_path, route in _api_routes(client.app.routes):  # type: ignore[attr-defined]
        path = re.sub(r"\{[^}]+\}", "1", full_path)
        for method in sorted(route.methods - {"HEAD"}):
            for headers in (ADMIN, admin_key):
                body = {} if method in ("POST", "PUT", "PATCH", "DELETE") else None
                response = client.request(method, path, json=body, headers=headers)
                assert response.status_code < 500, (method, path, response.text)
                called += 1
    assert called > 50
    after = audit_rows(client)
    assert after[: len(before)] == before
    verify = client.get("/api/audit/verify", headers=ADMIN).json()
    assert verify["ok"], verify


def _api_routes(routes: list[Any], prefix: str = "") -> list[tuple[str, APIRoute]]:
    """Every route with its full path, into included routers too."""
    found: list[tuple[str, APIRoute]] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append((prefix + route.path, route))
        elif hasattr(route, "original_router"):
            inner = prefix + route.include_context.prefix
            found += _api_routes(route.original_router.routes, inner)
    return found


def test_the_state_store_has_no_way_to_change_an_audit_row() -> None:
    audit_methods = {
        name
        for name, _ in inspect.getmembers(StateStore, inspect.isfunction)
        if "audit" in name or "checkpoint" in name or "meta" in name
    }
    assert audit_methods == {
        "audit_tail",
        "append_audit",
        "audit_rows",
        "audit_row",
        "audit_count",
        "get_meta",
        "add_meta",
        "add_checkpoint",
        "list_checkpoints",
    }


def test_no_sql_in_puente_updates_or_deletes_audit_rows() -> None:
    forbidden = re.compile(
        r"(UPDATE\s+(screening_audit|audit_meta|audit_checkpoints)"
        r"|DELETE\s+FROM\s+(screening_audit|audit_meta|audit_checkpoints)"
        r"|DROP\s+TABLE\s+(IF\s+EXISTS\s+)?(screening_audit|audit_meta|audit_checkpoints)"
        r"|TRUNCATE\s+(TABLE\s+)?(screening_audit|audit_meta|audit_checkpoints))",
        re.IGNORECASE,
    )
    offenders = [
        f"{path.relative_to(SRC)}: {match.group(0)}"
        for path in SRC.rglob("*.py")
        for match in forbidden.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
