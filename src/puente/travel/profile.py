"""One Mexican state in one place: its advisory, the post that serves it, the consular
agencies in it, the U.S. ports of entry on its border, health notes that name it, and its
trade with the U.S. when the trade part is loaded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import duckdb

from puente.errors import NotFound
from puente.freshness import freshness, stale_limit
from puente.results import Answer, VersionRef, plain
from puente.store import snapshot
from puente.travel.advisory import ADVISORY_DATASET, state_advisory
from puente.travel.entry import VACCINES_DATASET, vaccinations
from puente.travel.places import find_state, list_cities, list_states, resolve_state
from puente.travel.posts import POSTS_DATASET, serving_post
from puente.travel.results import TravelCities, TravelState, TravelStates

PORTS_DATASET = "border-ports"
"""The border package's reference crossings (table port_crossings), when loaded."""


def _loaded(cur: duckdb.DuckDBPyConnection, dataset: str) -> bool:
    return snapshot.current(cur, dataset) is not None


def border_ports(cur: duckdb.DuckDBPyConnection, code: str) -> dict[str, Any]:
    """The U.S. ports of entry whose Mexican side is in the state, from the border
    package's crossings registry."""
    version = snapshot.current(cur, PORTS_DATASET)
    if version is None:
        return {"available": False, "crossings": [], "dataset": None}
    states = list_states(cur)
    rows = cur.execute(
        "SELECT crossing, us_port_name, bts_port_code, us_city, us_state, mexican_city, "
        "mexican_state, latitude, longitude, CAST(as_of AS VARCHAR) FROM port_crossings "
        "ORDER BY us_state, crossing"
    ).fetchall()
    stale = stale_limit()
    crossings = []
    for r in rows:
        state = find_state(states, r[6]) if r[6] else None
        if state is None or state.code != code:
            continue
        crossings.append(
            {
                "crossing": r[0],
                "us_port_name": r[1],
                "port_code": r[2],
                "us_city": r[3],
                "us_state": r[4],
                "mexican_city": r[5],
                "latitude": r[7],
                "longitude": r[8],
                "freshness": freshness(r[9][:10] if r[9] else None, stale),
            }
        )
    return {"available": True, "crossings": crossings, "dataset": version.ref.as_dict()}


class StateTrade(Protocol):
    """U.S. exports by Mexican state of destination, as `puente.trade.freight.by_state`
    returns them (its TradeStates result has these attributes)."""

    year: int
    scope: str
    unit: str
    rows: list[dict[str, Any]]
    version: VersionRef


TradeByState = Callable[[duckdb.DuckDBPyConnection], StateTrade]
"""The interfaces (API, pages, CLI) pass `puente.trade.freight.by_state` in: travel never
imports trade."""


def trade_section(
    cur: duckdb.DuckDBPyConnection, code: str, by_state: TradeByState | None
) -> dict[str, Any]:
    """The state's trade with the U.S. from the trade state breakdown, when one is given and
    its data loaded; otherwise {"available": False} with the reason."""
    if by_state is None:
        return {"available": False, "detail": "no trade state breakdown was given"}
    try:
        data = by_state(cur)
    except NotFound as exc:  # the trade data is not loaded
        return {"available": False, "detail": exc.detail}
    row = next((r for r in data.rows if r.get("iso") == code), None)
    if row is None:
        return {"available": False, "detail": f"no trade figures for {code}"}
    return {
        "available": True,
        "year": data.year,
        "scope": data.scope,
        "unit": data.unit,
        "exports_usd": row.get("exports_usd"),
        "rank": row.get("rank"),
        "share_pct": row.get("share_pct"),
        "states": len(data.rows),
        "dataset": plain(data.version),
    }


def _part(answer: Answer, datasets: list[dict[str, Any]]) -> dict[str, Any]:
    """One service's answer as a part of the profile: its datasets go to the profile's."""
    part = answer.as_json()
    datasets += part.pop("datasets")
    return part


@snapshot.one_read
def state_profile(
    cur: duckdb.DuckDBPyConnection, query: str, trade_by_state: TradeByState | None = None
) -> TravelState:
    """Everything about one state; its trade row comes from `trade_by_state` when given."""
    state = resolve_state(cur, query)
    datasets: list[dict[str, Any]] = []
    advisory = None
    if _loaded(cur, ADVISORY_DATASET):
        advisory = _part(state_advisory(cur, state.code), datasets)
    posts = None
    if _loaded(cur, POSTS_DATASET):
        posts = _part(serving_post(cur, state=state.code), datasets)
    health = None
    if _loaded(cur, VACCINES_DATASET):
        found = vaccinations(cur, state=state.code)
        datasets += found.as_json()["datasets"]
        health = [v for v in found.vaccinations if state.code in v["states"]]
    ports = border_ports(cur, state.code)
    if ports["dataset"]:
        datasets.append(ports["dataset"])
    trade = trade_section(cur, state.code, trade_by_state)
    if trade.get("dataset"):
        datasets.append(trade["dataset"])
    cities = [c.as_dict() for c in list_cities(cur) if c.state_code == state.code]
    unique = {(d["dataset"], d["version"]): d for d in datasets}
    return TravelState(
        state=state.as_dict(),
        advisory=advisory,
        posts=posts,
        state_specific_health=health,
        ports=ports,
        trade=trade,
        cities=cities,
        datasets=list(unique.values()),
    )


@snapshot.one_read
def cities_index(cur: duckdb.DuckDBPyConnection) -> TravelCities:
    """Every city the look-ups know, with its state and approximate coordinates."""
    cities = [c.as_dict() for c in list_cities(cur)]
    return TravelCities(
        cities=cities,
        count=len(cities),
        datasets=[snapshot.require(cur, "mx-states").ref.as_dict()],
    )


@snapshot.one_read
def states_index(cur: duckdb.DuckDBPyConnection) -> TravelStates:
    """All 32 federal entities with their slug and code, for menus and the map."""
    states = list_states(cur)
    version = snapshot.require(cur, "mx-states")
    return TravelStates(
        states=[s.as_dict() for s in states], count=len(states), datasets=[version.ref.as_dict()]
    )
