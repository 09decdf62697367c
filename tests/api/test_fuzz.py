"""schemathesis against the OpenAPI schema, every check it has (no 5xx, only documented
statuses, content types and headers, answers that validate against their models, invalid
requests rejected, valid ones accepted, 405 with Allow for undeclared methods, credentials
checked), over a store with a fixture of every capability.

Each operation is fuzzed in up to three passes:
- valid requests without a key (an operation that needs one must answer 401);
- valid requests with the server's token, for the operations that need a key, so that their
  routes are reached, not only the key check in front of them;
- invalid requests (schemathesis' negative mode), with the token where a key is needed: each
  must be refused with a 4xx that is not the key check's.

Bounded: a few examples per operation and pass in `make test`; `make fuzz` runs many more
(PUENTE_FUZZ_EXAMPLES)."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as hypothesis_strategies
from hypothesis.errors import InvalidArgument, Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.auths import AuthContext, AuthStorage
from schemathesis.checks import negative_data_rejection, positive_data_acceptance
from schemathesis.generation.jsonschema import strategy as jsonschema_strategy

from puente.api import create_app
from puente.config import Settings
from puente.store import open_store
from tests.api.contract_data import load_everything

EXAMPLES = int(os.environ.get("PUENTE_FUZZ_EXAMPLES", "4"))
TOKEN = "fuzz-admin-token"
FORM = "application/x-www-form-urlencoded"
SEMANTIC_RULES: dict[str, str] = {
    # Operations whose input obeys rules a schema cannot state: a value valid by the schema may
    # still be refused with a 400 that says what was expected. Every other check still runs on
    # them; only "schema-valid data is accepted" is not asked of them. Everything else states
    # its rules (patterns, enums, bounds, one object parameter for "this or that") or answers
    # a well-formed value the data lacks with a 404 (docs/decisions/0031).
    "POST /api/screen": "a query's country is free text that must name a known country",
    "POST /api/screen/batch": "a file's contents have no schema: a CSV file with a name column",
    "POST /api/keys": "a key holder's name is printable by Python's Unicode tables (no format "
    "or unassigned characters), which a pattern cannot state the same way in every engine",
    "POST /api/watch/{name}/subjects": "a subject's country is free text that must name a known "
    "country, its id and name more than spaces",
    "POST /api/watch/{name}/subjects.csv": "a file's contents have no schema: a CSV file with "
    "subject_id and name columns",
    "POST /api/watch/{name}/webhooks": "a webhook URL must reach a public address (the SSRF "
    "guard refuses the others with a 400), which no schema can know",
}
ACCEPTED_INVALID: dict[str, str] = {
    # Operations whose invalid data of some kind is taken as a valid request on purpose; the
    # "invalid requests rejected" check is not asked of them (every other check still runs).
    "GET /api/travel/posts/nearest": "an empty `near` is a field left blank, read as no city "
    "(the point given by lat and lon is used), as on the page's form",
    "POST /reconcile": "a query the service cannot screen is answered inside the batch (its "
    "own `error`, the other queries answered: 0.2 answers each query), and a key of a query it "
    "does not know is ignored with a warning",
    "GET /reconcile": "as POST /reconcile: a query it cannot screen is answered inside the "
    "batch, an unknown key of a query ignored with a warning",
    "POST /api/screen": "in a request of several queries, one that cannot be screened (a "
    "name over its length, say) is answered with its own error beside the others, in a 200",
}


EXCLUSIVE: dict[str, tuple[str, ...]] = {
    # Query parameters of which at most one may be given: OpenAPI parameters cannot say so of
    # each other, and JSON-text parameters cannot be one object parameter's properties. A
    # request with more than one of them must be refused with a 400; one with one or none is
    # held to every check.
    "GET /reconcile": ("queries", "extend"),
}


def gives_several(case: schemathesis.Case) -> bool:
    given = set(case.query or {}) & set(EXCLUSIVE.get(case.operation.label, ()))
    return len(given) > 1


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    scratch = tmp_path_factory.mktemp("fuzz")
    store = load_everything(open_store(scratch / "puente.duckdb"), scratch)
    settings = Settings(db=scratch / "puente.duckdb", mirror=None)
    yield create_app(settings, store=store, admin_token=TOKEN)
    store.close()


class ServerToken:
    """Sends the server's token (X-Puente-Token), as `puente serve` writes it for its admin."""

    def get(self, case: schemathesis.Case, ctx: AuthContext) -> str:
        return TOKEN

    def set(self, case: schemathesis.Case, data: str, ctx: AuthContext) -> None:
        case.headers = {**(case.headers or {}), "X-Puente-Token": data}


KEYED: AuthStorage[str] = AuthStorage()
KEYED.auth()(ServerToken)


def needs_key(operation: Any) -> bool:
    """The operation names security schemes and no anonymous way (`{}`) among them."""
    security = operation.definition.raw.get("security") or []
    return bool(security) and {} not in security


def _runner(
    operation: Any,
    mode: GenerationMode,
    auth: AuthStorage[str] | None,
    excluded: list[Any],
    seen: list[int],
) -> Callable[[], None]:
    @given(operation.as_strategy(generation_mode=mode, auth_storage=auth))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        encode_form_fields(case)
        several = gives_several(case)
        checks = [*excluded, positive_data_acceptance] if several else excluded
        response = case.call_and_validate(excluded_checks=checks)
        if several:
            assert response.status_code == 400, (case.query, response.text[:300])
        seen.append(response.status_code)

    return run  # type: ignore[no-any-return]


class RegexOnce:
    """hypothesis.strategies as schemathesis' generator sees it, but with one strategy per
    pattern and alphabet: hypothesis works a wide character class (the printable-text
    pattern) out in seconds, and schemathesis asks again for every parameter of every example.
    The values drawn are the same; only the building is not repeated."""

    def __init__(self) -> None:
        self._built: dict[tuple[Any, ...], Any] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(hypothesis_strategies, name)

    def from_regex(self, regex: Any, *, fullmatch: bool = False, alphabet: Any = None) -> Any:
        key = (getattr(regex, "pattern", regex), getattr(regex, "flags", 0), fullmatch)
        key += (repr(alphabet),)
        if key not in self._built:
            extra = {} if alphabet is None else {"alphabet": alphabet}
            built = hypothesis_strategies.from_regex(regex, fullmatch=fullmatch, **extra)
            try:
                # Built now, not lazily: a lazy strategy is built again for each `.filter()`.
                built.validate()
                built = getattr(built, "wrapped_strategy", built)
            except InvalidArgument:
                pass  # the caller's own validate() says so, as without the cache
            self._built[key] = built
        return self._built[key]


def encode_form_fields(case: schemathesis.Case) -> None:
    """Form fields whose `encoding` names application/json go as JSON text, as OpenAPI says
    (POST /reconcile's `queries`); schemathesis 4.32 spreads an object field into one form
    field per property instead."""
    if case.media_type != FORM or not isinstance(case.body, dict):
        return
    content = case.operation.definition.raw.get("requestBody", {}).get("content", {})
    encoding = content.get(FORM, {}).get("encoding", {})
    as_json = {k for k, v in encoding.items() if v.get("contentType") == "application/json"}
    if as_json:
        case.body = urlencode(
            {
                k: v if isinstance(v, str) and k not in as_json else json.dumps(v)
                for k, v in case.body.items()
            }
        )


_ANNOTATIONS = {"title", "description", "type", "examples", "example"}


def can_be_invalid(operation: Any) -> bool:
    """A body, or a parameter whose schema says more than "some text": what negative mode can
    make invalid (every value on the wire is text, so a plain string parameter has no
    invalid value, nor a path parameter an absence, and hypothesis would search in vain)."""
    raw = operation.definition.raw
    if "requestBody" in raw:
        return True
    for param in raw.get("parameters", []):
        schema = param.get("schema", {})
        branches = schema.get("anyOf", [schema])  # `str | None`: text or nothing
        plain = all(
            b.get("type") in ("string", "null") and not set(b) - _ANNOTATIONS for b in branches
        )
        if not plain or set(schema) - _ANNOTATIONS - {"anyOf"}:
            return True
        if param.get("required") and param.get("in") != "path":  # left out: invalid
            return True
    return False


def _passes(operation: Any) -> Iterator[tuple[str, GenerationMode, AuthStorage[str] | None]]:
    yield "valid, no key", GenerationMode.POSITIVE, None
    keyed = needs_key(operation)
    if keyed:
        yield "valid, server token", GenerationMode.POSITIVE, KEYED
    if can_be_invalid(operation):
        yield "invalid", GenerationMode.NEGATIVE, KEYED if keyed else None


def test_every_check_passes_on_every_operation(
    fuzzed_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonschema_strategy, "st", RegexOnce())
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    failures: list[str] = []
    operations = keyed = 0
    seen: dict[str, list[int]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        keyed += needs_key(operation)
        excluded = [positive_data_acceptance] if operation.label in SEMANTIC_RULES else []
        if operation.label in ACCEPTED_INVALID:
            excluded.append(negative_data_rejection)
        for name, mode, auth in _passes(operation):
            run = _runner(operation, mode, auth, excluded, seen.setdefault(name, []))
            try:
                run()
            except Unsatisfiable as exc:
                # Nothing of the operation can be made invalid (no parameters, or free text only).
                if mode is not GenerationMode.NEGATIVE:
                    failures.append(f"{operation.label} ({name}): {exc}")
            except BaseException as exc:  # collected, so that one run reports every operation
                if isinstance(exc, KeyboardInterrupt):
                    raise
                failures.append(f"{operation.label} ({name}): {str(exc)[:900]}")
    assert operations > 80
    assert keyed >= 20
    anonymous = Counter(seen["valid, no key"])
    assert anonymous[200], anonymous  # valid requests were sent...
    assert anonymous[400], anonymous  # ...and ones a rule the schema cannot state refuses
    assert anonymous[401], anonymous  # ...and ones without the key an operation needs
    with_token = Counter(seen["valid, server token"])
    assert with_token[200], with_token  # keyed routes were reached...
    assert with_token[201], with_token  # ...and created what they make
    assert not with_token[401], with_token  # ...past the key check
    invalid = Counter(seen["invalid"])
    assert invalid[400], invalid
    assert not failures, "\n\n".join(failures)


def test_the_semantic_exceptions_name_real_operations(fuzzed_app: FastAPI) -> None:
    """An entry left behind when a route changes is removed, not kept as a blind spot."""
    schema = fuzzed_app.openapi()
    labels = {
        f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item
    }
    named = set(SEMANTIC_RULES) | set(ACCEPTED_INVALID) | set(EXCLUSIVE)
    assert named <= labels, named - labels
