"""The screening index kept in the store: built at load time, loaded ready by any process,
equal to one built afresh, rebuilt when missing or damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.ingest.runner import rollback_dataset
from puente.sanctions import screener
from puente.sanctions.entities import INDEX_TABLE, load_screening_records
from puente.sanctions.screening import Query, ScreeningIndex
from puente.sanctions.screening.stored import load_index, save_index
from puente.store import Store, open_store
from puente.store.catalog import table_name

from .conftest import RECORDS

SDN_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ofac-sdn"
QUERIES = [
    Query("Joaquin Guzman Loera"),
    Query("Joakin Gusman", birth_date="1957"),
    Query("Chuy Amezcua"),
    Query("accesos electronicos"),
    Query("x", id_number="GULJ-570404-HSLZRQ05"),
    Query("J o a q u i n Guzman Loera aaaa"),
]


def _answers(index: ScreeningIndex) -> list[list[dict[str, object]]]:
    return [[m.as_dict() for m in index.screen(q, limit=5)] for q in QUERIES]


def test_an_index_loaded_from_the_store_equals_one_built_afresh(tmp_path: Path) -> None:
    built = ScreeningIndex.build(RECORDS, "test@1")
    store = open_store(tmp_path / "p.duckdb")
    with store.write() as cur:
        save_index(cur, "idx__v1", built)
    store.close()
    other = open_store(tmp_path / "p.duckdb")  # another process would open it the same way
    with other.read() as cur:
        loaded = load_index(cur, "idx__v1")
    other.close()
    assert loaded is not None
    fresh = ScreeningIndex.build(RECORDS, "test@1")
    assert dict(loaded.parts) == dict(fresh.parts)
    assert loaded.list_version == "test@1"
    assert len(loaded) == len(fresh) == len(RECORDS)
    assert _answers(loaded) == _answers(fresh)
    assert any(_answers(loaded))


def test_a_load_keeps_the_index_of_its_version(store: Store) -> None:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN_FIXTURES / "full"))
    with store.read() as cur:
        kept = load_index(cur, table_name(INDEX_TABLE, 1))
        fresh = ScreeningIndex.build(load_screening_records(cur), "ofac-sdn@1")
    assert kept is not None
    assert kept.list_version == "ofac-sdn@1"
    assert dict(kept.parts) == dict(fresh.parts)


def test_screening_loads_the_kept_index_and_never_builds(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN_FIXTURES / "full"))

    def refuse(*args: object, **kwargs: object) -> ScreeningIndex:
        raise AssertionError("the index was built instead of loaded")

    monkeypatch.setattr(ScreeningIndex, "build", refuse)
    index, version = screener.screening_index(store)
    assert version.version == 1
    assert index.list_version == "ofac-sdn@1"
    result = screener.screen_queries(store, [{"name": "Joaquin Guzman Loera"}], 0.8, "t", "test")
    assert result["results"][0]["matches"]


def test_each_version_keeps_its_own_index_and_rollback_brings_it_back(store: Store) -> None:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN_FIXTURES / "full"))
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN_FIXTURES / "later"))
    with store.read() as cur:
        first = load_index(cur, table_name(INDEX_TABLE, 1))
        second = load_index(cur, table_name(INDEX_TABLE, 2))
    assert first is not None
    assert second is not None
    assert dict(first.parts) != dict(second.parts)
    assert screener.screening_index(store)[0].list_version == "ofac-sdn@2"
    rollback_dataset(store, "ofac-sdn")
    assert screener.screening_index(store)[0].list_version == "ofac-sdn@1"


def test_a_damaged_index_is_rebuilt_from_the_list(store: Store) -> None:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN_FIXTURES / "full"))
    table = table_name(INDEX_TABLE, 1)
    with store.write() as cur:
        cur.execute(f"UPDATE {table} SET data = 'xx'::BLOB WHERE part = 'postings.slots'")
    with store.read() as cur:
        assert load_index(cur, table) is None
    screener._INDEXES.pop(store, None)
    index, _ = screener.screening_index(store)
    assert index.screen(Query("Joaquin Guzman Loera"))


def test_an_empty_name_is_refused_before_any_index_is_loaded(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(store: Store) -> object:
        raise AssertionError("the index was loaded for an empty name")

    monkeypatch.setattr(screener, "screening_index", refuse)
    with pytest.raises(Exception, match="name is empty"):
        screener.screen_queries(store, [{"name": "  "}], 0.8, "t", "test")


LIST_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
OTHER_LISTS = [
    ("ofac-consolidated", LIST_FIXTURES / "ofac-consolidated"),
    ("un-sc-consolidated", LIST_FIXTURES / "un-sc-consolidated" / "consolidated_2026-05-08.xml"),
    ("bis-dpl", LIST_FIXTURES / "bis-dpl"),
    ("trade-csl", LIST_FIXTURES / "trade-csl"),
]


@pytest.mark.parametrize(("dataset", "origin"), OTHER_LISTS)
def test_every_list_keeps_its_index_and_a_new_process_never_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dataset: str, origin: Path
) -> None:
    from puente.sanctions import multilist
    from puente.sanctions.lists import index_table, list_info, load_records

    store = open_store(tmp_path / "p.duckdb")
    ingest_source(store, get_source(dataset), origin=str(origin))
    table = table_name(index_table(list_info(dataset).prefix), 1)
    with store.read() as cur:
        kept = load_index(cur, table)
        records = load_records(cur, dataset)
    store.close()
    assert kept is not None
    assert kept.list_version == f"{dataset}@1"
    fresh = ScreeningIndex.build(records, f"{dataset}@1")
    assert dict(kept.parts) == dict(fresh.parts)

    def refuse(*args: object, **kwargs: object) -> ScreeningIndex:
        raise AssertionError("the index was built instead of loaded")

    monkeypatch.setattr(ScreeningIndex, "build", refuse)
    other = open_store(tmp_path / "p.duckdb")  # as another process opens it
    try:
        index, version = multilist.list_index(other, dataset)
        assert version.version == 1
        first = records[0]
        found = index.screen(Query(first.primary_name), limit=3)
        assert found[0].entity_id == first.entity_id
        assert index.primary_name(first.entity_id) == first.primary_name
    finally:
        other.close()


def test_a_list_version_loaded_before_lists_kept_indexes_is_indexed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from puente.sanctions import multilist
    from puente.sanctions.lists import index_table, list_info

    store = open_store(tmp_path / "p.duckdb")
    ingest_source(store, get_source("bis-dpl"), origin=str(LIST_FIXTURES / "bis-dpl"))
    table = table_name(index_table(list_info("bis-dpl").prefix), 1)
    with store.write() as cur:
        cur.execute(f"DROP TABLE {table}")  # as a store loaded before this release has it
    store.close()
    other = open_store(tmp_path / "p.duckdb")
    try:
        index, _ = multilist.list_index(other, "bis-dpl")
        with other.read() as cur:
            kept = load_index(cur, table)
        assert kept is not None  # built once and kept for the next process
        assert dict(kept.parts) == dict(index.parts)
    finally:
        other.close()
