"""`puente screen --file ... --engine spark`: the same results as the in-process engine.

One SparkSession (local[2]) is shared by the tests of this module; it starts in 8-15 s."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from puente import watch
from puente.cli.main import app
from puente.config import get_settings
from puente.sanctions.batch import OUTPUT_COLUMNS, rows_to_csv
from puente.sanctions.entities import load_screening_records
from puente.store import Store, open_store
from tests.sanctions.conftest import load_sdn_fixture

pytestmark = pytest.mark.slow
ROWS = 20_000
runner = CliRunner()


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("puente-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture
def db(store: Store) -> Path:
    load_sdn_fixture(store)
    path = Path(store.path)
    store.close()
    return path


def _variants(name: str, rng: random.Random) -> str:
    """A listed name as a customer file spells it: case, order, a typo, a missing part."""
    tokens = name.replace(",", " ").split()
    choice = rng.randrange(6)
    if choice == 0:
        return name.lower()
    if choice == 1:
        return " ".join(reversed(tokens))
    if choice == 2 and len(tokens[0]) > 3:
        word = tokens[0]
        at = rng.randrange(1, len(word) - 1)
        return " ".join([word[:at] + word[at + 1 :], *tokens[1:]])
    if choice == 3 and len(tokens) > 2:
        return " ".join(tokens[:-1])
    if choice == 4:
        return name.upper() + " S.A."
    return name


def customers(db: Path, path: Path) -> None:
    """ROWS customers: the fixture list's names with variations, unrelated names, hostile
    and broken rows."""
    store = open_store(db)
    try:
        with store.read() as cur:
            listed = [n.text for r in load_screening_records(cur) for n in r.names]
    finally:
        store.close()
    rng = random.Random(10)
    others = ["Mary Smith", "Comercializadora Puente, S.A. de C.V.", "José Ángel Pérez", "李小龙"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_id", "Nombre", "fecha_de_nacimiento", "país", "notes"])
        for i in range(ROWS):
            if i % 997 == 5:
                writer.writerow([f"C{i}", "", "", "", "no name"])
                continue
            if i % 1009 == 7:
                writer.writerow([f"C{i}", '=HYPERLINK("http://x")', "1957", "MX", "+1"])
                continue
            source = listed if i % 3 else others
            name = _variants(rng.choice(source), rng)
            year = rng.choice(["", "1957", "1970", "1957-04-04"])
            writer.writerow([f"C{i}", name, year, rng.choice(["", "MX", "CO", "US"]), f"n;{i}"])
        handle.write("C-short,only two\r\n")


def test_spark_results_equal_the_in_process_results(spark: Any, db: Path, tmp_path: Path) -> None:
    source = tmp_path / "customers.csv"
    customers(db, source)
    here, there = tmp_path / "here.csv", tmp_path / "spark.csv"
    result = runner.invoke(
        app, ["--db", str(db), "screen", "--file", str(source), "--out", str(here)]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app,
        [
            "--db",
            str(db),
            "screen",
            "--file",
            str(source),
            "--engine",
            "spark",
            "--master",
            "local[2]",
            "--out",
            str(there),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"{ROWS + 1:,} rows screened" in result.output

    with (
        here.open(encoding="utf-8", newline="") as a,
        there.open(encoding="utf-8", newline="") as b,
    ):
        expected, got = list(csv.reader(a)), list(csv.reader(b))
    assert got[0] == [
        "customer_id",
        "Nombre",
        "fecha_de_nacimiento",
        "país",
        "notes",
        *OUTPUT_COLUMNS,
    ]
    column = {name: i for i, name in enumerate(got[0])}
    # One output row per (input row, candidate): every input row is there, in order.
    numbers = [int(row[column["row"]]) for row in got[1:]]
    assert numbers == sorted(numbers)
    assert set(numbers) == set(range(1, ROWS + 2))
    for line, (want, have) in enumerate(zip(expected, got, strict=True), start=1):
        assert have == want, f"line {line}"
    # The file itself is the one Puente's CSV writer makes of those rows.
    assert there.read_bytes() == "".join(rows_to_csv(expected)).encode()
    firsts = [row for row in got[1:] if row[column["rank"]] in ("", "1")]
    matches = sum(1 for row in firsts if row[column["match"]] == "true")
    candidates = sum(1 for row in got[1:] if row[column["match"]] == "true")
    assert 1000 < matches < ROWS
    assert got[-1][-1] == "row has 2 fields; the header has 5"
    assert any(row[1] == '\'=HYPERLINK("http://x")' for row in got)

    store = open_store(db)
    try:
        with store.read() as cur:
            record = cur.execute(
                "SELECT queries, results, match_count FROM screening_audit ORDER BY id DESC LIMIT 1"
            ).fetchone()
    finally:
        store.close()
    assert record is not None
    queries, results = json.loads(record[0])[0], json.loads(record[1])[0]
    assert queries["engine"] == "spark"
    assert queries["input_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert results["result_sha256"] == hashlib.sha256(there.read_bytes()).hexdigest()
    assert results["match_rows"] == matches
    assert record[2] == candidates


def test_parquet_in_and_out(spark: Any, db: Path, tmp_path: Path) -> None:
    source = tmp_path / "customers.parquet"
    duckdb.sql(
        "COPY (SELECT * FROM (VALUES ('1', 'Joaquin Guzman Loera', '1957'), "
        "('2', '=1+1', ''), ('3', '', '')) AS t(id, full_name, dob)) "
        f"TO '{source}' (FORMAT parquet)"
    )
    out = tmp_path / "results.parquet"
    result = runner.invoke(
        app,
        ["--db", str(db), "screen", "--file", str(source), "--engine", "spark", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    rows = duckdb.sql(
        f"SELECT id, full_name, entity_id, match, error FROM '{out}' ORDER BY row::INT, rank"
    ).fetchall()
    assert rows == [
        ("1", "Joaquin Guzman Loera", "6861", "true", None),
        ("2", "=1+1", None, "false", None),
        ("3", None, None, None, "name is empty"),
    ]


def test_without_pyspark_the_error_says_what_to_install(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "customers.csv"
    source.write_text("name\nJoaquin Guzman\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "pyspark", None)
    out = tmp_path / "out.csv"
    result = runner.invoke(
        app,
        ["--db", str(db), "screen", "--file", str(source), "--engine", "spark", "--out", str(out)],
    )
    assert result.exit_code == 1
    assert "pip install 'puente[spark]'" in result.output
    assert not out.exists()


def test_every_partition_is_screened_at_once_not_one_after_another(
    spark: Any, db: Path, tmp_path: Path
) -> None:
    """On a cluster, a driver that pulls the screened partitions one by one keeps a single
    core busy: the screening must be one stage over every partition."""
    from puente.sanctions import spark as spark_engine

    source = tmp_path / "customers.csv"
    # over 2 MB (splits are at least 1 MB each), in few rows: a long notes column
    lines = ["name,notes"] + [f"Joaquin Guzman {n},{'x' * 1000}" for n in range(3000)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    context = spark.sparkContext
    context.setJobGroup("partitions-at-once", "screening")
    store = open_store(db)
    try:
        done = spark_engine.screen_file(store, spark, source, tmp_path / "out.csv", 0.85, "t")
    finally:
        store.close()
        context.setLocalProperty("spark.jobGroup.id", None)
    assert done.rows == 3000
    tracker = context.statusTracker()
    stages = [
        tracker.getStageInfo(stage)
        for job in tracker.getJobIdsForGroup("partitions-at-once")
        for stage in (tracker.getJobInfo(job).stageIds if tracker.getJobInfo(job) else [])
    ]
    widths = sorted(s.numTasks for s in stages if s is not None)
    partitions = widths[-1]
    assert partitions >= 2  # the file is split, so that every core has work
    # numbering the rows reads every partition once; screening them is the other full pass
    assert widths.count(partitions) >= 2, widths


def _watch_subjects(db: Path, path: Path, count: int) -> int:
    """`count` subjects: the fixture list's names as a customer file spells them, and others."""
    store = open_store(db)
    try:
        with store.read() as cur:
            listed = [n.text for r in load_screening_records(cur) for n in r.names]
    finally:
        store.close()
    rng = random.Random(11)
    others = ["Mary Smith", "Comercializadora Puente, S.A. de C.V.", "José Ángel Pérez"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["subject_id", "name", "birth_date", "country"])
        for i in range(count):
            name = _variants(rng.choice(listed if i % 4 else others), rng)
            writer.writerow([f"S{i}", name, rng.choice(["", "1957", "1970-01-01"]), ""])
    return count


def _alerts(db: Path) -> list[tuple[Any, ...]]:
    shown = runner.invoke(app, ["--db", str(db), "watch", "alerts", "clients", "--json"])
    assert shown.exit_code == 0, shown.output
    return sorted(
        (a["subject_id"], a["dataset"], a["entity_id"], a["status"], a["score"], a["explanation"])
        for a in json.loads(shown.output)["alerts"]
    )


def test_a_full_watch_rescreen_on_spark_opens_the_alerts_the_in_process_one_opens(
    spark: Any,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    """A portfolio re-screened in full after the monitoring threshold is lowered: on Spark
    and in process, the same subjects screened and the same alerts opened."""
    subjects = tmp_path / "subjects.csv"
    here = Path(store.path)
    load_sdn_fixture(store)
    store.close()
    there = tmp_path / "there.duckdb"
    other = open_store(there)
    load_sdn_fixture(other)
    other.close()
    count = _watch_subjects(here, subjects, 400)
    for db in (here, there):
        for args in (["create", "clients"], ["add", "clients", "--file", str(subjects)]):
            done = runner.invoke(app, ["--db", str(db), "watch", *args])
            assert done.exit_code == 0, done.output
    before = _alerts(here)
    assert before == _alerts(there)

    monkeypatch.setenv("PUENTE_WATCH_THRESHOLD", "0.6")
    get_settings.cache_clear()
    request.addfinalizer(get_settings.cache_clear)
    monkeypatch.setattr(watch, "_SERVICES", {})
    context = spark.sparkContext
    context.setJobGroup("watch-rescreen", "monitoring")
    try:
        on_spark = runner.invoke(
            app,
            [
                *("--db", str(there), "watch", "rescreen", "--json"),
                *("--engine", "spark", "--master", "local[2]"),
            ],
        )
    finally:
        context.setLocalProperty("spark.jobGroup.id", None)
    assert on_spark.exit_code == 0, on_spark.output
    assert context.statusTracker().getJobIdsForGroup("watch-rescreen")  # Spark screened
    in_process = runner.invoke(app, ["--db", str(here), "watch", "rescreen", "--json"])
    assert in_process.exit_code == 0, in_process.output
    reports = json.loads(on_spark.output)["reports"]
    assert reports == json.loads(in_process.output)["reports"]
    assert [(r["mode"], r["subjects_screened"]) for r in reports] == [("full", count)]
    after = _alerts(there)
    assert after == _alerts(here)
    assert len(after) > len(before)  # the lower threshold alerted on more subjects


def test_spark_answers_queries_as_the_index_does_each_in_its_place(spark: Any, db: Path) -> None:
    from puente.sanctions import screener
    from puente.sanctions import spark as spark_engine

    store = open_store(db)
    try:
        index, _ = screener.screening_index(store)
        with store.read() as cur:
            listed = [n.text for r in load_screening_records(cur) for n in r.names]
    finally:
        store.close()
    rng = random.Random(12)
    raw = [{"name": _variants(rng.choice(listed), rng)} for _ in range(300)]
    raw[17] = {"name": "Joaquin Guzman", "country": "Narnia"}  # cannot be screened
    queries = [screener.to_engine_query(q) for q in raw]
    expected = index.screen_many(queries, threshold=0.7, limit=3)
    got = spark_engine.screen_queries(spark, index, queries, 0.7, 3)
    assert isinstance(got[17], type(expected[17]))
    assert str(got[17]) == str(expected[17])
    assert got[:17] + got[18:] == expected[:17] + expected[18:]
    assert sum(len(a) for a in got if isinstance(a, list)) > 100
    assert spark_engine.screen_queries(spark, index, [], 0.7, 3) == []
