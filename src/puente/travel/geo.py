"""The map of Mexico by travel advisory level: the stored state outlines (dataset
`mexico-states-geometry`, keyed by ISO code when loaded, see puente.geo.shapes), each given
its state's page and the advisory level of the chosen advisory."""

from __future__ import annotations

import duckdb

from puente.geo.shapes import state_features
from puente.store import snapshot
from puente.travel.advisory import LEVEL_COLORS, advisory_levels
from puente.travel.places import list_states
from puente.travel.results import TravelMap


@snapshot.one_read
def states_geojson(cur: duckdb.DuckDBPyConnection, date: str | None = None) -> TravelMap:
    """A FeatureCollection whose properties are Puente's: code, name (with accents), the
    outline's own name (source_name), slug, url, and the advisory level of the chosen advisory.
    NotFound (saying how to load it) while the outlines are not loaded."""
    shapes = state_features(cur)
    states = {s.code: s for s in list_states(cur)}
    advice = advisory_levels(cur, date)
    levels = {s["code"]: s for s in advice.states}
    features = []
    for feature in shapes["features"]:
        props = feature["properties"]
        state = states[props["iso"]]
        level = levels.get(state.code, {})
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "code": state.code,
                    "name": state.name,
                    "source_name": props["source_name"],
                    "slug": state.slug,
                    "url": f"/travel/states/{state.slug}",
                    "level": level.get("level"),
                    "level_label": level.get("level_label"),
                    "color": LEVEL_COLORS.get(level.get("level") or 0, "#cccccc"),
                },
            }
        )
    return TravelMap(
        type="FeatureCollection",
        features=features,
        advisory_date=advice.advisory_date,
        datasets=[*advice.datasets, shapes["version"]],
    )
