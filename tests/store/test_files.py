"""The database file as an attacker or a bad day leaves it: modes, damage, read-only, full."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from puente.api import create_app
from puente.cli.context import write_server_file
from puente.cli.main import app as cli
from puente.config import Settings
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import open_store
from puente.store.check import check_store, require_healthy
from puente.store.files import StoreDamaged, store_error

SDN = Path(__file__).resolve().parents[1] / "fixtures" / "ofac-sdn" / "full"
PUENTE = Path(sys.executable).with_name("puente")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _loaded(path: Path) -> Path:
    store = open_store(path)
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN))
    store.close()
    return path


def test_the_database_is_private_also_when_it_existed(tmp_path: Path) -> None:
    db = tmp_path / "new" / "puente.duckdb"
    _loaded(db)
    assert _mode(db) == 0o600
    db.chmod(0o644)
    open_store(db).close()
    assert _mode(db) == 0o600


def test_the_server_file_is_private_also_when_it_existed(tmp_path: Path) -> None:
    db = tmp_path / "puente.duckdb"
    existing = Path(f"{db}.server.json")
    existing.write_text("{}")
    existing.chmod(0o644)
    path = write_server_file(db, "http://127.0.0.1:1", "secret-token")
    assert path == existing
    assert _mode(path) == 0o600
    assert "secret-token" in path.read_text()


def test_a_truncated_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    db = _loaded(tmp_path / "puente.duckdb")
    os.truncate(db, db.stat().st_size // 3)
    with pytest.raises(StoreDamaged) as caught:
        open_store(db)
    assert "is damaged" in caught.value.detail
    assert "puente ingest --all" in caught.value.detail
    result = CliRunner().invoke(cli, ["--db", str(db), "datasets"])
    assert result.exit_code == 1
    assert "is damaged" in result.output
    assert "Traceback" not in result.output


def _damage_a_block(db: Path) -> None:
    """Overwrite the middle of the file, where the data blocks are, with noise."""
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(os.urandom(min(64 * 1024, size // 4)))


def test_a_damaged_block_is_found_before_serving(tmp_path: Path) -> None:
    db = tmp_path / "puente.duckdb"
    store = open_store(db)
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN))
    with store.write() as cur:  # enough rows that the data fills blocks of its own
        cur.execute(
            "CREATE TABLE filler AS SELECT range AS i, md5(range::TEXT) AS s FROM range(300000)"
        )
    health = require_healthy(store)
    assert health.in_force == {"ofac-sdn": 1}
    store.close()
    _damage_a_block(db)
    store = open_store(db)
    try:
        assert check_store(store).problems
        with pytest.raises(StoreDamaged, match="is damaged"):
            require_healthy(store)
    finally:
        store.close()
    result = CliRunner().invoke(cli, ["--db", str(db), "serve", "--port", "1"])
    assert result.exit_code == 1
    assert "is damaged" in result.output
    assert "Traceback" not in result.output
    assert not Path(f"{db}.server.json").exists()


def test_read_only_store_serves_and_refuses_screening_clearly(tmp_path: Path) -> None:
    db = _loaded(tmp_path / "puente.duckdb")
    store = open_store(db, read_only=True)
    try:
        app = create_app(Settings(db=db), store=store)
        with TestClient(app) as client:
            assert client.get("/api/sanctions/search", params={"q": "guzman"}).status_code == 200
            assert client.get("/sanctions").status_code == 200
            refused = client.post("/api/screen", json={"queries": [{"name": "Joaquin Guzman"}]})
            assert refused.status_code == 503
            assert refused.json()["error"] == "store_error"
            assert "writable state store" in refused.json()["detail"]
    finally:
        store.close()


def _immutable(path: Path, on: bool) -> bool:
    """chattr +i: no process, root included, may write the file (root ignores modes)."""
    flag = "+i" if on else "-i"
    done = subprocess.run(["chattr", flag, str(path)], capture_output=True, check=False)
    return done.returncode == 0


def test_a_file_it_cannot_write_gives_one_line_and_serves_read_only(tmp_path: Path) -> None:
    db = _loaded(tmp_path / "puente.duckdb")
    if shutil.which("chattr") is None or not _immutable(db, True):
        pytest.skip("chattr +i is not available on this file system")
    try:
        shown = CliRunner().invoke(cli, ["--db", str(db), "datasets"])
        assert shown.exit_code == 1
        assert shown.output.count("\n") == 1, shown.output
        assert "cannot be written" in shown.output
        assert "puente serve --read-only" in shown.output
        store = open_store(db, read_only=True)
        try:
            assert require_healthy(store).in_force == {"ofac-sdn": 1}
        finally:
            store.close()
    finally:
        _immutable(db, False)


FILL = """
import sys
from puente.errors import PuenteError
from puente.store import open_store

store = open_store(sys.argv[1])
try:
    with store.write() as cur:
        cur.execute("CREATE TABLE filler AS SELECT range AS i, md5(range::TEXT) AS s "
                    "FROM range(3000000)")
except PuenteError as exc:
    print("Error:", exc.detail, file=sys.stderr)
    sys.exit(1)
"""


def test_a_full_disk_gives_one_line_and_changes_nothing(tmp_path: Path) -> None:
    """RLIMIT_FSIZE makes every write past a size fail as a full disk does (EFBIG)."""
    db = _loaded(tmp_path / "puente.duckdb")
    limit = db.stat().st_size + 1024 * 1024

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    filled = subprocess.run(
        [sys.executable, "-c", FILL, str(db)],
        capture_output=True,
        text=True,
        preexec_fn=small_files,
        timeout=120,
        check=False,
    )
    assert filled.returncode == 1, filled.stderr
    assert "Traceback" not in filled.stderr
    assert filled.stderr.count("\n") == 1, filled.stderr
    assert "is full" in filled.stderr
    store = open_store(db)
    try:
        assert require_healthy(store).in_force == {"ofac-sdn": 1}
    finally:
        store.close()


def test_errors_from_the_file_system_read_as_one_line() -> None:
    full = store_error(OSError(28, "No space left on device"), "var/puente.duckdb")
    assert "disk holding var/puente.duckdb is full" in full.detail
    denied = store_error(PermissionError(13, "Permission denied"), "var/puente.duckdb")
    assert "puente serve --read-only" in denied.detail
