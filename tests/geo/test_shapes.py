"""The state outlines: keyed by federal entity, wound for d3, bad files named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from puente.errors import SourceError
from puente.geo.shapes import _signed_area, state_features
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from tests.conftest import GEOMETRY_FIXTURE, load_geometry


def test_outlines_are_keyed_by_entity(store: Store) -> None:
    load_geometry(store)
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
    load_geometry(store)
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
    doc = json.loads(GEOMETRY_FIXTURE.read_text(encoding="utf-8"))
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
