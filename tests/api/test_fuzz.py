"""schemathesis against the OpenAPI schema: whatever it generates (valid or not), the API
answers a documented status and never a 5xx. Bounded: a few examples per operation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from puente.api import create_app
from puente.config import Settings
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import open_store
from tests.conftest import load_border_fixture

SDN = Path(__file__).resolve().parents[1] / "fixtures" / "ofac-sdn" / "full"


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    db = tmp_path_factory.mktemp("fuzz") / "puente.duckdb"
    store = open_store(db)
    load_border_fixture(store)
    ingest_source(store, get_source("ofac-sdn"), str(SDN))
    yield create_app(Settings(db=db, mirror=None), store=store, admin_token="fuzz-token")
    store.close()


def test_no_5xx_and_only_documented_statuses(fuzzed_app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    failures: list[str] = []
    operations = 0
    seen: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(operation.as_strategy())
        @hypothesis_settings(
            max_examples=6,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            response = case.call_and_validate(checks=[not_a_server_error, status_code_conformance])
            seen.append(response.status_code)

        try:
            run()
        except Exception as exc:  # collected, so that one run reports every operation
            failures.append(f"{operation.label}: {str(exc)[:600]}")
    assert operations > 20
    statuses = Counter(seen)
    assert statuses[200], statuses  # valid requests were sent...
    assert statuses[400], statuses  # ...and invalid ones
    assert not failures, "\n\n".join(failures)
