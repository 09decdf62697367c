"""The advisory map: the stored state outlines (old-style, unaccented names in the source)
each mapped to its federal entity, its page and its advisory level."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from puente.errors import NotFound, SourceError
from puente.store import Store
from puente.travel.geo import states_geojson
from tests.conftest import load_border_fixture, load_geometry
from tests.travel.helpers import load_travel


def _write(tmp_path: Path, features: list[dict]) -> Path:
    square = {"type": "Polygon", "coordinates": [[[-100, 20], [-99, 20], [-99, 21], [-100, 20]]]}
    data = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": p, "geometry": square} for p in features],
    }
    path = tmp_path / "mexican_states.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def travel(store: Store) -> Store:
    load_border_fixture(store)
    return load_travel(store)


@pytest.fixture
def old_names(travel: Store, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    path = _write(
        tmp_path,
        [
            {"name": "Distrito Federal", "id": "MX-CMX"},
            {"name": "Estado de Mexico"},  # no id: matched by name
            {"name": "Michoacan", "id": "MX-DIF"},  # a stale id: the name still matches
            {"name": "Coahuila de Zaragoza"},
        ],
    )
    load_geometry(travel, path)
    with travel.read() as cur:
        yield cur


def test_old_names_map_to_entities(old_names: duckdb.DuckDBPyConnection) -> None:
    result = states_geojson(old_names)
    props = {f["properties"]["source_name"]: f["properties"] for f in result.features}
    assert {name: p["name"] for name, p in props.items()} == {
        "Distrito Federal": "Ciudad de México",
        "Estado de Mexico": "Estado de México",
        "Michoacan": "Michoacán",
        "Coahuila de Zaragoza": "Coahuila",
    }
    assert props["Distrito Federal"]["url"] == "/travel/states/ciudad-de-mexico"
    assert props["Coahuila de Zaragoza"]["level"] == 3
    assert props["Michoacan"]["level"] == 4
    assert "mexico-states-geometry" in [d.dataset for d in result.datasets]


def test_an_older_advisory_colours_the_map(old_names: duckdb.DuckDBPyConnection) -> None:
    result = states_geojson(old_names, "2024-09")
    coahuila = next(f for f in result.features if f["properties"]["code"] == "MX-COA")
    assert result.advisory_date == "2024-09"
    assert coahuila["properties"]["level"] == 2


def test_an_unknown_feature_is_a_source_error(travel: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, [{"name": "Texas", "id": "US-TX"}])
    with pytest.raises(SourceError, match="Texas"):
        load_geometry(travel, path)


def test_without_the_outlines_it_says_how_to_load_them(travel: Store) -> None:
    with (
        travel.read() as cur,
        pytest.raises(NotFound, match="puente ingest mexico-states-geometry"),
    ):
        states_geojson(cur)


@pytest.mark.integration
def test_the_real_outlines_map_all_32(travel: Store, shared_data: Path) -> None:
    load_geometry(travel, shared_data / "geo" / "mexican_states.geojson")
    with travel.read() as cur:
        result = states_geojson(cur)
    codes = [f["properties"]["code"] for f in result.features]
    assert len(codes) == 32
    assert len(set(codes)) == 32
    by_source = {f["properties"]["source_name"]: f["properties"]["name"] for f in result.features}
    assert by_source["Distrito Federal"] == "Ciudad de México"
    assert by_source["Estado de Mexico"] == "Estado de México"
    assert by_source["Nuevo Leon"] == "Nuevo León"
    assert all(f["properties"]["level"] in (1, 2, 3, 4) for f in result.features)
