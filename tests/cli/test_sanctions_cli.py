"""`puente screen`, `puente sanctions ...` and `puente audit ...` through Typer's runner."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from puente.cli.main import app
from puente.store import Store
from tests.sanctions.conftest import SDN_FIXTURES, load_sdn_fixture

runner = CliRunner()


def run(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.fixture
def db(store: Store) -> Path:
    load_sdn_fixture(store)
    path = Path(store.path)
    store.close()
    return path


def test_screen_a_name(db: Path) -> None:
    result = run(db, "screen", "Joakin Guzman Loera", "--dob", "1957", "--country", "MX")
    assert result.exit_code == 0, result.output
    assert "1 match(es)" in result.output
    assert "GUZMAN LOERA" in result.output
    assert "audit row 1" in result.output


def test_screen_json_is_the_api_shape(db: Path) -> None:
    result = run(db, "screen", "Cartel de Sinaloa", "--type", "entity", "--json")
    data = json.loads(result.stdout)
    assert set(data) == {
        "list_version",
        "list_versions",
        "lists",
        "threshold",
        "results",
        "audit_id",
    }
    assert data["results"][0]["matches"][0]["entity_id"] == "7000"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["screen", ""], "name is empty"),
        (["screen", "x" * 10_000], "characters"),
        (["screen", "Ana", "--dob", "ayer"], "birth_date"),
        (["screen", "Ana", "--threshold", "2"], "threshold"),
        (["screen"], "give a name"),
    ],
)
def test_screen_errors_are_one_line_and_exit_2(db: Path, args: list[str], message: str) -> None:
    result = run(db, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_screen_a_file(db: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "id,name,birth_date,country\n1,Jose Angel Pena Nunez,,CO\n2,,,\n3,Juan Perez,1970,MX\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = run(db, "screen", "--file", str(source), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "3 rows screened: 1 match(es), 1 row error(s)" in result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert rows[0]["entity_id"] == "7001"
    assert rows[0]["match"] == "true"
    assert rows[1]["error"] == "name is empty"


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "in.csv is empty"),
        (b"nombre\r\n", "in.csv has a header row (line 1) but no rows below it"),
        (b"cliente;pais\r\nAna;MX\r\n", "line 1: no name column; found the columns 'cliente'"),
        (b"name\nJos\x81\n", "line 2: byte 0x81 is neither UTF-8 nor Windows-1252"),
    ],
)
def test_screen_a_bad_file_is_refused(db: Path, tmp_path: Path, data: bytes, said: str) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(data)
    out = tmp_path / "o.csv"
    result = run(db, "screen", "--file", str(source), "--out", str(out))
    assert result.exit_code == 2
    assert said in " ".join(result.output.split())
    assert not out.exists()


def test_screen_a_windows_1252_file(db: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes("nombre;país\r\nJosé Ángel Peña Núñez;Colombia\r\n".encode("cp1252"))
    out = tmp_path / "o.csv"
    result = run(db, "screen", "--file", str(source), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "read as windows-1252 text" in result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["nombre"] == "José Ángel Peña Núñez"
    assert rows[0]["entity_id"] == "7001"


def test_sanctions_search_show_programs(db: Path) -> None:
    search = run(db, "sanctions", "search", "chapo")
    assert search.exit_code == 0
    assert "GUZMAN LOERA" in search.output
    show = run(db, "sanctions", "show", "7001")
    assert "Bogotá" in show.output
    assert "INVERSIONES PEÑA" in show.output
    unnamed = run(db, "sanctions", "show", "7004")  # linked to a name that is no entry
    assert unnamed.exit_code == 0
    assert "EXAMPLE AIR" in unnamed.output
    programs = json.loads(run(db, "sanctions", "programs", "--json").stdout)
    assert {p["program"] for p in programs["programs"]} >= {"SDNTK", "SDNT", "CUBA"}
    assert run(db, "sanctions", "show", "1").exit_code == 1


def test_sanctions_diff(db: Path) -> None:
    loaded = run(db, "ingest", "ofac-sdn", "--from", str(SDN_FIXTURES / "later"), "-q")
    assert loaded.exit_code == 0, loaded.output
    result = run(db, "sanctions", "diff")
    assert "1 added, 1 removed, 2 changed" in result.output
    data = json.loads(run(db, "sanctions", "diff", "2", "1", "--json").stdout)
    assert data["summary"] == {"added": 1, "removed": 1, "changed": 2}


def test_audit_export_and_verify(db: Path, tmp_path: Path) -> None:
    run(db, "screen", "Joaquin Guzman")
    run(db, "screen", "Maria Lopez")
    out = tmp_path / "audit.jsonl"
    result = run(db, "audit", "export", "--out", str(out))
    assert result.exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["queries"][0]["name"] for r in rows] == ["Joaquin Guzman", "Maria Lopez"]
    assert all(r["actor"].startswith("local:") and r["channel"] == "cli" for r in rows)
    as_csv = run(db, "audit", "export", "--format", "csv")
    assert as_csv.stdout.startswith("id,screened_at,actor")
    assert "intact: 2 rows" in run(db, "audit", "verify").output


@pytest.mark.parametrize(("snapshot", "rows"), [("sdn_only", "8"), ("derived", "4"), ("full", "8")])
def test_ingest_each_snapshot_shape(tmp_path: Path, snapshot: str, rows: str) -> None:
    db = tmp_path / "fresh.duckdb"
    result = run(db, "ingest", "ofac-sdn", "--from", str(SDN_FIXTURES / snapshot))
    assert result.exit_code == 0, result.output
    assert f"version 1 in force, {rows} rows" in result.output


def test_ingest_a_broken_file_names_file_line_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    data = (SDN_FIXTURES / "sdn_only" / "sdn.csv").read_bytes().replace(b'"vessel"', b'"ship"')
    (folder / "sdn.csv").write_bytes(data)
    result = run(tmp_path / "fresh.duckdb", "ingest", "ofac-sdn", "--from", str(folder))
    assert result.exit_code == 1
    assert "sdn.csv, line 5, column 'SDN_Type'" in result.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["screen", "--file", "{file}", "--out", "{out}", "--engine", "spark"], "reads the list"),
        (["watch", "rescreen", "--engine", "spark"], "re-screens on"),
    ],
)
def test_spark_on_a_database_another_process_holds_is_one_clear_error(
    db: Path, tmp_path: Path, args: list[str], said: str
) -> None:
    pytest.importorskip("pyspark")
    source = tmp_path / "in.csv"
    source.write_text("name\nAna\n", encoding="utf-8")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
            " time.sleep(120)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        filled = [a.format(file=source, out=tmp_path / "out.csv") for a in args]
        result = run(db, *filled)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert result.exit_code != 0
    assert f"--engine spark {said}" in result.output, result.output
    assert "stop the server" in result.output
    assert not (tmp_path / "out.csv").exists()
