"""Each error class carries the HTTP status the API answers with."""

from __future__ import annotations

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from puente import errors
from puente.api import create_app
from puente.config import Settings
from puente.store import Store


@pytest.mark.parametrize(
    ("cls", "status", "exit_code"),
    [
        (errors.NotFound, 404, 1),
        (errors.InvalidInput, 400, 2),
        (errors.SourceError, 422, 1),
        (errors.StoreError, 503, 1),
        (errors.StoreLocked, 503, 1),
        (errors.ConfigError, 500, 1),
        (errors.Unauthorized, 401, 1),
        (errors.Forbidden, 403, 1),
        (errors.PuenteError, 500, 1),
    ],
)
def test_status_read_at_run_time(
    cls: type[errors.PuenteError], status: int, exit_code: int, store: Store, settings: Settings
) -> None:
    app = create_app(settings, store=store)
    router = APIRouter()

    @router.get("/api/raise")
    def raise_it() -> None:
        raise cls("what went wrong")

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/raise")
    assert response.status_code == status
    assert response.json() == {"error": cls.error, "detail": "what went wrong"}
    assert cls.exit_code == exit_code


def test_source_error_names_file_line_column() -> None:
    exc = errors.SourceError("expected a number", file="a.csv", line=3, column="Value")
    assert str(exc) == "a.csv, line 3, column 'Value': expected a number"
