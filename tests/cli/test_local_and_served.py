"""Every query command prints the same JSON whether it reads the database file itself or,
while `puente serve` holds the file, asks the running server; errors match too."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from puente.cli.main import COMMANDS, app
from puente.errors import StoreLocked
from puente.store import open_store
from tests.conftest import load_border_fixture
from tests.travel.helpers import load_travel

# One invocation of each command that prints --json. Commands whose data is not loaded here
# (trade, sanctions, security...) must fail the same way on both paths.
CASES: dict[str, list[str]] = {
    "datasets": ["datasets"],
    "screen": ["screen", "Joaquin Guzman Loera"],
    "highlights": ["highlights"],
    "border summary": ["border", "summary", "--year", "2024"],
    "border port": ["border", "port", "2504"],
    "border ports": ["border", "ports"],
    "border waits": ["border", "waits", "2504"],
    "border best-time": ["border", "best-time", "2504"],
    "trade summary": ["trade", "summary"],
    "trade ranks": ["trade", "ranks"],
    "trade series": ["trade", "series"],
    "trade partners": ["trade", "partners"],
    "trade modes": ["trade", "modes"],
    "trade states": ["trade", "states"],
    "trade commodities": ["trade", "commodities"],
    "trade energy": ["trade", "energy"],
    "travel advisory": ["travel", "advisory"],
    "travel post": ["travel", "post", "--state", "Sonora"],
    "travel posts": ["travel", "posts"],
    "travel state": ["travel", "state", "Nuevo León"],
    "travel entry": ["travel", "entry"],
    "travel vaccinations": ["travel", "vaccinations"],
    "exchanges list": ["exchanges", "list"],
    "exchanges show": ["exchanges", "show", "fulbright-garcia-robles"],
    "sanctions search": ["sanctions", "search", "guzman"],
    "sanctions show": ["sanctions", "show", "1"],
    "sanctions programs": ["sanctions", "programs"],
    "sanctions diff": ["sanctions", "diff"],
    "audit verify": ["audit", "verify"],
    "keys list": ["keys", "list"],
    "relations check": ["relations", "check"],
    "security drugs": ["security", "drugs"],
    "security money": ["security", "money"],
    "security encounters": ["security", "encounters"],
    "security orgs": ["security", "orgs"],
    "security crossings": ["security", "crossings"],
    "security amo": ["security", "amo"],
    "security states": ["security", "states"],
    "watch alerts": ["watch", "alerts", "clients"],
}
# Commands that change data or have no JSON: not compared here (tests/cli/test_serve.py and
# the data tests cover them).
NOT_COMPARED = {"ingest", "rollback", "serve", "audit export", "publish"}
# A new key and a checkpoint differ by nature (a random key, the time); tests/cli/test_serve.py
# runs them through a server.
NOT_COMPARED |= {"keys create", "keys revoke", "audit checkpoint"}
NOT_COMPARED |= {"watch create", "watch add", "watch decide", "watch rescreen"}
NOT_COMPARED |= {
    "update",
    "updater",
    "waits poll",
    "border forecast",
}  # write, loop, or need weeks of data


def _registered() -> set[str]:
    names = set()
    for sub, group in COMMANDS:
        for command in sub.registered_commands:
            names.add(f"{group} {command.name}" if group else str(command.name))
    return names


def test_every_command_is_compared_or_excluded_on_purpose() -> None:
    assert _registered() == set(CASES) | NOT_COMPARED


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_all(db: Path) -> dict[str, tuple[int, str]]:
    runner = CliRunner()
    out = {}
    for name, argv in CASES.items():
        result = runner.invoke(app, ["--db", str(db), *argv, "--json"])
        text = result.stdout if result.exit_code == 0 else result.stderr
        out[name] = (result.exit_code, text)
    return out


@pytest.fixture
def loaded_db(tmp_path: Path) -> Path:
    db = tmp_path / "both.duckdb"
    store = open_store(db)
    load_border_fixture(store)
    load_travel(store)
    store.close()
    return db


@pytest.mark.slow
def test_local_and_served_answers_are_the_same(
    loaded_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUENTE_MIRROR", "")
    local = _run_all(loaded_db)
    assert local["border summary"][0] == 0, local["border summary"]
    assert local["travel state"][0] == 0, local["travel state"]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "puente", "--db", str(loaded_db), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PUENTE_MIRROR": ""},
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/datasets", timeout=1).is_success:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("server did not start")
            time.sleep(0.2)
        with pytest.raises(StoreLocked):  # so the commands below go through the server
            open_store(loaded_db)
        served = _run_all(loaded_db)
    finally:
        server.terminate()
        server.wait(timeout=30)
    different = {name: (local[name], served[name]) for name in CASES if local[name] != served[name]}
    assert different == {}, json.dumps(different, indent=1)[:3000]
