"""The typed results of the travel services (advisory, posts, entry, state profiles): what
the API sends (each route's `response_model`), the pages read and the CLI prints."""

from __future__ import annotations

from typing import Any, Literal

from puente.results import Answer, Rows, VersionRef


class TravelStates(Answer):
    """GET /api/travel/states"""

    states: Rows
    count: int
    datasets: list[VersionRef]


class TravelCities(Answer):
    """GET /api/travel/cities"""

    cities: Rows
    count: int
    datasets: list[VersionRef]


class TravelState(Answer):
    """GET /api/travel/states/sonora: each part is None (or says it is not available)
    while its data is not loaded."""

    state: dict[str, Any]
    advisory: dict[str, Any] | None
    posts: dict[str, Any] | None
    state_specific_health: Rows | None
    ports: dict[str, Any]
    trade: dict[str, Any]
    cities: Rows
    datasets: list[VersionRef]


class TravelPosts(Answer):
    """GET /api/travel/posts"""

    posts: Rows
    count: int
    datasets: list[VersionRef]


class TravelServing(Answer):
    """GET /api/travel/posts/serving"""

    state: dict[str, Any]
    city: dict[str, Any] | None
    state_is_split: bool
    resolved: bool
    posts: Rows
    agencies_in_state: Rows
    datasets: list[VersionRef]


class TravelNearest(Answer):
    """GET /api/travel/posts/nearest"""

    origin: dict[str, Any]
    posts: Rows
    note: str
    datasets: list[VersionRef]


class TravelPost(Answer):
    """GET /api/travel/posts/embassy-mexico-city"""

    post: dict[str, Any]
    agencies: Rows
    datasets: list[VersionRef]


class TravelAdvisory(Answer):
    """GET /api/travel/advisory"""

    advisory_date: str
    previous_date: str | None
    dates: list[str]
    country_level: int | None
    country_reasons: list[str] | None
    levels: dict[str, Any]
    freshness: dict[str, Any] | None
    states: Rows
    datasets: list[VersionRef]


class TravelStateAdvisory(Answer):
    """GET /api/travel/advisory?state=sonora: one state in every advisory, newest first."""

    state: dict[str, Any]
    current: dict[str, Any] | None
    previous: dict[str, Any] | None
    change: int | None
    history: Rows
    datasets: list[VersionRef]


class TravelChanges(Answer):
    """GET /api/travel/advisory/changes"""

    before: str
    after: str
    level_changes: Rows
    reason_changes: Rows
    country: dict[str, Any]
    states_with_unknown_reasons: list[str]
    unchanged: int
    datasets: list[VersionRef]


class TravelMap(Answer):
    """GET /api/travel/advisory/map: a GeoJSON FeatureCollection."""

    type: Literal["FeatureCollection"]
    features: Rows
    advisory_date: str
    datasets: list[VersionRef]


class TravelEntry(Answer):
    """GET /api/travel/entry"""

    requirements: Rows
    freshness_summary: dict[str, Any]
    datasets: list[VersionRef]


class TravelVaccinations(Answer):
    """GET /api/travel/vaccinations"""

    state: dict[str, Any] | None
    vaccinations: Rows
    freshness_summary: dict[str, Any]
    note: str
    datasets: list[VersionRef]
