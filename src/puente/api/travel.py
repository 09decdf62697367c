"""/api/travel: posts and "which post serves me", the travel advisory by state and its map,
entry requirements, vaccinations, and one profile per Mexican state."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from puente.api.models.travel import (
    TravelAdvisory,
    TravelChanges,
    TravelCities,
    TravelEntry,
    TravelMap,
    TravelNearest,
    TravelPost,
    TravelPosts,
    TravelServing,
    TravelState,
    TravelStates,
    TravelVaccinations,
)
from puente.api.openapi import ALTERNATIVES_EXTENSION, alternatives
from puente.api.queryparams import KNOWN_PARAMETERS
from puente.api.responses import table_response
from puente.httpdeps import Cursor, Format, Lower
from puente.results import Answer, plain
from puente.trade import freight
from puente.travel import advisory, entry, geo, posts, profile

router = APIRouter(prefix="/api/travel", tags=["travel"], dependencies=[KNOWN_PARAMETERS])
PostType = Annotated[
    Literal["embassy", "consulate_general", "consular_agency"] | None,
    Lower,
    Query(description="embassy, consulate_general or consular_agency"),
]


def flat(payload: dict[str, Any], key: str) -> dict[str, Any]:
    """The payload with each row's nested dicts spread into columns (freshness.status ...),
    for the CSV form; the JSON form is unchanged."""
    rows = []
    for row in payload[key]:
        out: dict[str, Any] = {}
        for name, value in row.items():
            if isinstance(value, dict):
                out.update({f"{name}.{k}": v for k, v in value.items()})
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                out[name] = "; ".join(str(v.get("name") or v.get("code") or v) for v in value)
            else:
                out[name] = value
        rows.append(out)
    return {**payload, key: rows}


def flat_table(result: Answer | dict[str, Any], key: str, fmt: str | None, name: str) -> Response:
    payload: dict[str, Any] = plain(result)
    if fmt and fmt.lower() == "csv":
        payload = flat(payload, key)
    return table_response(payload, key, fmt, name)


@router.get(
    "/states",
    summary="The 32 federal entities with their slugs and ISO codes",
    response_model=TravelStates,
)
def list_states(cur: Cursor, format: Format = None) -> Response:
    return flat_table(profile.states_index(cur), "states", format, "mexican-states")


@router.get(
    "/cities", summary="The cities the look-ups know, with their state", response_model=TravelCities
)
def list_cities(cur: Cursor, format: Format = None) -> Response:
    return flat_table(profile.cities_index(cur), "cities", format, "mexican-cities")


@router.get(
    "/states/{state}",
    summary="One state: advisory, serving post, ports, trade",
    response_model=TravelState,
)
def get_state(cur: Cursor, state: str) -> TravelState:
    return profile.state_profile(cur, state, trade_by_state=freight.by_state)


@router.get(
    "/posts",
    summary="The Embassy, consulates general and consular agencies",
    response_model=TravelPosts,
)
def list_posts(
    cur: Cursor,
    type: PostType = None,
    format: Format = None,
) -> Response:
    return flat_table(posts.posts_overview(cur, type), "posts", format, "us-posts-mexico")


@router.get(
    "/posts/serving",
    summary="Which post serves a Mexican state or city",
    response_model=TravelServing,
    openapi_extra={
        ALTERNATIVES_EXTENSION: alternatives(
            "place", ["state"], ["city"], description="A state, a city, or both"
        )
    },
)
def serving(
    cur: Cursor,
    state: Annotated[str | None, Query(description="A state: Sonora, nuevo leon, MX-CMX")] = None,
    city: Annotated[str | None, Query(description="A city: Mérida, Tijuana")] = None,
) -> TravelServing:
    return posts.serving_post(cur, state=state, city=city)


@router.get(
    "/posts/nearest",
    summary="The posts nearest to a point or a city",
    response_model=TravelNearest,
    openapi_extra={
        ALTERNATIVES_EXTENSION: alternatives(
            "origin", ["near"], ["lat", "lon"], description="A city (near), or a point (lat, lon)"
        )
    },
)
def nearest(
    cur: Cursor,
    near: Annotated[str | None, Query(description="A city name, e.g. Mérida")] = None,
    lat: Annotated[float | None, Query(ge=-90, le=90, description="Latitude")] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180, description="Longitude")] = None,
    limit: Annotated[int, Query(ge=1, le=19)] = 3,
    type: PostType = None,
) -> TravelNearest:
    return posts.nearest_posts(cur, lat=lat, lon=lon, near=near, limit=limit, post_type=type)


@router.get(
    "/posts/{post}",
    summary="One post and the consular agencies under it",
    response_model=TravelPost,
)
def get_post(cur: Cursor, post: str) -> TravelPost:
    return posts.get_post(cur, post)


@router.get(
    "/advisory",
    summary="Every state's advisory level (latest advisory by default)",
    response_model=TravelAdvisory,
)
def get_advisory(
    cur: Cursor,
    date: Annotated[str | None, Query(description="An advisory date, e.g. 2024-09")] = None,
    state: Annotated[str | None, Query(description="Only this state, all advisories")] = None,
    format: Format = None,
) -> Response:
    if state:
        return flat_table(advisory.state_advisory(cur, state), "history", format, "advisory-state")
    return flat_table(advisory.advisory_levels(cur, date), "states", format, "advisory")


@router.get(
    "/advisory/changes", summary="What changed between two advisories", response_model=TravelChanges
)
def get_changes(cur: Cursor, before: str | None = None, after: str | None = None) -> TravelChanges:
    return advisory.advisory_changes(cur, before, after)


@router.get(
    "/advisory/map",
    summary="GeoJSON of the 32 states with their advisory level",
    response_model=TravelMap,
)
def get_map(cur: Cursor, date: str | None = None) -> TravelMap:
    return geo.states_geojson(cur, date)


@router.get(
    "/entry", summary="Entry requirements, with who each applies to", response_model=TravelEntry
)
def get_entry(cur: Cursor, format: Format = None) -> Response:
    return flat_table(entry.entry_requirements(cur), "requirements", format, "entry-requirements")


@router.get(
    "/vaccinations",
    summary="Vaccines and medicines, with who each is for",
    response_model=TravelVaccinations,
)
def get_vaccinations(cur: Cursor, state: str | None = None, format: Format = None) -> Response:
    return flat_table(entry.vaccinations(cur, state), "vaccinations", format, "vaccinations")
