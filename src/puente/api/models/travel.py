"""Response models of the travel answers (each route's `response_model`): the travel
services' own typed results (puente.travel.results)."""

from __future__ import annotations

from puente.travel.results import (
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
    TravelStateAdvisory,
    TravelStates,
    TravelVaccinations,
)

__all__ = [
    "TravelAdvisory",
    "TravelChanges",
    "TravelCities",
    "TravelEntry",
    "TravelMap",
    "TravelNearest",
    "TravelPost",
    "TravelPosts",
    "TravelServing",
    "TravelState",
    "TravelStateAdvisory",
    "TravelStates",
    "TravelVaccinations",
]
