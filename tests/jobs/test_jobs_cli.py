"""`puente screen --file` as a job (locally and through a running server), and a server
killed in the middle of a job."""

from __future__ import annotations

import csv
import io
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from puente.cli.main import app
from puente.store import Store, open_store
from tests.jobs.conftest import customers_csv

_PUENTE = [sys.executable, "-m", "puente"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def db(loaded: Store) -> Path:
    path = Path(loaded.path)
    loaded.close()
    return path


def test_a_large_file_runs_as_a_job_on_the_database_file(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUENTE_BATCH_SYNC_ROWS", "10")
    source = tmp_path / "customers.csv"
    source.write_bytes(customers_csv(1500))
    out = tmp_path / "screened.csv"
    args = ["--db", str(db), "screen", "--file", str(source), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Screening 1,500 rows of customers.csv")
    assert "1,500 rows screened: 250 match(es), 0 row error(s)" in result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1500
    assert rows[0]["match"] == "true"
    assert not Path(f"{out}.part").exists()
    to_stdout = CliRunner().invoke(app, [*args[:-1], "-"])
    assert to_stdout.exit_code == 0, to_stdout.output
    assert len(list(csv.DictReader(io.StringIO(to_stdout.stdout)))) == 1500
    store = open_store(db)
    try:
        with store.read() as cur:
            job = cur.execute(
                "SELECT state, channel, rows_done, audit_id FROM screening_jobs "
                "ORDER BY created_at LIMIT 1"
            ).fetchone()
            assert job is not None
            assert job[:3] == ("done", "cli", 1500)
            actor = cur.execute(
                "SELECT actor FROM screening_audit WHERE id = ?", [job[3]]
            ).fetchone()
            assert actor is not None
            assert actor[0].startswith("user:")
    finally:
        store.close()


class _Server:
    def __init__(self, db: Path) -> None:
        self.db = db
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "puente",
                "--db",
                str(self.db),
                "serve",
                "--port",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PUENTE_BATCH_SYNC_ROWS": "10", "PUENTE_MIRROR": ""},
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/api/datasets", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.process.kill()
                pytest.fail("server did not start")
            time.sleep(0.2)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)
        self.process = None


@pytest.fixture
def served(db: Path) -> Iterator[_Server]:
    server = _Server(db)
    server.start()
    yield server
    server.stop()


@pytest.mark.slow
def test_the_cli_screens_a_file_through_the_servers_jobs(served: _Server, tmp_path: Path) -> None:
    source = tmp_path / "customers.csv"
    source.write_bytes(customers_csv(1200))
    out = tmp_path / "screened.csv"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "puente",
            "--db",
            str(served.db),
            "screen",
            "--file",
            str(source),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PUENTE_MIRROR": ""},
    )
    assert result.returncode == 0, result.stderr
    assert "held by a server" in result.stderr
    assert "1,200 rows screened: 200 match(es)" in result.stderr
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1200
    assert rows[6]["matched_name"] == "GUZMAN LOERA, Joaquin"


@pytest.mark.slow
def test_a_server_killed_mid_job_marks_it_interrupted_at_next_start(served: _Server) -> None:
    accepted = httpx.post(
        f"{served.url}/api/screen/batch",
        files={"file": ("customers.csv", customers_csv(40_000), "text/csv")},
        timeout=60,
    )
    assert accepted.status_code == 202, accepted.text
    href = served.url + accepted.headers["location"]
    deadline = time.monotonic() + 300
    while httpx.get(href, timeout=10).json()["rows_done"] < 1000:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    served.stop(signal.SIGKILL)
    jobs_dir = Path(f"{served.db}.jobs")
    assert list(jobs_dir.glob("*.part"))  # the kill left a partial result behind
    served.start()
    job = httpx.get(href, timeout=10).json()
    assert job["state"] == "failed"
    assert job["error"].startswith("interrupted")
    assert 1000 <= job["rows_done"] < 40_000
    assert not list(jobs_dir.iterdir())
    assert httpx.get(href + "/result", timeout=10).status_code == 409
