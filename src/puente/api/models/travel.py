"""Response models of the travel answers (each route's `response_model`)."""

from __future__ import annotations

from typing import Any

from puente.api.models.common import Answer, Rows, VersionRef


class TravelStates(Answer):
    """GET /api/travel/states"""

    states: Rows
    count: int | None
    datasets: list[VersionRef]


class TravelCities(Answer):
    """GET /api/travel/cities"""

    cities: Rows
    count: int | None
    datasets: list[VersionRef]


class TravelState(Answer):
    """GET /api/travel/states/sonora"""

    state: dict[str, Any]
    advisory: dict[str, Any]
    posts: dict[str, Any]
    state_specific_health: list[Any]
    ports: dict[str, Any]
    trade: dict[str, Any]
    cities: Rows
    datasets: list[VersionRef]


class TravelPosts(Answer):
    """GET /api/travel/posts"""

    posts: Rows
    count: int | None
    datasets: list[VersionRef]


class TravelServing(Answer):
    """GET /api/travel/posts/serving"""

    state: dict[str, Any]
    city: Any = None
    state_is_split: bool | None
    resolved: bool | None
    posts: Rows
    agencies_in_state: list[Any]
    datasets: list[VersionRef]


class TravelNearest(Answer):
    """GET /api/travel/posts/nearest"""

    origin: dict[str, Any]
    posts: Rows
    note: str | None
    datasets: list[VersionRef]


class TravelPost(Answer):
    """GET /api/travel/posts/embassy-mexico-city"""

    post: dict[str, Any]
    agencies: Rows
    datasets: list[VersionRef]


class TravelAdvisory(Answer):
    """GET /api/travel/advisory"""

    advisory_date: str | None
    previous_date: str | None
    dates: list[str]
    country_level: int | None
    country_reasons: list[str]
    levels: dict[str, Any]
    freshness: dict[str, Any]
    states: Rows
    datasets: list[VersionRef]


class TravelChanges(Answer):
    """GET /api/travel/advisory/changes"""

    before: str | None
    after: str | None
    level_changes: Rows
    reason_changes: list[Any]
    country: dict[str, Any]
    states_with_unknown_reasons: list[str]
    unchanged: int | float | None
    datasets: list[VersionRef]


class TravelMap(Answer):
    """GET /api/travel/advisory/map"""

    type: str | None
    features: Rows
    advisory_date: str | None
    datasets: list[VersionRef]


class TravelEntry(Answer):
    """GET /api/travel/entry"""

    requirements: Rows
    freshness_summary: dict[str, Any]
    datasets: list[VersionRef]


class TravelVaccinations(Answer):
    """GET /api/travel/vaccinations"""

    state: Any = None
    vaccinations: Rows
    freshness_summary: dict[str, Any]
    note: str | None
    datasets: list[VersionRef]
