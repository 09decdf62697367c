"""The hand-compiled city-centre coordinates agree with the real state outlines: every city
lies in its own state (or within a few km of its simplified coastline), never in another."""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import pytest

from puente.travel.geo import GEOJSON_PATH
from puente.travel.places import list_cities

Ring = list[list[float]]


def _inside(x: float, y: float, ring: Ring) -> bool:
    hit = False
    for i in range(len(ring)):
        x1, y1 = ring[i]
        x2, y2 = ring[i - 1]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            hit = not hit
    return hit


def _polygons(shared_data: Path) -> dict[str, list[list[Ring]]]:
    data = json.loads((shared_data / GEOJSON_PATH).read_text(encoding="utf-8"))
    out = {}
    for feature in data["features"]:
        geometry = feature["geometry"]
        polys = (
            [geometry["coordinates"]]
            if geometry["type"] == "Polygon"
            else (geometry["coordinates"])
        )
        out[feature["properties"]["id"]] = polys
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
def test_every_city_is_in_its_state(cur: duckdb.DuckDBPyConnection, shared_data: Path) -> None:
    states = _polygons(shared_data)
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
