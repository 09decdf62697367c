"""`puente serve` owns the database; the CLI loads and queries through it, and the app keeps
answering while a load runs."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def puente(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "puente", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PUENTE_MIRROR": ""},
    )


@pytest.fixture
def server(tmp_path: Path, fixtures: Path):
    db = tmp_path / "served.duckdb"
    loaded = puente(
        db,
        "ingest",
        "border-crossings",
        "--from",
        str(fixtures / "border-crossings" / "crossings.csv"),
    )
    assert loaded.returncode == 0, loaded.stderr
    port = _free_port()
    # The server's admin ingest reads local files only under its mirror.
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "puente", "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PUENTE_MIRROR": str(mirror)},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/api/datasets", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("server did not start")
        time.sleep(0.2)
    yield db, url
    process.terminate()
    process.wait(timeout=15)
    assert not Path(f"{db}.server.json").exists(), "the server leaves its address file behind"


def test_cli_goes_through_running_server(server, fixtures: Path) -> None:
    db, url = server
    info = json.loads(Path(f"{db}.server.json").read_text())
    assert info["url"] == url
    summary = puente(db, "border", "summary", "--year", "2024", "--json")
    assert summary.returncode == 0, summary.stderr
    assert json.loads(summary.stdout) == httpx.get(f"{url}/api/border/summary?year=2024").json()
    missing = puente(db, "border", "port", "9999")
    assert missing.returncode == 1
    assert "no U.S.–Mexico port with code 9999" in missing.stderr


def test_app_answers_while_a_load_runs(server, fixtures: Path) -> None:
    db, url = server
    seen: list[tuple[int, int]] = []
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            response = httpx.get(f"{url}/api/border/summary?year=2024", timeout=10)
            seen.append((response.status_code, response.json()["version"]["version"]))

    reader = threading.Thread(target=poll)
    mirror = db.parent / "mirror"
    newer = mirror / "crossings_socrata_dates.csv"
    newer.write_bytes((fixtures / "border-crossings" / newer.name).read_bytes())
    reader.start()
    try:
        loaded = puente(db, "ingest", "border-crossings", "--from", str(newer))
    finally:
        time.sleep(0.3)
        stop.set()
        reader.join()
    assert loaded.returncode == 0, loaded.stderr
    assert "version 2 in force" in loaded.stderr
    assert seen, "no request was answered"
    assert {status for status, _ in seen} == {200}
    assert seen[-1][1] == 2
    # a failed load through the server changes nothing
    bad = mirror / "bad.csv"
    bad.write_text("Port Name\nx\n")
    failed = puente(db, "ingest", "border-crossings", "--from", str(bad))
    assert failed.returncode == 1
    assert "missing column(s)" in failed.stderr
    # and a file outside the server's mirror is not read at all
    outside = db.parent / "outside.csv"
    outside.write_bytes(newer.read_bytes())
    refused = puente(db, "ingest", "border-crossings", "--from", str(outside))
    assert refused.returncode == 1
    assert "only under its mirror" in refused.stderr
    assert httpx.get(f"{url}/api/border/summary?year=2024").json()["version"]["version"] == 2


def test_keys_and_audit_through_the_running_server(server) -> None:
    db, url = server
    made = puente(db, "keys", "create", "--role", "viewer", "--name", "Auditor", "--json")
    assert made.returncode == 0, made.stderr
    key = json.loads(made.stdout)
    assert key["created_by"].endswith("(server token)")
    viewer = {"Authorization": f"Bearer {key['key']}"}
    assert httpx.get(f"{url}/api/audit/verify", headers=viewer).json()["ok"] is True
    spoofed = httpx.get(f"{url}/api/audit/verify", headers={"X-Puente-User": "cli:root"})
    assert spoofed.status_code == 401
    listed = puente(db, "keys", "list", "--json")
    assert [k["name"] for k in json.loads(listed.stdout)["keys"]] == ["Auditor"]
    revoked = puente(db, "keys", "revoke", key["id"])
    assert revoked.returncode == 0, revoked.stderr
    assert httpx.get(f"{url}/api/audit/verify", headers=viewer).status_code == 401
    checkpoint = db.parent / "checkpoint.json"
    written = puente(db, "audit", "checkpoint", "--out", str(checkpoint))
    assert written.returncode == 0, written.stderr
    verified = puente(db, "audit", "verify", "--checkpoint", str(checkpoint))
    assert verified.returncode == 0, verified.stderr
    assert "intact" in verified.stdout
