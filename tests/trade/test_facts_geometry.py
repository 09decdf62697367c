"""Project data (bilateral facts) and the state outlines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from puente.errors import SourceError
from puente.geo.shapes import _signed_area, state_features
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from puente.trade.facts import list_facts

from .support import FIXTURES


def test_facts_ship_with_the_package(store: Store) -> None:
    report = ingest_source(store, get_source("bilateral-facts"))
    assert report.source.endswith("puente/trade/data/bilateral_facts.csv")
    with store.read() as cur:
        facts = list_facts(cur, topic="trade", metric="goods and services trade (two-way)")
    by_period = {f["period"]: f for f in facts["facts"]}
    assert by_period["2018"]["value_number"] == 678.0
    assert by_period["2018"]["source"].startswith("State Dept fact sheet")
    assert by_period["2018"]["notes"] is None  # empty cell: unknown, not ""
    assert facts["version"]["dataset"] == "bilateral-facts"


def test_facts_text_values_are_kept(store: Store) -> None:
    ingest_source(store, get_source("bilateral-facts"))
    with store.read() as cur:
        ranks = list_facts(cur, topic="trade rank")["facts"]
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


def test_outlines_are_keyed_by_entity(store: Store) -> None:
    ingest_source(
        store,
        get_source("mexico-states-geometry"),
        str(FIXTURES / "mexico-states-geometry" / "mexican_states.geojson"),
    )
    with store.read() as cur:
        features = state_features(cur)["features"]
    names = {f["properties"]["inegi"]: f["properties"]["name"] for f in features}
    assert names == {
        "08": "Chihuahua",
        "09": "Ciudad de México",
        "16": "Michoacán",
        "19": "Nuevo León",
    }


def test_outlines_are_wound_for_d3(store: Store) -> None:
    """The fixture's rings are anticlockwise (RFC 7946); d3 needs clockwise outer rings or
    it draws the whole globe."""
    ingest_source(
        store,
        get_source("mexico-states-geometry"),
        str(FIXTURES / "mexico-states-geometry" / "mexican_states.geojson"),
    )
    with store.read() as cur:
        features = state_features(cur)["features"]
    for feature in features:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for polygon in polygons:
            assert _signed_area(polygon[0]) < 0, feature["properties"]["name"]


def test_outline_with_unknown_name(tmp_path: Path, store: Store) -> None:
    doc = json.loads(
        (FIXTURES / "mexico-states-geometry" / "mexican_states.geojson").read_text(encoding="utf-8")
    )
    doc["features"][1]["properties"] = {"name": "Nuevo Leonx"}
    bad = tmp_path / "mexican_states.geojson"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SourceError, match=r"features\[1\].*Nuevo Leonx.*federal entities"):
        ingest_source(store, get_source("mexico-states-geometry"), str(bad))


def test_outline_not_json(tmp_path: Path, store: Store) -> None:
    bad = tmp_path / "mexican_states.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [\n{,}]}', encoding="utf-8")
    with pytest.raises(SourceError, match="not valid JSON") as caught:
        ingest_source(store, get_source("mexico-states-geometry"), str(bad))
    assert caught.value.line == 2
