"""Outlines of Mexico's 32 federal entities (GeoJSON), for choropleth maps.

The geometry is data, read like any dataset: from the mirror (geo/mexican_states.geojson) or
from where it is published, the UNT TransBorder dashboard repository. Feature names there are
old-style and unaccented ("Distrito Federal", "Michoacan"); each is mapped to its federal
entity (puente.geo.states) and stored with the INEGI and ISO codes, so maps join on codes,
never on spellings.
"""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any, ClassVar

import duckdb

from puente.errors import SourceError
from puente.geo.states import find_state
from puente.ingest.base import FileSpec, LoadContext, LoadResult, Source
from puente.ingest.fetch import check_utf8, decompressed
from puente.store.catalog import require_current
from puente.store.memo import by_version

_URL = (
    "https://raw.githubusercontent.com/unt-clscm/BTS-TransBorder-Dashboard/"
    "4c475bdeeaa71ea9d0f342e14adf27a607030f41/"
    "WebApp/public/data/mexican_states.geojson"
)
_GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in pairwise(ring))


def rewind(geometry: dict[str, Any]) -> dict[str, Any]:
    """Rings wound the way d3/Vega draw them: outer rings clockwise, holes anticlockwise.

    GeoJSON files differ (RFC 7946 asks for the opposite); d3 reads an anticlockwise outer
    ring as "the whole globe except this polygon", which breaks the map's projection fit.
    """

    def fix(polygon: list[list[list[float]]]) -> list[list[list[float]]]:
        return [
            ring if (_signed_area(ring) < 0) == (i == 0) else ring[::-1]
            for i, ring in enumerate(polygon)
        ]

    if geometry["type"] == "Polygon":
        return {**geometry, "coordinates": fix(geometry["coordinates"])}
    return {**geometry, "coordinates": [fix(p) for p in geometry["coordinates"]]}


class MexicoStatesGeometrySource(Source):
    name: ClassVar[str] = "mexico-states-geometry"
    title: ClassVar[str] = "Mexican federal entities, simplified outlines (GeoJSON)"
    publisher: ClassVar[str] = "University of North Texas, BTS TransBorder dashboard"
    official_source: ClassVar[str | None] = (
        "Third-party copy (origin not documented). Official: INEGI Marco Geoestadístico, "
        "https://www.inegi.org.mx/temas/mg/"
    )
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(name="mexican_states.geojson", mirror="geo/mexican_states.geojson", url=_URL),
    )
    tables: ClassVar[tuple[str, ...]] = ("mexico_state_shapes",)

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        raw = ctx.files[0]
        label = raw.label
        plain = decompressed(raw, ctx.workdir)
        check_utf8(plain, label)
        try:
            document = json.loads(plain.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as exc:
            raise SourceError(
                f"not valid JSON ({exc.msg}); expected a GeoJSON FeatureCollection",
                file=label,
                line=exc.lineno,
            ) from exc
        if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
            raise SourceError("expected a GeoJSON FeatureCollection", file=label)
        rows: dict[str, tuple[str, str, str, str, str]] = {}
        for index, feature in enumerate(document.get("features") or []):
            where = f"features[{index}]"
            props = feature.get("properties") or {} if isinstance(feature, dict) else {}
            name = props.get("name")
            entity = find_state(str(name)) if name else None
            if entity is None and props.get("id"):
                entity = find_state(str(props["id"]))
            if entity is None:
                raise SourceError(
                    f"{name!r} is not valid; expected the name of one of "
                    "Mexico's 32 federal entities",
                    file=label,
                    column=where,
                )
            geometry = feature.get("geometry") or {}
            if geometry.get("type") not in _GEOMETRY_TYPES:
                raise SourceError(
                    f"{geometry.get('type')!r} is not valid; expected a Polygon "
                    "or MultiPolygon geometry",
                    file=label,
                    column=where,
                )
            if entity.inegi in rows:
                raise SourceError(
                    f"{name!r} is a second outline of {entity.name}; expected "
                    "one feature per federal entity",
                    file=label,
                    column=where,
                )
            try:
                wound = rewind(geometry)
            except (KeyError, TypeError, ValueError) as exc:
                raise SourceError(
                    "malformed coordinates; expected GeoJSON rings of "
                    "[longitude, latitude] positions",
                    file=label,
                    column=where,
                ) from exc
            rows[entity.inegi] = (
                entity.inegi,
                entity.iso,
                entity.name,
                str(name),
                json.dumps(wound, separators=(",", ":")),
            )
        if not rows:
            raise SourceError("the collection has no features", file=label)
        target = ctx.table("mexico_state_shapes")
        cur.execute(
            f"CREATE TABLE {target} (inegi VARCHAR PRIMARY KEY, iso VARCHAR, "
            "name VARCHAR, source_name VARCHAR, geometry VARCHAR)"
        )
        cur.executemany(f"INSERT INTO {target} VALUES (?, ?, ?, ?, ?)", sorted(rows.values()))
        return LoadResult(rows=len(rows), stats={"entities": len(rows), "missing": 32 - len(rows)})


@by_version(MexicoStatesGeometrySource.name)
def state_features(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the stored outlines, keyed by INEGI and ISO code (the
    outline's own name, often old-style, is kept as source_name). NotFound, saying how to
    load it, while the dataset is not loaded."""
    version = require_current(cur, MexicoStatesGeometrySource.name)
    features = [
        {
            "type": "Feature",
            "id": inegi,
            "properties": {"inegi": inegi, "iso": iso, "name": name, "source_name": source_name},
            "geometry": json.loads(geometry),
        }
        for inegi, iso, name, source_name, geometry in cur.execute(
            "SELECT inegi, iso, name, source_name, geometry FROM mexico_state_shapes ORDER BY inegi"
        ).fetchall()
    ]
    return {"type": "FeatureCollection", "features": features, "version": version.ref.as_dict()}
