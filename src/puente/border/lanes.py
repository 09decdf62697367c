"""The vocabulary of border wait times: lanes, lane types, weekdays, and which port of entry
each published crossing label belongs to.

CBP Border Wait Times (BWT, bwt.cbp.gov) reports a wait per crossing for three lanes, each
split into lane types. The field names of its historical-averages API read as follows:

| BWT field                  | lane        | lane type | meaning                                  |
|----------------------------|-------------|-----------|------------------------------------------|
| `cv_time_avg`              | commercial  | general   | trucks, standard lanes                   |
| `xcv_time_avg`             | commercial  | fast      | trucks, FAST (Free and Secure Trade)     |
| `pv_time_avg`              | passenger   | general   | cars, standard lanes                     |
| `xpv_time_avg`             | passenger   | sentri    | cars, SENTRI/NEXUS trusted-traveller     |
| `pv_ready_lanes_time_avg`  | passenger   | ready     | cars, Ready Lane (RFID-enabled cards)    |
| `ped_time_avg`             | pedestrian  | general   | on foot, standard lanes                  |
| `ped_ready_lanes_time_avg` | pedestrian  | ready     | on foot, Ready Lane                      |

The "x" prefix marks the expedited (trusted-traveller) lane of a mode. All values are minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from puente.errors import InvalidInput

Lane = Literal["passenger", "pedestrian", "commercial"]
LaneType = Literal["general", "ready", "sentri", "fast"]
LANES: tuple[str, ...] = get_args(Lane)
LANE_TYPES: tuple[str, ...] = get_args(LaneType)
LANE_LABELS: dict[str, str] = {
    "passenger": "Passenger vehicles",
    "pedestrian": "Pedestrians",
    "commercial": "Commercial vehicles",
}
TYPE_LABELS: dict[str, str] = {
    "general": "General lanes",
    "ready": "Ready Lane",
    "sentri": "SENTRI/NEXUS",
    "fast": "FAST",
}
BWT_FIELDS: dict[str, tuple[str, str]] = {
    "cv_time_avg": ("commercial", "general"),
    "xcv_time_avg": ("commercial", "fast"),
    "pv_time_avg": ("passenger", "general"),
    "xpv_time_avg": ("passenger", "sentri"),
    "pv_ready_lanes_time_avg": ("passenger", "ready"),
    "ped_time_avg": ("pedestrian", "general"),
    "ped_ready_lanes_time_avg": ("pedestrian", "ready"),
}

# Weekdays are numbered 0 = Monday … 6 = Sunday everywhere in Puente (Python's convention and
# the one the CBP historical-averages API uses; see docs/decisions/0005-wait-times.md).
WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
_SPANISH_DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def day_names() -> tuple[str, ...]:
    """Every lower-case spelling parse_day reads (monday, mon, lunes, miercoles...)."""
    names: list[str] = []
    for english, spanish in zip(WEEKDAYS, _SPANISH_DAYS, strict=True):
        plain = spanish.replace("é", "e").replace("á", "a")
        names += dict.fromkeys((english.lower(), english.lower()[:3], spanish, plain))
    return tuple(names)


@dataclass(frozen=True, slots=True)
class Site:
    """Where a published crossing label belongs: the crossing of the ports reference table
    (border-ports), its BTS port code and the CBP BWT port number."""

    label: str
    crossing: str
    port_code: str
    port_name: str
    bwt_port_number: str


# The crossings the wait-time files name, as published. Every crossing is a row of
# src/puente/border/data/port_crossings.csv; the port code is the BTS port that reports its
# crossings (Ysleta is BTS port 2401 since March 2020, as puente.border.ports resolves it).
SITES: tuple[Site, ...] = (
    # CBP historical averages (English crossing names as on bwt.cbp.gov)
    Site("San Ysidro", "San Ysidro", "2504", "San Ysidro", "250401"),
    Site(
        "El Paso - Bridge of the Americas (BOTA)",
        "El Paso - Bridge of the Americas (BOTA)",
        "2402",
        "El Paso",
        "240201",
    ),
    Site(
        "El Paso - Paso Del Norte (PDN)",
        "El Paso - Paso Del Norte (PDN)",
        "2402",
        "El Paso",
        "240202",
    ),
    Site("El Paso - Ysleta", "El Paso - Ysleta", "2401", "Ysleta", "240203"),
    Site("El Paso - Stanton DCL", "El Paso - Stanton DCL", "2402", "El Paso", "240204"),
    # Bordify (Spanish names of the Mexican side; northbound waits into the U.S.)
    Site("Garita San Ysidro", "San Ysidro", "2504", "San Ysidro", "250401"),
    Site("Garita Chaparral", "San Ysidro - PedWest", "2504", "San Ysidro", "250407"),
    Site("Garita Otay Mesa", "Otay Mesa - Passenger", "2506", "Otay Mesa", "250601"),
    Site("Garita Tecate", "Tecate", "2505", "Tecate", "250501"),
    Site("Garita Centro", "Calexico - West", "2503", "Calexico", "250302"),
    Site("Garita Nuevo Mexicali", "Calexico - East", "2507", "Calexico East", "250301"),
    Site("Garita Los Algodones", "Andrade", "2502", "Andrade", "250201"),
)


def normalize_label(label: str) -> str:
    """Labels compare with runs of spaces collapsed ("Garita Nuevo  Mexicali" is a typo)."""
    return " ".join(label.split())


SITES_BY_LABEL: dict[str, Site] = {normalize_label(s.label).lower(): s for s in SITES}


def site_for(label: str) -> Site | None:
    return SITES_BY_LABEL.get(normalize_label(label).lower())


def check_lane(lane: str | None) -> str:
    value = (lane or "passenger").strip().lower()
    aliases = dict.fromkeys(("car", "cars", "vehicle", "vehicles", "pv"), "passenger")
    aliases |= dict.fromkeys(("ped", "peds", "pedestrians", "walk", "walking"), "pedestrian")
    aliases |= dict.fromkeys(("truck", "trucks", "cv"), "commercial")
    value = aliases.get(value, value)
    if value not in LANES:
        raise InvalidInput(f"lane {lane!r} is not valid; expected one of: {', '.join(LANES)}")
    return value


def check_lane_type(lane_type: str | None) -> str:
    value = (lane_type or "general").strip().lower().replace(" ", "")
    aliases = {"standard": "general", "readylane": "ready", "nexus": "sentri"}
    value = aliases.get(value, value)
    if value not in LANE_TYPES:
        raise InvalidInput(
            f"lane type {lane_type!r} is not valid; expected one of: {', '.join(LANE_TYPES)}"
        )
    return value


def parse_day(day: str | None) -> int | None:
    """'sunday', 'Sun', 'domingo' -> 6 (0 = Monday); None or '' -> None (every day)."""
    if day is None or not day.strip():
        return None
    text = day.strip().lower()
    for index, (english, spanish) in enumerate(zip(WEEKDAYS, _SPANISH_DAYS, strict=True)):
        plain_spanish = spanish.replace("é", "e").replace("á", "a")
        if text in (english.lower(), english.lower()[:3], spanish, plain_spanish):
            return index
    raise InvalidInput(
        f"day {day!r} is not valid; expected a weekday name such as monday or sun "
        "(Spanish names work too)"
    )


def check_month(month: int | None) -> int | None:
    if month is not None and not 1 <= month <= 12:
        raise InvalidInput(f"month {month} is not valid; expected 1 to 12")
    return month
