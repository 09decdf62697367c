"""Seizures beside crossings: CBP's Southwest areas of responsibility mapped to the ports of
entry and states they cover, so that what the Office of Field Operations seizes at the ports
can be set against the people who crossed there (BTS), and against what the Border Patrol
seizes between the ports of the same stretch of border.

The mapping is project data, from CBP's published organisation: each Southwest field office
runs the land ports of its state(s) (San Diego: California; Tucson: Arizona; El Paso: west
Texas and New Mexico; Laredo: south Texas), and each Border Patrol sector covers the stretch of
border around the ports named here. A corridor is one field office with the sectors along its
ports. BTS port codes are those of the Border Crossing Entry Data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from puente.errors import NotFound
from puente.security import figures
from puente.security.results import SecurityCrossings
from puente.store.catalog import current_version, require_current

DRUGS_TABLE = "cbp_drug_seizures"
DRUGS_DATASET = "cbp-drug-seizures"
CROSSINGS_TABLE = "border_crossings"
CROSSINGS_DATASET = "border-crossings"
SOUTHWEST = "Southwest Border"
MEXICO_BORDER = "US-Mexico Border"
OFO = "Office of Field Operations"
USBP = "U.S. Border Patrol"
# BTS measures that count people (not vehicles or containers).
PEOPLE = ("Personal Vehicle Passengers", "Bus Passengers", "Pedestrians", "Train Passengers")
TREND_DRUGS = ("Fentanyl", "Methamphetamine")
MILLION = 1_000_000


@dataclass(frozen=True, slots=True)
class Area:
    """A CBP area of responsibility as the seizure files name it."""

    name: str
    component: str
    corridor: str
    states: tuple[str, ...]
    ports: tuple[str, ...]
    """BTS port codes of the ports of entry it runs (field office) or lies along (sector)."""


AREAS: tuple[Area, ...] = (
    Area("SAN DIEGO FIELD OFFICE", OFO, "San Diego", ("CA",),
         ("2504", "2506", "2505", "2503", "2507", "2502", "2582")),
    Area("TUCSON FIELD OFFICE", OFO, "Tucson", ("AZ",),
         ("2604", "2601", "2603", "2602", "2606", "2608")),
    Area("EL PASO FIELD OFFICE", OFO, "El Paso", ("TX", "NM"),
         ("2402", "2401", "2404", "2403", "2410", "2406", "2408")),
    Area("LAREDO FIELD OFFICE", OFO, "Laredo", ("TX",),
         ("2304", "2303", "2302", "2301", "2305", "2309", "2307", "2310")),
    Area("SAN DIEGO SECTOR", USBP, "San Diego", ("CA",), ("2504", "2506", "2505", "2582")),
    Area("EL CENTRO SECTOR", USBP, "San Diego", ("CA",), ("2503", "2507")),
    Area("YUMA SECTOR", USBP, "Tucson", ("AZ", "CA"), ("2608", "2502")),
    Area("TUCSON SECTOR", USBP, "Tucson", ("AZ",), ("2604", "2601", "2603", "2602", "2606")),
    Area("EL PASO SECTOR", USBP, "El Paso", ("TX", "NM"),
         ("2402", "2401", "2404", "2406", "2408")),
    Area("BIG BEND SECTOR", USBP, "El Paso", ("TX",), ("2403", "2410")),
    Area("DEL RIO SECTOR", USBP, "Laredo", ("TX",), ("2302", "2303")),
    Area("LAREDO SECTOR", USBP, "Laredo", ("TX",), ("2304",)),
    Area("RIO GRANDE VALLEY SECTOR", USBP, "Laredo", ("TX",),
         ("2301", "2305", "2309", "2307", "2310")),
)  # fmt: skip
CORRIDORS: tuple[str, ...] = ("San Diego", "Tucson", "El Paso", "Laredo")
NOTE = (
    "Seizures per million people crossing: what CBP officers seized at the ports of entry of "
    "a field office, over the people BTS counts entering through those ports in the same "
    "months. Border Patrol seizures happen between the ports and have no crossing count."
)


def area(name: str) -> Area | None:
    return next((a for a in AREAS if a.name == name.upper()), None)


def _months(cur: duckdb.DuckDBPyConnection, fiscal_year: int) -> list[str]:
    """Calendar months (YYYY-MM) of the fiscal year that both datasets cover."""
    rows = cur.execute(
        f"SELECT DISTINCT strftime(period, '%Y-%m') FROM {DRUGS_TABLE} "
        f"WHERE fiscal_year = ? AND region = ? INTERSECT "
        f"SELECT DISTINCT strftime(period, '%Y-%m') FROM {CROSSINGS_TABLE} "
        "WHERE border = ? ORDER BY 1",
        [fiscal_year, SOUTHWEST, MEXICO_BORDER],
    ).fetchall()
    return [r[0] for r in rows]


def _default_year(cur: duckdb.DuckDBPyConnection) -> int | None:
    """The latest fiscal year both datasets cover in full, else the latest they share."""
    shared = None
    for year in reversed(figures.fiscal_years(cur, DRUGS_TABLE)):
        months = _months(cur, year)
        if len(months) == 12:
            return year
        if months and shared is None:
            shared = year
    return shared


def _people_by_port(cur: duckdb.DuckDBPyConnection, months: list[str]) -> dict[str, int]:
    rows = cur.execute(
        f"SELECT port_code, sum(value) FROM {CROSSINGS_TABLE} WHERE border = ? "
        "AND list_contains(?, measure) AND list_contains(?, strftime(period, '%Y-%m')) "
        "GROUP BY 1",
        [MEXICO_BORDER, list(PEOPLE), months],
    ).fetchall()
    return {str(code): int(total) for code, total in rows}


def _seized(
    cur: duckdb.DuckDBPyConnection, months: list[str], drug: str | None
) -> dict[tuple[str, str], tuple[float, int]]:
    """(area, drug) -> (lbs, events) in the months."""
    rows = cur.execute(
        f"SELECT area_of_responsibility, drug_type, sum(lbs), sum(events) FROM {DRUGS_TABLE} "
        "WHERE region = ? AND list_contains(?, strftime(period, '%Y-%m')) "
        "AND (? IS NULL OR drug_type = ?) GROUP BY 1, 2",
        [SOUTHWEST, months, drug, drug],
    ).fetchall()
    return {(a, d): (float(lbs), int(events)) for a, d, lbs, events in rows}


def _per_million(value: float, people: int) -> float | None:
    return round(value * MILLION / people, 3) if people else None


def seizures_beside_crossings(
    cur: duckdb.DuckDBPyConnection, fiscal_year: int | None = None, drug: str | None = None
) -> SecurityCrossings:
    """For one fiscal year (default: the latest both datasets cover in full): seizures at the
    ports of each Southwest field office per million people crossing there, seizures at the
    ports against between them in each corridor, the monthly fentanyl and methamphetamine
    trends at and between the ports, and the ports to draw on a map."""
    seizures = require_current(cur, DRUGS_DATASET)
    crossings = require_current(cur, CROSSINGS_DATASET)
    drugs = figures.distinct(cur, DRUGS_TABLE, "drug_type")
    chosen_drug = figures.choose(drug, drugs, "drug type")
    year = fiscal_year if fiscal_year is not None else _default_year(cur)
    months = _months(cur, year) if year is not None else []
    if year is None or not months:
        raise NotFound(
            f"the drug seizures and the border crossings share no month of FY{year}"
            if year is not None
            else "the drug seizures and the border crossings share no month"
        )
    people = _people_by_port(cur, months)
    seized = _seized(cur, months, chosen_drug)
    offices = []
    for a in (a for a in AREAS if a.component == OFO):
        lbs = sum(v[0] for (name, _), v in seized.items() if name == a.name)
        events = sum(v[1] for (name, _), v in seized.items() if name == a.name)
        crossed = sum(people.get(code, 0) for code in a.ports)
        by_drug = {
            d: _per_million(seized.get((a.name, d), (0.0, 0))[0], crossed) for d in TREND_DRUGS
        }
        offices.append(
            {
                "area": a.name,
                "corridor": a.corridor,
                "states": list(a.states),
                "ports": list(a.ports),
                "people_crossing": crossed,
                "lbs": round(lbs, 2),
                "events": events,
                "lbs_per_million": _per_million(lbs, crossed),
                "events_per_million": _per_million(events, crossed),
                "lbs_per_million_by_drug": by_drug,
            }
        )
    corridors = []
    for corridor in CORRIDORS:
        at_ports = [a for a in AREAS if a.corridor == corridor and a.component == OFO]
        between = [a for a in AREAS if a.corridor == corridor and a.component == USBP]
        ports_lbs = sum(v[0] for (n, _), v in seized.items() if n in {a.name for a in at_ports})
        between_lbs = sum(v[0] for (n, _), v in seized.items() if n in {a.name for a in between})
        total = ports_lbs + between_lbs
        corridors.append(
            {
                "corridor": corridor,
                "field_office": at_ports[0].name,
                "sectors": [a.name for a in between],
                "at_ports_lbs": round(ports_lbs, 2),
                "between_ports_lbs": round(between_lbs, 2),
                "share_at_ports": round(ports_lbs / total, 4) if total else None,
            }
        )
    fiscal_months = len(months)
    return SecurityCrossings(
        version=seizures.ref.as_dict(),
        crossings_version=crossings.ref.as_dict(),
        fiscal_year=year,
        months=months,
        complete=fiscal_months == 12,
        drug=chosen_drug,
        drugs=drugs,
        fiscal_years=figures.fiscal_years(cur, DRUGS_TABLE),
        field_offices=offices,
        corridors=corridors,
        ports=_ports(cur, people),
        monthly=_monthly(cur),
        areas=[
            {
                "area": a.name,
                "component": a.component,
                "corridor": a.corridor,
                "states": list(a.states),
                "ports": list(a.ports),
            }
            for a in AREAS
        ],
        notes=[NOTE, figures.FISCAL_NOTE, figures.ENFORCEMENT_NOTE],
    )


def _ports(cur: duckdb.DuckDBPyConnection, people: dict[str, int]) -> list[dict[str, Any]]:
    """Each port on the map: its field office and the people who crossed in the window."""
    office = {code: a for a in AREAS if a.component == OFO for code in a.ports}
    rows = cur.execute(
        f"SELECT port_code, any_value(port_name), any_value(state), any_value(latitude), "
        f"any_value(longitude) FROM {CROSSINGS_TABLE} WHERE border = ? GROUP BY 1 ORDER BY 1",
        [MEXICO_BORDER],
    ).fetchall()
    return [
        {
            "port_code": code,
            "port_name": name,
            "state": state,
            "latitude": lat,
            "longitude": lon,
            "field_office": office[code].corridor if code in office else None,
            "people_crossing": people.get(code, 0),
        }
        for code, name, state, lat, lon in rows
    ]


def _monthly(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Southwest fentanyl and methamphetamine by month, at the ports (OFO) and between them
    (USBP), with the people crossing where BTS has the month."""
    rows = cur.execute(
        f"WITH s AS (SELECT strftime(period, '%Y-%m') AS month, drug_type, "
        f"round(sum(lbs) FILTER (WHERE component = ?), 2) AS at_ports_lbs, "
        f"round(sum(lbs) FILTER (WHERE component = ?), 2) AS between_ports_lbs "
        f"FROM {DRUGS_TABLE} WHERE region = ? AND list_contains(?, drug_type) GROUP BY 1, 2), "
        f"c AS (SELECT strftime(period, '%Y-%m') AS month, sum(value) AS people "
        f"FROM {CROSSINGS_TABLE} WHERE border = ? AND list_contains(?, measure) GROUP BY 1) "
        "SELECT s.month, s.drug_type, coalesce(s.at_ports_lbs, 0), "
        "coalesce(s.between_ports_lbs, 0), c.people FROM s LEFT JOIN c USING (month) "
        "ORDER BY 1, 2",
        [OFO, USBP, SOUTHWEST, list(TREND_DRUGS), MEXICO_BORDER, list(PEOPLE)],
    ).fetchall()
    return [
        {
            "month": month,
            "drug_type": drug,
            "at_ports_lbs": at_ports,
            "between_ports_lbs": between,
            "people_crossing": int(people) if people is not None else None,
            "at_ports_lbs_per_million": (
                _per_million(at_ports, int(people)) if people is not None else None
            ),
        }
        for month, drug, at_ports, between, people in rows
    ]


def crossings_loaded(cur: duckdb.DuckDBPyConnection) -> bool:
    return current_version(cur, CROSSINGS_DATASET) is not None
