"""`puente keys ...`, `puente audit checkpoint/verify` and `puente serve`'s auth check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from puente.cli.main import app
from puente.store import Store
from tests.sanctions.conftest import load_sdn_fixture

runner = CliRunner()


def run(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.fixture
def db(store: Store) -> Path:
    load_sdn_fixture(store)
    path = Path(store.path)
    store.close()
    return path


def test_create_prints_the_key_once_list_never_shows_it(db: Path) -> None:
    made = run(db, "keys", "create", "--role", "screener", "--name", "Ana (compliance)", "--json")
    assert made.exit_code == 0, made.output
    data = json.loads(made.stdout)
    assert data["key"].startswith(f"pk_{data['id']}_")
    assert data["created_by"].startswith("local:")
    plain = run(db, "keys", "create", "--role", "admin", "--name", "Root")
    assert plain.exit_code == 0
    assert plain.stdout.strip().startswith("pk_")
    assert "not shown again" in plain.output
    listed = run(db, "keys", "list")
    assert listed.exit_code == 0
    assert data["id"] in listed.stdout
    assert data["key"] not in listed.output
    as_json = json.loads(run(db, "keys", "list", "--json").stdout)
    assert [k["role"] for k in as_json["keys"]] == ["screener", "admin"]
    assert all("key" not in k and "key_hash" not in k for k in as_json["keys"])


def test_revoke_and_bad_input(db: Path) -> None:
    data = json.loads(run(db, "keys", "create", "--role", "viewer", "--name", "V", "--json").stdout)
    revoked = run(db, "keys", "revoke", data["id"])
    assert revoked.exit_code == 0
    assert "revoked" in revoked.output
    listed = json.loads(run(db, "keys", "list", "--json").stdout)["keys"]
    assert listed[0]["active"] is False
    unknown = run(db, "keys", "revoke", "ffffffff")
    assert unknown.exit_code != 0
    assert "no key 'ffffffff'" in unknown.output
    bad_role = run(db, "keys", "create", "--role", "owner", "--name", "X")
    assert bad_role.exit_code == 2
    assert "viewer, screener or admin" in bad_role.output


def test_checkpoint_then_truncation_fails_verify_naming_the_range(db: Path, tmp_path: Path) -> None:
    for name in ("Joaquin Guzman", "Maria Lopez", "Ana Perez"):
        assert run(db, "screen", name).exit_code == 0
    saved = tmp_path / "elsewhere" / "checkpoint.json"
    saved.parent.mkdir()
    written = run(db, "audit", "checkpoint", "--out", str(saved))
    assert written.exit_code == 0, written.output
    assert saved.stat().st_mode & 0o777 == 0o600
    statement = json.loads(saved.read_text())
    assert (statement["last_id"], statement["rows"]) == (3, 3)
    assert statement["database"] == db.name  # never a server path
    ok = run(db, "audit", "verify", "--checkpoint", str(saved))
    assert ok.exit_code == 0, ok.output
    assert "intact: 3 rows" in ok.output
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM screening_audit WHERE id >= 2")
    con.close()
    plain = run(db, "audit", "verify")
    assert plain.exit_code == 0  # without a checkpoint, a shorter log looks whole
    broken = run(db, "audit", "verify", "--checkpoint", str(saved))
    assert broken.exit_code == 1
    assert "row(s) 2–3 are missing" in broken.output
    as_json = json.loads(run(db, "audit", "verify", "--checkpoint", str(saved), "--json").stdout)
    assert as_json["first_bad_id"] == 2


def test_verify_names_an_edited_row(db: Path) -> None:
    for name in ("Joaquin Guzman", "Maria Lopez"):
        run(db, "screen", name)
    con = duckdb.connect(str(db))
    con.execute("UPDATE screening_audit SET match_count = 5 WHERE id = 1")
    con.close()
    result = run(db, "audit", "verify")
    assert result.exit_code == 1
    assert "row 1 was changed" in result.output


def test_a_checkpoint_that_is_not_one_is_a_clear_error(db: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "x.json"
    bogus.write_text("[1, 2]")
    result = run(db, "audit", "verify", "--checkpoint", str(bogus))
    assert result.exit_code == 2
    assert "is not a checkpoint" in result.output


@pytest.mark.slow
def test_serve_with_required_auth_refuses_to_start_without_an_admin_key(db: Path) -> None:
    env = {**os.environ, "PUENTE_AUTH": "required", "PUENTE_MIRROR": ""}
    command = [sys.executable, "-m", "puente", "--db", str(db), "serve", "--port", "1"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode != 0
    assert "no admin key" in result.stderr
    assert "puente keys create --role admin" in result.stderr
    assert "Traceback" not in result.stderr
