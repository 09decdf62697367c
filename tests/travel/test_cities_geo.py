"""The hand-compiled city-centre coordinates agree with the real state outlines: every city
lies in its own state (or within a few km of its simplified coastline), never in another."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest

from puente.geo.shapes import state_features
from puente.store import open_store
from puente.travel.places import list_cities
from tests.conftest import load_geometry

Ring = list[list[float]]


def _inside(x: float, y: float, ring: Ring) -> bool:
    hit = False
    for i in range(len(ring)):
        x1, y1 = ring[i]
        x2, y2 = ring[i - 1]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            hit = not hit
    return hit


def _polygons(shared_data: Path, tmp_path: Path) -> dict[str, list[list[Ring]]]:
    """The real outlines, as the maps read them: loaded from the mirror into a store."""
    store = open_store(tmp_path / "shapes.duckdb")
    try:
        load_geometry(store, shared_data / "geo" / "mexican_states.geojson")
        with store.read() as cur:
            data = state_features(cur)
    finally:
        store.close()
    out = {}
    for feature in data["features"]:
        geometry = feature["geometry"]
        polys = (
            [geometry["coordinates"]]
            if geometry["type"] == "Polygon"
            else (geometry["coordinates"])
        )
        out[feature["properties"]["iso"]] = polys
    return out


def _in(polys: list[list[Ring]], x: float, y: float) -> bool:
    return any(_inside(x, y, p[0]) and not any(_inside(x, y, h) for h in p[1:]) for p in polys)


def _km_to_edge(polys: list[list[Ring]], x: float, y: float) -> float:
    scale = math.cos(math.radians(y)) * 111.2
    return min(
        math.hypot((px - x) * scale, (py - y) * 111.2)
        for p in polys
        for ring in p
        for px, py in ring
    )


@pytest.mark.integration
def test_every_city_is_in_its_state(
    cur: duckdb.DuckDBPyConnection, shared_data: Path, tmp_path: Path
) -> None:
    states = _polygons(shared_data, tmp_path)
    for city in list_cities(cur):
        assert city.latitude is not None
        assert city.longitude is not None
        x, y = city.longitude, city.latitude
        others = [
            code for code, polys in states.items() if code != city.state_code and _in(polys, x, y)
        ]
        assert others == [], f"{city.name} lies in {others}"
        if not _in(states[city.state_code], x, y):
            assert _km_to_edge(states[city.state_code], x, y) < 5, city.name
