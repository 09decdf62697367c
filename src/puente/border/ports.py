"""The ports registry: every U.S.–Mexico land port in the crossings data, with its twin city
and crossings from the reference facts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from puente.border.results import BorderPorts
from puente.errors import InvalidInput, NotFound
from puente.store import catalog
from puente.store.memo import by_version

MEXICO_BORDER = "US-Mexico Border"


@dataclass(frozen=True, slots=True)
class Crossing:
    name: str
    mexican_city: str | None
    mexican_state: str | None
    hours: str | None
    notes: str | None
    source: str
    as_of: str


@dataclass(slots=True)
class Port:
    code: str
    name: str
    state: str
    latitude: float | None
    longitude: float | None
    first_period: str
    last_period: str
    mexican_cities: list[str] = field(default_factory=list)
    mexican_states: list[str] = field(default_factory=list)
    crossings: list[Crossing] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def normalize_code(code: str) -> str:
    text = code.strip()
    if not text.isdigit() or len(text) > 4:
        raise InvalidInput(f"port code {code!r} is not valid; expected up to 4 digits, e.g. 2504")
    return text.zfill(4)


def _has_table(cur: duckdb.DuckDBPyConnection, dataset: str) -> bool:
    return catalog.current_version(cur, dataset) is not None


@by_version("border-crossings", "border-ports")
def list_ports(cur: duckdb.DuckDBPyConnection, border: str = MEXICO_BORDER) -> list[Port]:
    """Ports seen in the crossings data for the border, coordinates from their latest rows."""
    catalog.require_current(cur, "border-crossings")
    rows = cur.execute(
        """
        SELECT port_code,
               arg_max(port_name, period), arg_max(state, period),
               arg_max(latitude, period), arg_max(longitude, period),
               strftime(min(period), '%Y-%m'), strftime(max(period), '%Y-%m')
        FROM border_crossings WHERE border = ?
        GROUP BY port_code ORDER BY port_code
        """,
        [border],
    ).fetchall()
    ports = {r[0]: Port(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows}
    if _has_table(cur, "border-ports"):
        _attach_crossings(cur, ports)
    return list(ports.values())


def _attach_crossings(cur: duckdb.DuckDBPyConnection, ports: dict[str, Port]) -> None:
    facts = cur.execute(
        "SELECT bts_port_code, crossing, mexican_city, mexican_state, hours_bwt_2022, notes, "
        "source, strftime(as_of, '%Y-%m-%d') FROM port_crossings ORDER BY crossing"
    ).fetchall()
    for code, name, city, mx_state, hours, notes, source, as_of in facts:
        port = _port_for_crossing(ports, code, name)
        if port is None:
            continue
        port.crossings.append(Crossing(name, city, mx_state, hours, notes, source, as_of))
        if city and city not in port.mexican_cities:
            port.mexican_cities.append(city)
        if mx_state and mx_state not in port.mexican_states:
            port.mexican_states.append(mx_state)


def _port_for_crossing(ports: dict[str, Port], code: str | None, name: str) -> Port | None:
    """The port a reference crossing belongs to: a BTS port named after the dash
    ("El Paso - Ysleta" is BTS port Ysleta), else the port of its code, else one named in it."""
    _, _, detail = name.partition(" - ")
    for port in ports.values():
        if detail and port.name.lower() in detail.lower():
            return port
    if code in ports:
        return ports[code]
    return next((p for p in ports.values() if p.name.lower() in name.lower()), None)


def port_pages(cur: duckdb.DuckDBPyConnection, border: str = MEXICO_BORDER) -> frozenset[str]:
    """The codes /border/ports/{code} has a page for (the ports of the crossings data), none
    when that data is not loaded: other parts link a port only when it is one of these."""
    if not _has_table(cur, "border-crossings"):
        return frozenset()
    return frozenset(port.code for port in list_ports(cur, border))


def get_port(cur: duckdb.DuckDBPyConnection, code: str, border: str = MEXICO_BORDER) -> Port:
    wanted = normalize_code(code)
    for port in list_ports(cur, border):
        if port.code == wanted:
            return port
    raise NotFound(f"no U.S.–Mexico port with code {wanted}")


def registry(cur: duckdb.DuckDBPyConnection) -> BorderPorts:
    """Every port with its registry facts (without the per-crossing detail)."""
    version = catalog.require_current(cur, "border-crossings")
    rows = [p.as_dict() for p in list_ports(cur)]
    for row in rows:
        row.pop("crossings")
    return BorderPorts(ports=rows, version=version.ref.as_dict())
