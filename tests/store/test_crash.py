"""Loads killed with SIGKILL at random points: every time, the file opens, passes its
self-check and serves one complete version (the one before the load, or the new one)."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import catalog, open_store
from puente.store.check import require_healthy

CROSSINGS = Path(__file__).resolve().parents[1] / "fixtures" / "border-crossings" / "crossings.csv"
KILLS = 20


def _variant(path: Path, copies: int, offset: int) -> Path:
    """The fixture repeated with shifted values, so that each variant has other bytes."""
    header, *rows = CROSSINGS.read_text().splitlines()
    out = [header]
    for copy in range(copies):
        for row in rows:
            cells = row.split(",")
            cells[6] = str(int(cells[6]) + copy * 7 + offset)
            out.append(",".join(cells))
    path.write_text("\n".join(out) + "\n")
    return path


def _load(db: str, origin: str) -> None:
    store = open_store(db, keep_versions=2)
    ingest_source(store, get_source("border-crossings"), origin)
    store.close()


def _complete(db: Path, expected: dict[str, int]) -> tuple[int, str]:
    """The version in force, checked whole: its rows are the rows its file makes."""
    store = open_store(db, keep_versions=2)
    try:
        health = require_healthy(store)
        with store.read() as cur:
            version = catalog.require_current(cur, "border-crossings")
            rows = cur.execute("SELECT count(*) FROM border_crossings").fetchone()
        assert rows is not None
        assert version.rows == expected[version.sha256], "the catalog's row count is wrong"
        assert rows[0] == version.rows, "the tables in force are not the whole version"
        assert health.in_force["border-crossings"] == version.version
        return version.version, version.sha256
    finally:
        store.close()


@pytest.mark.slow
def test_loads_killed_at_random_points_leave_a_complete_version(tmp_path: Path) -> None:
    files = [_variant(tmp_path / f"v{i}.csv", 4, i) for i in range(3)]
    db = tmp_path / "crash.duckdb"
    expected: dict[str, int] = {}
    store = open_store(db, keep_versions=2)
    for path in files:  # one whole load of each, for the rows each one makes
        report = ingest_source(store, get_source("border-crossings"), str(path))
        expected[report.sha256] = report.rows
    store.close()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        ["puente.ingest.registry", "puente.border.sources", "puente.store"]
    )
    for warm in range(2):  # the first start also starts the fork server; time the second
        started = time.monotonic()
        child = context.Process(target=_load, args=(str(db), str(files[warm])))
        child.start()
        child.join(120)
        duration = time.monotonic() - started
        assert child.exitcode == 0
    rng = random.Random(int(os.environ.get("PUENTE_CRASH_SEED", "8")))
    seen: set[str] = set()
    killed = 0
    for attempt in range(KILLS):
        child = context.Process(target=_load, args=(str(db), str(files[(attempt + 1) % 3])))
        child.start()
        time.sleep(rng.uniform(0.05, 1.0) * duration)
        if child.is_alive():
            os.kill(child.pid or 0, signal.SIGKILL)
            killed += 1
        child.join(60)
        _, sha = _complete(db, expected)
        seen.add(sha)
    assert killed >= KILLS // 2, f"only {killed} loads were killed before they finished"
    settings = Settings(db=db, mirror=None)
    store = open_store(db, keep_versions=2)
    try:
        with TestClient(create_app(settings, store=store)) as client:
            answer = client.get("/api/border/summary", params={"year": 2024})
            assert answer.status_code == 200
    finally:
        store.close()
