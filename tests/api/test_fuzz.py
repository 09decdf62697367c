"""schemathesis against the OpenAPI schema, every check it has (no 5xx, only documented
statuses, content types and headers, answers that validate against their models, invalid
requests rejected, valid ones accepted, 405 with Allow for undeclared methods, credentials
checked), over a store with a fixture of every capability.

Bounded: a few examples per operation in `make test`; `make fuzz` runs many more
(PUENTE_FUZZ_EXAMPLES)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import positive_data_acceptance

from puente.api import create_app
from puente.config import Settings
from puente.store import open_store
from tests.api.contract_data import load_everything

EXAMPLES = int(os.environ.get("PUENTE_FUZZ_EXAMPLES", "4"))
SEMANTIC_RULES: dict[str, str] = {
    # Operations whose input obeys rules a schema cannot state: a value valid by the schema may
    # still be refused with a 400 that says what was expected. Every other check still runs on
    # them; only "schema-valid data is accepted" is not asked of them. Everything else states
    # its rules (patterns, enums, bounds, one object parameter for "this or that") or answers
    # a well-formed value the data lacks with a 404 (docs/decisions/0031).
    "POST /api/screen": "a query's country is free text that must name a known country",
    "POST /api/screen/batch": "a file's contents have no schema: a CSV file with a name column",
    "POST /reconcile": "queries or extend: JSON text in a form field, to a schema only a string",
}


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    scratch = tmp_path_factory.mktemp("fuzz")
    store = load_everything(open_store(scratch / "puente.duckdb"), scratch)
    yield create_app(Settings(db=scratch / "puente.duckdb", mirror=None), store=store)
    store.close()


def _runner(operation: Any, excluded: list[Any], seen: list[int]) -> Callable[[], None]:
    @given(operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        response = case.call_and_validate(excluded_checks=excluded)
        seen.append(response.status_code)

    return run  # type: ignore[no-any-return]


def test_every_check_passes_on_every_operation(fuzzed_app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    failures: list[str] = []
    operations = 0
    seen: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        excluded = [positive_data_acceptance] if operation.label in SEMANTIC_RULES else []
        run = _runner(operation, excluded, seen)
        try:
            run()
        except BaseException as exc:  # collected, so that one run reports every operation
            if isinstance(exc, KeyboardInterrupt):
                raise
            failures.append(f"{operation.label}: {str(exc)[:900]}")
    assert operations > 80
    statuses = Counter(seen)
    assert statuses[200], statuses  # valid requests were sent...
    assert statuses[400], statuses  # ...and invalid ones
    assert statuses[401], statuses  # ...and ones without the key an operation needs
    assert not failures, "\n\n".join(failures)


def test_the_semantic_exceptions_name_real_operations(fuzzed_app: FastAPI) -> None:
    """An entry left behind when a route changes is removed, not kept as a blind spot."""
    schema = fuzzed_app.openapi()
    labels = {
        f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item
    }
    assert set(SEMANTIC_RULES) <= labels, set(SEMANTIC_RULES) - labels
