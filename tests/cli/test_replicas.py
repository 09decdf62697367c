"""Serving beyond one process: replicas of one published snapshot, the switch to a new
snapshot under a running client (no request may fail), and `puente serve --workers`."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SDN = FIXTURES / "ofac-sdn"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PUENTE_MIRROR": "", **extra}
    env.pop("PUENTE_STATE_URL", None) if "PUENTE_STATE_URL" not in extra else None
    return env


def puente(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "puente", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(**env),
    )


class Server:
    def __init__(self, db: Path, *args: str, **env: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = db.with_name(f"{db.name}.{self.port}.log")
        self._log = self.log.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "puente",
                "--db",
                str(db),
                "serve",
                "--port",
                str(self.port),
                *list(args),
            ],
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            env=_env(**env),
        )

    def wait_ready(self, timeout: float = 400) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/readyz", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                raise AssertionError(
                    self.process.stderr.read().decode() if self.process.stderr else ""
                )
            time.sleep(0.3)
        raise AssertionError(f"{self.url} did not become ready")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()


@pytest.fixture
def primary(tmp_path: Path) -> Path:
    db = tmp_path / "primary.duckdb"
    for args in (
        ("ingest", "ofac-sdn", "--from", str(SDN / "full"), "-q"),
        (
            "ingest",
            "border-crossings",
            "--from",
            str(FIXTURES / "border-crossings" / "crossings.csv"),
        ),
    ):
        done = puente(db, *args)
        assert done.returncode == 0, done.stderr
    return db


def _publish(db: Path, out: str) -> dict[str, object]:
    done = puente(db, "publish", "--out", out, "--json")
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _ready(url: str) -> dict[str, object]:
    """/readyz once it says ready (after a switch the screening index is rebuilt first)."""
    deadline = time.monotonic() + 60
    while True:
        response = httpx.get(url + "/readyz", timeout=10)
        if response.status_code == 200 or time.monotonic() > deadline:
            body: dict[str, object] = response.json()
            return body
        time.sleep(0.3)


def _sdn_version(url: str) -> int:
    datasets = httpx.get(url + "/api/datasets", timeout=10).json()
    entry = next(d for d in datasets["datasets"] if d["dataset"] == "ofac-sdn")
    return int(entry["current_version"])


def test_two_replicas_of_copies_of_one_snapshot_answer_the_same(
    primary: Path, tmp_path: Path, servers: list[Server]
) -> None:
    published = _publish(primary, str(tmp_path / "snap.duckdb"))
    copies = []
    for host in ("a", "b"):  # as if shipped to two machines
        folder = tmp_path / host
        folder.mkdir()
        for name in ("snap.duckdb", "snap.duckdb.manifest.json"):
            shutil.copy(tmp_path / name, folder / name)
        copies.append(folder / "snap.duckdb")
    for copy in copies:
        servers.append(Server(tmp_path / f"{copy.parent.name}.duckdb", "--snapshot", str(copy)))
    for server in servers:
        server.wait_ready()
    answers = [httpx.get(s.url + "/api/border/summary", timeout=30) for s in servers]
    assert all(a.status_code == 200 for a in answers)
    assert answers[0].json() == answers[1].json()
    assert answers[0].json()["people"] > 0
    ready = [httpx.get(s.url + "/readyz", timeout=10).json() for s in servers]
    manifest = published["manifest"]
    assert isinstance(manifest, dict)
    assert {r["snapshot"]["sha256"] for r in ready} == {manifest["sha256"]}
    # A replica holds no state store: screening is refused, saying what to set.
    refused = httpx.post(
        servers[0].url + "/api/screen", json={"queries": [{"name": "Guzman"}]}, timeout=30
    )
    assert refused.status_code == 503
    assert "PUENTE_STATE_URL" in refused.json()["detail"]


def test_a_new_snapshot_is_picked_up_with_no_failed_request_and_a_bad_one_is_not(
    primary: Path, tmp_path: Path, servers: list[Server]
) -> None:
    folder = tmp_path / "snapshots"
    _publish(primary, f"{folder}/")
    server = Server(tmp_path / "replica.duckdb", "--snapshot", str(folder))
    servers.append(server)
    server.wait_ready()
    assert _sdn_version(server.url) == 1

    failures: list[str] = []
    answered = [0]
    stop = threading.Event()

    def client() -> None:
        with httpx.Client(timeout=30) as http:
            paths = ["/api/datasets", "/api/border/summary", "/sanctions", "/"]
            i = 0
            while not stop.is_set():
                path = paths[i % len(paths)]
                i += 1
                try:
                    response = http.get(server.url + path)
                    if response.status_code != 200:
                        failures.append(f"{path}: {response.status_code} {response.text[:200]}")
                except httpx.HTTPError as exc:
                    failures.append(f"{path}: {exc!r}")
                answered[0] += 1

    clients = [threading.Thread(target=client) for _ in range(3)]
    for thread in clients:
        thread.start()
    try:
        time.sleep(1)
        loaded = puente(primary, "ingest", "ofac-sdn", "--from", str(SDN / "later"), "-q")
        assert loaded.returncode == 0, loaded.stderr
        new = _publish(primary, f"{folder}/")
        deadline = time.monotonic() + 60
        while _sdn_version(server.url) != 2:
            assert time.monotonic() < deadline, "the new snapshot was not picked up"
            time.sleep(0.2)
        switched_at = answered[0]
        # A newer file that does not match its manifest (a copy cut short): not served.
        bad = folder / "puente-99990101T000000000000Z.duckdb"
        good = Path(str(new["path"]))
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 3])
        shutil.copy(Path(f"{good}.manifest.json"), Path(f"{bad}.manifest.json"))
        time.sleep(3)
    finally:
        stop.set()
        for thread in clients:
            thread.join()
    assert failures == []
    assert answered[0] > switched_at > 0  # the clients kept going through the switch
    ready = _ready(server.url)
    manifest = new["manifest"]
    assert isinstance(manifest, dict)
    snapshot = ready["snapshot"]
    assert isinstance(snapshot, dict)
    assert snapshot["sha256"] == manifest["sha256"]  # the bad one was refused
    assert _sdn_version(server.url) == 2


def test_a_damaged_snapshot_does_not_start_a_server(primary: Path, tmp_path: Path) -> None:
    _publish(primary, str(tmp_path / "snap.duckdb"))
    snap = tmp_path / "snap.duckdb"
    snap.write_bytes(snap.read_bytes()[:4096])
    started = puente(tmp_path / "r.duckdb", "serve", "--port", "0", "--snapshot", str(snap))
    assert started.returncode != 0
    assert "partial copy" in started.stderr
    assert "snap.duckdb" in started.stderr


def test_workers_need_a_shared_state_store_or_read_only(primary: Path) -> None:
    refused = puente(primary, "serve", "--port", "0", "--workers", "2")
    assert refused.returncode != 0
    assert "PUENTE_STATE_URL" in refused.stderr
    assert "--read-only" in refused.stderr


def test_two_workers_answer_on_one_port_from_the_same_data(
    primary: Path, servers: list[Server]
) -> None:
    server = Server(primary, "--workers", "2", "--read-only")
    servers.append(server)
    server.wait_ready()
    seen: dict[int, object] = {}
    deadline = time.monotonic() + 60
    while len(seen) < 2 and time.monotonic() < deadline:
        with httpx.Client(timeout=30) as fresh:  # a new connection each time
            ready = fresh.get(server.url + "/readyz")
            if ready.status_code == 200:
                seen[ready.json()["process"]] = fresh.get(server.url + "/api/border/summary").json()
    assert len(seen) == 2, "one worker answered every connection"
    first, second = seen.values()
    assert first == second
    assert isinstance(first, dict)
    assert first["people"] > 0
    # The workers serve a snapshot: the primary is free for the CLI while they run.
    listed = puente(primary, "datasets", "--json")
    assert listed.returncode == 0, listed.stderr
