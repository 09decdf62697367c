"""The home page's dashboard: one headline figure per part of the site, live from the same
service calls as that part's own page, and the choices for the three things people come for
(screen a name, the wait at my crossing, the advisory for my state).

A part whose data is not loaded shows as such, never as a zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import duckdb

from puente.border import crossings, waits
from puente.errors import PuenteError
from puente.exchanges import programs
from puente.logs import get_logger
from puente.sanctions import entities
from puente.trade import goods
from puente.trade.partners import MEXICO_CODE
from puente.travel import advisory

log = get_logger(__name__)
T = TypeVar("T")

KINGPIN = "SDNTK"  # the Kingpin Act program on the SDN list


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    name: str


@dataclass(frozen=True, slots=True)
class Figure:
    """One headline figure: `value` is a number (formatted by the template through `kind`),
    `facts` fill the placeholders of the template's sentence for `key`."""

    key: str
    href: str
    value: float | int | None
    kind: str  # "compact", "money", "number", "level"
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Dashboard:
    figures: list[Figure]
    missing: list[Choice]  # the parts whose data is not loaded: path and title
    ports: list[Choice]
    states: list[Choice]


def _tried(section: str, call: Callable[[], T]) -> T | None:
    """The service's answer, or None when its data is not loaded (or cannot answer)."""
    try:
        return call()
    except PuenteError as exc:
        log.info("dashboard.missing", section=section, reason=str(exc))
        return None


def _border(cur: duckdb.DuckDBPyConnection) -> Figure | None:
    s = _tried("/border", lambda: crossings.summary(cur))
    if s is None:
        return None
    return Figure(
        "border", "/border", s.people, "compact",
        {"year": s.year, "per_day": s.people_per_day, "change": s.people_change},
    )  # fmt: skip


def _trade(cur: duckdb.DuckDBPyConnection) -> Figure | None:
    s = _tried("/trade", lambda: goods.summary(cur, None, MEXICO_CODE))
    if s is None:
        return None
    return Figure(
        "trade", "/trade", s.two_way_usd, "money",
        {"year": s.year, "rank": s.two_way_rank, "complete": s.complete},
    )  # fmt: skip


def _sanctions(cur: duckdb.DuckDBPyConnection) -> Figure | None:
    listed = _tried("/sanctions", lambda: entities.search_entities(cur, None, None, None, None, 1))
    if listed is None:
        return None
    kingpin = _tried(
        "/sanctions", lambda: entities.search_entities(cur, None, KINGPIN, "MX", None, 1)
    )
    return Figure(
        "sanctions", "/sanctions", listed.total, "number",
        {"kingpin_mexico": kingpin.total if kingpin else None},
    )  # fmt: skip


def _travel(cur: duckdb.DuckDBPyConnection) -> tuple[Figure | None, list[Choice]]:
    a = _tried("/travel", lambda: advisory.advisory_levels(cur))
    if a is None:
        return None, []
    states = sorted(
        (Choice(s["slug"], s["name"]) for s in a.states), key=lambda c: c.name.casefold()
    )
    do_not_travel = a.levels.get("4", {}).get("states")
    figure = Figure(
        "travel", "/travel", a.country_level, "level",
        {"date": a.advisory_date, "level_4": do_not_travel, "states": len(a.states)},
    )  # fmt: skip
    return figure, states


def _waits(cur: duckdb.DuckDBPyConnection) -> tuple[Figure | None, list[Choice]]:
    w = _tried("/border/waits", lambda: waits.wait_ports(cur))
    if w is None or not w.ports:
        return None, []
    ports = sorted(
        (Choice(p["port_code"], p["port_name"]) for p in w.ports),
        key=lambda c: c.name.casefold(),
    )
    crossings_count = sum(len(p["crossings"]) for p in w.ports)
    figure = Figure("waits", "/border/waits", len(ports), "number", {"crossings": crossings_count})
    return figure, ports


def _exchanges(cur: duckdb.DuckDBPyConnection) -> Figure | None:
    p = _tried("/exchanges", lambda: programs.list_programs(cur))
    if p is None:
        return None
    return Figure("exchanges", "/exchanges", len(p.programs), "number")


def build_dashboard(cur: duckdb.DuckDBPyConnection) -> Dashboard:
    travel, states = _travel(cur)
    wait, ports = _waits(cur)
    parts: list[tuple[Choice, Figure | None]] = [
        (Choice("/border", "Border"), _border(cur)),
        (Choice("/border/waits", "Wait times"), wait),
        (Choice("/trade", "Trade"), _trade(cur)),
        (Choice("/sanctions", "Sanctions"), _sanctions(cur)),
        (Choice("/travel", "Travel"), travel),
        (Choice("/exchanges", "Exchanges"), _exchanges(cur)),
    ]
    figures = [f for _, f in parts if f is not None]
    missing = [part for part, f in parts if f is None]
    return Dashboard(figures=figures, missing=missing, ports=ports, states=states)


def port_choices(cur: duckdb.DuckDBPyConnection) -> list[Choice]:
    """The ports the home page's wait picker offers (those with wait times), by name."""
    return _waits(cur)[1]


def state_choices(cur: duckdb.DuckDBPyConnection) -> list[Choice]:
    """The states the home page's advisory picker offers, by name."""
    return _travel(cur)[1]
