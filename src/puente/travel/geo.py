"""The map of Mexico: the states GeoJSON from the mirror (names there are old-style and
unaccented, e.g. "Distrito Federal", "Estado de Mexico"), each feature mapped to its federal
entity and given its advisory level. The GeoJSON is data: it is read from the mirror, never
copied into the package."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from puente.errors import NotFound, SourceError
from puente.travel import snapshot
from puente.travel.advisory import LEVEL_COLORS, advisory_levels
from puente.travel.places import State, find_state, list_states

GEOJSON_PATH = "geo/mexican_states.geojson"


def geojson_file(mirror: Path | None) -> Path:
    if mirror is None:
        raise NotFound("the map needs the data mirror; set PUENTE_MIRROR to the shared data folder")
    path = Path(mirror) / GEOJSON_PATH
    if not path.is_file():
        raise NotFound(f"no states map at {path}; expected {GEOJSON_PATH} under the mirror")
    return path


def match_feature(states: list[State], properties: dict[str, Any]) -> State | None:
    """A feature's entity: by its ISO id (MX-CMX) first, then by its name."""
    ident = str(properties.get("id") or "")
    by_code = next((s for s in states if s.code == ident), None)
    if by_code is not None:
        return by_code
    name = str(properties.get("name") or "")
    return find_state(states, name) if name else None


@snapshot.one_read
def states_geojson(
    cur: duckdb.DuckDBPyConnection, mirror: Path | None, date: str | None = None
) -> dict[str, Any]:
    """The GeoJSON with each feature's properties replaced by Puente's: code, name (with
    accents), slug, url, and the advisory level of the chosen advisory."""
    path = geojson_file(mirror)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"not readable GeoJSON ({exc})", file=str(path)) from exc
    states = list_states(cur)
    levels = {s["code"]: s for s in advisory_levels(cur, date)["states"]}
    features = []
    for number, feature in enumerate(data.get("features", []), start=1):
        props = feature.get("properties") or {}
        state = match_feature(states, props)
        if state is None:
            raise SourceError(
                f"feature {props.get('name')!r} (id {props.get('id')!r}) is not one of the 32 "
                "federal entities",
                file=str(path),
                line=None,
                column=f"features[{number}]",
            )
        level = levels.get(state.code, {})
        features.append(
            {
                "type": "Feature",
                "geometry": feature.get("geometry"),
                "properties": {
                    "code": state.code,
                    "name": state.name,
                    "source_name": props.get("name"),
                    "slug": state.slug,
                    "url": f"/travel/states/{state.slug}",
                    "level": level.get("level"),
                    "level_label": level.get("level_label"),
                    "color": LEVEL_COLORS.get(level.get("level") or 0, "#cccccc"),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
