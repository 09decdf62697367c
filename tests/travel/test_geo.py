"""The states GeoJSON (old-style, unaccented names) maps to the 32 federal entities."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from puente.errors import NotFound, SourceError
from puente.travel.geo import states_geojson


def _write(tmp_path: Path, features: list[dict]) -> Path:
    geo = tmp_path / "geo"
    geo.mkdir()
    square = {"type": "Polygon", "coordinates": [[[-100, 20], [-99, 20], [-99, 21], [-100, 20]]]}
    data = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": p, "geometry": square} for p in features],
    }
    (geo / "mexican_states.geojson").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


def test_old_names_map_to_entities(cur: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    mirror = _write(
        tmp_path,
        [
            {"name": "Distrito Federal", "id": "MX-CMX"},
            {"name": "Estado de Mexico"},  # no id: matched by name
            {"name": "Michoacan", "id": "MX-DIF"},  # a stale id: the name still matches
            {"name": "Coahuila de Zaragoza"},
        ],
    )
    result = states_geojson(cur, mirror)
    props = [f["properties"] for f in result["features"]]
    assert [p["name"] for p in props] == [
        "Ciudad de México",
        "Estado de México",
        "Michoacán",
        "Coahuila",
    ]
    assert props[0]["url"] == "/travel/states/ciudad-de-mexico"
    assert props[3]["level"] == 3
    assert props[2]["level"] == 4
    assert props[0]["source_name"] == "Distrito Federal"


def test_an_unknown_feature_is_a_source_error(
    cur: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    mirror = _write(tmp_path, [{"name": "Texas", "id": "US-TX"}])
    with pytest.raises(SourceError, match="Texas"):
        states_geojson(cur, mirror)


def test_no_mirror_is_a_clear_not_found(cur: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="PUENTE_MIRROR"):
        states_geojson(cur, None)
    with pytest.raises(NotFound, match=r"geo/mexican_states\.geojson"):
        states_geojson(cur, tmp_path)


@pytest.mark.integration
def test_the_real_geojson_maps_all_32(cur: duckdb.DuckDBPyConnection, shared_data: Path) -> None:
    result = states_geojson(cur, shared_data)
    codes = [f["properties"]["code"] for f in result["features"]]
    assert len(codes) == 32
    assert len(set(codes)) == 32
    by_source = {
        f["properties"]["source_name"]: f["properties"]["name"] for f in result["features"]
    }
    assert by_source["Distrito Federal"] == "Ciudad de México"
    assert by_source["Estado de Mexico"] == "Estado de México"
    assert by_source["Nuevo Leon"] == "Nuevo León"
    assert all(f["properties"]["level"] in (1, 2, 3, 4) for f in result["features"])
