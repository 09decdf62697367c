"""Dataset versions: a load is atomic, the same bytes are a no-op, rollback and pruning."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import ClassVar

import duckdb
import pytest

from puente.errors import InvalidInput, NotFound, SourceError
from puente.ingest import FileSpec, LoadContext, LoadResult, Source, ingest_source
from puente.ingest.runner import rollback_dataset
from puente.store import Store, catalog, open_store


class NumbersSource(Source):
    """A one-table dataset: each line of a text file is a number."""

    name: ClassVar[str] = "numbers"
    title: ClassVar[str] = "Numbers"
    publisher: ClassVar[str] = "tests"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec("numbers.txt", "numbers.txt", "http://127.0.0.1:9/n"),
    )
    tables: ClassVar[tuple[str, ...]] = ("numbers", "numbers_meta")

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        values = ctx.files[0].path.read_text().split()
        cur.execute(f"CREATE TABLE {ctx.table('numbers')} (n INTEGER)")
        for i, value in enumerate(values, start=1):
            if not value.isdigit():
                # Fails halfway: a table and some rows are already written.
                raise SourceError("expected a number", file=ctx.files[0].label, line=i)
            cur.execute(f"INSERT INTO {ctx.table('numbers')} VALUES (?)", [int(value)])
        cur.execute(f"CREATE TABLE {ctx.table('numbers_meta')} AS SELECT {len(values)} AS n")
        return LoadResult(rows=len(values), coverage_start="1", coverage_end=str(len(values)))


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def numbers(store: Store) -> list[int]:
    with store.read() as cur:
        return [r[0] for r in cur.execute("SELECT n FROM numbers ORDER BY n").fetchall()]


def test_load_records_provenance(store: Store, tmp_path: Path) -> None:
    report = ingest_source(store, NumbersSource(), write(tmp_path, "a.txt", "1 2 3"))
    assert report.changed
    assert report.version == 1
    with store.read() as cur:
        version = catalog.require_current(cur, "numbers")
    assert version.rows == 3
    assert version.source.endswith("a.txt")
    assert len(version.sha256) == 64
    assert version.bytes == 5
    assert (version.coverage_start, version.coverage_end) == ("1", "3")
    assert version.parser_version == "1"
    assert isinstance(version.loaded_at, datetime)
    assert abs(version.loaded_at.timestamp() - time.time()) < 3600
    assert version.ref.loaded_at == version.loaded_at.isoformat()
    assert numbers(store) == [1, 2, 3]


def test_same_bytes_again_is_a_no_op(store: Store, tmp_path: Path) -> None:
    ingest_source(store, NumbersSource(), write(tmp_path, "a.txt", "1 2"))
    again = ingest_source(store, NumbersSource(), write(tmp_path, "b.txt", "1 2"))
    assert not again.changed
    with store.read() as cur:
        assert len(catalog.list_versions(cur, "numbers")) == 1


def test_failed_load_leaves_previous_version_served(store: Store, tmp_path: Path) -> None:
    ingest_source(store, NumbersSource(), write(tmp_path, "good.txt", "1 2 3"))
    with pytest.raises(SourceError, match=r"bad.txt, line 3"):
        ingest_source(store, NumbersSource(), write(tmp_path, "bad.txt", "7 8 x 9"))
    assert numbers(store) == [1, 2, 3]
    with store.read() as cur:
        assert catalog.require_current(cur, "numbers").version == 1
        tables = {r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "numbers__v2" not in tables
    # the next good load takes the next number; nothing of the failed one remains
    ingest_source(store, NumbersSource(), write(tmp_path, "c.txt", "5"))
    assert numbers(store) == [5]


def test_rollback_and_keep_last_versions(tmp_path: Path) -> None:
    store = open_store(tmp_path / "k.duckdb", keep_versions=2)
    for i in range(1, 5):
        ingest_source(store, NumbersSource(), write(tmp_path, f"{i}.txt", str(i)))
    with store.read() as cur:
        kept = [v.version for v in catalog.list_versions(cur, "numbers")]
        tables = {r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert kept == [4, 3]
    assert "numbers__v1" not in tables
    assert "numbers__v3" in tables
    back = rollback_dataset(store, "numbers")
    assert back.version == 3
    assert numbers(store) == [3]
    with pytest.raises(InvalidInput, match="no kept version before"):
        rollback_dataset(store, "numbers")
    store.close()


def test_unknown_dataset_is_not_found(store: Store) -> None:
    with store.read() as cur, pytest.raises(NotFound, match="puente ingest numbers"):
        catalog.require_current(cur, "numbers")


def test_reader_sees_old_version_while_load_is_uncommitted(store: Store, tmp_path: Path) -> None:
    ingest_source(store, NumbersSource(), write(tmp_path, "a.txt", "1"))
    with store.write() as cur:
        cur.execute("CREATE OR REPLACE VIEW numbers AS SELECT 99 AS n")
        # a reader on another cursor sees the committed version while the write is open
        assert numbers(store) == [1]
    assert numbers(store) == [99]


def test_migration_removes_server_paths_from_recorded_sources(tmp_path) -> None:
    """Rows recorded before provenance was fixed named absolute paths; the migration keeps
    the mirror-relative part (or the file name)."""
    import duckdb

    from puente.store import open_store
    from puente.store.schema import MIGRATIONS, migrate

    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_migrations (id TEXT PRIMARY KEY)")
    first = dict(MIGRATIONS)["store.1"]
    con.execute(first)
    con.execute("INSERT INTO schema_migrations VALUES ('store.1')")
    cases = {
        "a": "/work/shared/data/wait_times/cbp_hist_avg_san_ysidro_syR-hist.csv",
        "b": "/srv/x/trade/bts_transborder/us_transborder.csv; /tmp/up/other.csv",
        "c": "https://www.census.gov/foreign-trade/balance/country.xlsx",
    }
    for name, source in cases.items():
        con.execute(
            "INSERT INTO dataset_versions VALUES (?, 1, ?, 'x', 1, 1, NULL, NULL, now(), '1', "
            "['t'], NULL, false)",
            [name, source],
        )
    migrate(con)
    got = dict(con.execute("SELECT dataset, source FROM dataset_versions").fetchall())
    con.close()
    assert got == {
        "a": "wait_times/cbp_hist_avg_san_ysidro_syR-hist.csv",
        "b": "trade/bts_transborder/us_transborder.csv; other.csv",
        "c": "https://www.census.gov/foreign-trade/balance/country.xlsx",
    }
    open_store(db).close()  # the migrated file opens as usual


def test_only_the_version_in_force_is_flagged_current(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.duckdb", keep_versions=3)
    for i in range(1, 4):
        ingest_source(store, NumbersSource(), write(tmp_path, f"{i}.txt", str(i)))
    with store.read() as cur:
        flags = {v.version: v.current for v in catalog.list_versions(cur, "numbers")}
        assert catalog.get_version(cur, "numbers", 2).current is False
    assert flags == {3: True, 2: False, 1: False}
    rollback_dataset(store, "numbers")
    with store.read() as cur:
        flags = {v.version: v.current for v in catalog.list_versions(cur, "numbers")}
        assert catalog.get_version(cur, "numbers", 2).current is True
    assert flags == {3: False, 2: True, 1: False}
    store.close()


def test_a_pruned_version_can_no_longer_be_fetched_or_put_back(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.duckdb", keep_versions=1)
    for i in range(1, 3):
        ingest_source(store, NumbersSource(), write(tmp_path, f"{i}.txt", str(i)))
    with store.read() as cur, pytest.raises(NotFound, match="no kept version 1"):
        catalog.get_version(cur, "numbers", 1)
    with pytest.raises(InvalidInput, match="no kept version before version 2"):
        rollback_dataset(store, "numbers")
    assert numbers(store) == [2]
    store.close()


def test_pruning_never_drops_the_version_in_force(tmp_path: Path) -> None:
    store = open_store(tmp_path / "f.duckdb", keep_versions=2)
    for i in range(1, 3):
        ingest_source(store, NumbersSource(), write(tmp_path, f"{i}.txt", str(i)))
    rollback_dataset(store, "numbers")  # version 1 in force, version 2 newer
    with store.write() as cur:
        dropped = catalog.prune(cur, "numbers", 1)
    assert dropped == []  # the newest kept (2) stays by count, the one in force (1) always
    assert numbers(store) == [1]
    store.close()


class CountedSource(NumbersSource):
    """Another dataset, whose load records what it counted (shown on the datasets page)."""

    name: ClassVar[str] = "counted"
    tables: ClassVar[tuple[str, ...]] = ("counted",)

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        values = ctx.files[0].path.read_text().split()
        cur.execute(f"CREATE TABLE {ctx.table('counted')} AS SELECT {len(values)} AS n")
        return LoadResult(rows=len(values), stats={"blank_lines": 0, "values": len(values)})


def test_each_dataset_has_its_own_versions_and_stats(tmp_path: Path) -> None:
    store = open_store(tmp_path / "two.duckdb", keep_versions=1)
    for i in range(1, 4):
        ingest_source(store, NumbersSource(), write(tmp_path, f"{i}.txt", str(i)))
    ingest_source(store, CountedSource(), write(tmp_path, "c.txt", "4 5"))
    with store.read() as cur:
        numbers_kept = catalog.list_versions(cur, "numbers")
        counted = catalog.require_current(cur, "counted")
        every = [(v.dataset, v.version) for v in catalog.list_versions(cur)]
    # numbers 1 and 2 were pruned (keep 1); the other dataset neither shows nor counts
    assert [(v.dataset, v.version) for v in numbers_kept] == [("numbers", 3)]
    assert every == [("counted", 1), ("numbers", 3)]
    assert (counted.version, counted.rows, counted.stats) == (1, 2, {"blank_lines": 0, "values": 2})
    assert numbers_kept[0].stats == {}
    store.close()
