"""Project data: the bilateral facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.errors import SourceError
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from puente.trade.facts import list_facts


def test_facts_ship_with_the_package(store: Store) -> None:
    report = ingest_source(store, get_source("bilateral-facts"))
    # Provenance names the packaged file, never a path of the server.
    assert report.source == "package:puente.trade/data/bilateral_facts.csv"
    with store.read() as cur:
        facts = list_facts(cur, topic="trade", metric="goods and services trade (two-way)")
    by_period = {f["period"]: f for f in facts.facts}
    assert by_period["2018"]["value_number"] == 678.0
    assert by_period["2018"]["source"].startswith("State Dept fact sheet")
    assert by_period["2018"]["notes"] is None  # empty cell: unknown, not ""
    assert facts.version.dataset == "bilateral-facts"


def test_facts_text_values_are_kept(store: Store) -> None:
    ingest_source(store, get_source("bilateral-facts"))
    with store.read() as cur:
        ranks = list_facts(cur, topic="trade rank").facts
    export_rank = next(f for f in ranks if "export markets" in f["metric"])
    assert export_rank["value"] == "2 (after Canada)"
    assert export_rank["value_number"] is None


def test_facts_without_source_are_rejected(tmp_path: Path, store: Store) -> None:
    bad = tmp_path / "bilateral_facts.csv"
    bad.write_text(
        "topic,metric,value,unit,period,source,notes\n"
        "trade,Two-way,1,USD,2018,State,\ntrade,Exports,2,USD,2018,,\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        ingest_source(store, get_source("bilateral-facts"), str(bad))
    assert (caught.value.line, caught.value.column) == (3, "source")
