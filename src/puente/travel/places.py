"""Mexico's 32 federal entities and the cities Puente knows: look-ups by any spelling
(accents, case, old names such as "Distrito Federal" or "Coahuila de Zaragoza", ISO codes,
INEGI keys, slugs) and helpful errors with suggestions.

The states are the `mx-states` dataset, loaded from the one table of federal entities
(puente.geo.states); a spelling is resolved by that table's index, so travel and trade agree
on every name."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

import duckdb

from puente.errors import NotFound
from puente.geo import states as entities
from puente.store import snapshot
from puente.text import fold, suggest

STATES_DATASET = "mx-states"


def not_found_message(kind: str, query: str, suggestions: list[str]) -> str:
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    return f"no Mexican {kind} called {query!r}{hint}"


class UnknownPlace(NotFound):
    """A state or city that matches nothing; carries the closest names."""

    def __init__(self, kind: str, query: str, suggestions: list[str], hint: str = "") -> None:
        super().__init__(not_found_message(kind, query, suggestions) + hint)
        self.kind = kind
        self.query = query
        self.suggestions = suggestions


@dataclass(frozen=True, slots=True)
class State:
    code: str
    inegi: str
    name: str
    official: str
    slug: str
    capital: str | None
    entity_type: str
    source: str
    as_of: str | None
    aliases: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["aliases"] = list(self.aliases)
        return data


@dataclass(frozen=True, slots=True)
class City:
    name: str
    state_code: str
    state_name: str
    municipality: str | None
    latitude: float | None
    longitude: float | None
    coord_source: str | None
    aliases: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["aliases"] = list(self.aliases)
        return data

    def spellings(self) -> set[str]:
        return {fold(n) for n in (self.name, *self.aliases) if n}


def list_states(cur: duckdb.DuckDBPyConnection) -> list[State]:
    return snapshot.memo(
        cur,
        "states",
        lambda: _read(
            cur,
            State,
            "SELECT code, inegi, name, official, slug, capital, entity_type, source, as_of, "
            "aliases FROM mx_states ORDER BY name",
        ),
    )


def list_cities(cur: duckdb.DuckDBPyConnection) -> list[City]:
    return snapshot.memo(
        cur,
        "cities",
        lambda: _read(
            cur,
            City,
            "SELECT c.city AS name, c.state_code, s.name AS state_name, c.municipality, "
            "c.latitude, c.longitude, c.coord_source, c.aliases "
            "FROM mx_cities c JOIN mx_states s ON s.code = c.state_code ORDER BY c.city",
        ),
    )


PlaceT = TypeVar("PlaceT", State, City)


def _read(cur: duckdb.DuckDBPyConnection, kind: type[PlaceT], sql: str) -> list[PlaceT]:
    """The rows of `sql` (columns named as the dataclass's fields) as places."""
    snapshot.require(cur, STATES_DATASET)
    result = cur.execute(sql)
    names = [d[0] for d in result.description]
    places = []
    for values in result.fetchall():
        row = dict(zip(names, values, strict=True))
        row["aliases"] = entities.split_aliases(row["aliases"])
        places.append(kind(**row))
    return places


def find_state(states: list[State], query: str) -> State | None:
    """The loaded state a spelling stands for (any name puente.geo.states knows)."""
    entity = entities.find_state(query)
    if entity is None:
        return None
    return next((s for s in states if s.code == entity.iso), None)


@snapshot.one_read
def resolve_state(cur: duckdb.DuckDBPyConnection, query: str) -> State:
    """The state a name, alias, slug or ISO code means; UnknownPlace with suggestions."""
    states = list_states(cur)
    found = find_state(states, query)
    if found is None:
        raise UnknownPlace("state", query, _suggest_states(states, query))
    return found


def _suggest_states(states: list[State], query: str) -> list[str]:
    """Close state names; an old or long name that is close suggests its state's name."""
    owner: dict[str, str] = {}
    for state in states:
        owner.setdefault(state.name, state.name)
        for alias in state.aliases:
            if not alias.isupper():  # abbreviations (TAMPS, QROO) make poor suggestions
                owner.setdefault(alias, state.name)
    shown: list[str] = []
    for name in suggest(query, list(owner), n=5):
        if owner[name] not in shown:
            shown.append(owner[name])
    return shown[:3]


@snapshot.one_read
def resolve_city(cur: duckdb.DuckDBPyConnection, query: str) -> City:
    """A city by name or alias; "Nogales, Sonora" narrows by state. UnknownPlace otherwise."""
    cities = list_cities(cur)
    name, _, state_part = query.partition(",")
    candidates = [c for c in cities if fold(name) in c.spellings()]
    if state_part.strip():
        state = resolve_state(cur, state_part)
        candidates = [c for c in candidates if c.state_code == state.code]
    if not candidates:
        names = [c.name for c in cities] + [a for c in cities for a in c.aliases]
        raise UnknownPlace(
            "city",
            query,
            suggest(name, names),
            f" (Puente knows {len(cities)} cities; ask by state instead if yours is not one)",
        )
    return candidates[0]


def state_version(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    return snapshot.require(cur, STATES_DATASET).ref.as_dict()
