"""Post-load work after several loads: `puente ingest --all` and an updater round fit the wait
forecast once, after both waits datasets are in force, not once per dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from puente.border import fitting
from puente.cli.main import app as cli
from puente.config import get_settings
from puente.ingest.hooks import batch, register, run_post_load, unregister
from puente.store import Store, catalog, open_store
from tests.border.waits_support import write_mirror

WAITS = ("cbp-wait-averages", "observed-waits")


def _count_refits(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, int | None]]:
    """Replaces the refit with a recorder of the waits versions in force at each call."""
    calls: list[dict[str, int | None]] = []

    def recording(store: Store, older_than: object = None) -> dict[str, int]:
        with store.read() as cur:
            calls.append(
                {d: getattr(catalog.current_version(cur, d), "version", None) for d in WAITS}
            )
        return {"fitted": 0, "too_short": 0}

    monkeypatch.setattr(fitting, "refit", recording)
    return calls


def test_ingest_all_fits_the_forecast_once_after_both_waits_datasets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    calls = _count_refits(monkeypatch)
    mirror = write_mirror(tmp_path / "mirror")  # the waits files only: the others fail
    monkeypatch.setenv("PUENTE_MIRROR", str(mirror))
    get_settings.cache_clear()  # the CLI reads its settings once per process
    request.addfinalizer(get_settings.cache_clear)
    db = tmp_path / "p.duckdb"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", "--all", "--json"])
    assert result.exit_code == 1, result.output  # datasets missing from the mirror failed
    data = json.loads(result.stdout)
    loaded = {r["dataset"] for r in data["reports"]}
    assert set(WAITS) <= loaded
    assert any(f.startswith("border-crossings: ") for f in data["failures"])
    assert calls == [{"cbp-wait-averages": 1, "observed-waits": 1}]


def test_ingest_all_through_a_server_fits_once_and_reports_each_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When `puente serve` holds the database, `ingest --all` is one admin request: the same
    batch, the same failures list."""
    from fastapi.testclient import TestClient

    from puente.api import create_app
    from puente.config import Settings

    calls = _count_refits(monkeypatch)
    mirror = write_mirror(tmp_path / "mirror")
    store = open_store(tmp_path / "p.duckdb")
    app = create_app(
        Settings(db=tmp_path / "p.duckdb", mirror=mirror), store=store, admin_token="t"
    )
    try:
        with TestClient(app) as client:
            answer = client.post(
                "/api/admin/ingest", json={"all": True}, headers={"X-Puente-Token": "t"}
            )
    finally:
        store.close()
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert set(WAITS) <= {r["dataset"] for r in data["reports"]}
    assert any(f.startswith("border-crossings: ") for f in data["failures"])
    assert calls == [{"cbp-wait-averages": 1, "observed-waits": 1}]


def test_a_batch_runs_each_load_hook_per_load_and_after_the_block(store: Store) -> None:
    seen: list[tuple[str, int]] = []

    def recorder(_store: Store, dataset: str, version: int) -> None:
        seen.append((dataset, version))

    register(recorder)
    try:
        with batch(store) as loads:
            run_post_load(store, "observed-waits", 3)
            with batch(store):  # a batch inside a batch joins it
                run_post_load(store, "border-crossings", 2)
            assert seen == []  # nothing runs before the block ends
            assert loads == [("observed-waits", 3), ("border-crossings", 2)]
        assert seen == [("observed-waits", 3), ("border-crossings", 2)]
        run_post_load(store, "border-ports", 1)  # outside a batch: at once
        assert seen[-1] == ("border-ports", 1)
    finally:
        unregister(recorder)


def test_a_batch_that_ends_in_an_error_still_runs_the_hooks_of_its_loads(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_refits(monkeypatch)

    def load_then_fail() -> None:
        with batch(store):
            run_post_load(store, "observed-waits", 1)
            raise RuntimeError("the next load failed")

    with pytest.raises(RuntimeError):
        load_then_fail()
    assert len(calls) == 1
