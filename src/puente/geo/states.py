"""The 32 federal entities of Mexico, and the names publishers give them.

One table, `data/mexican_states.csv`, is the source of truth: ISO 3166-2 code, INEGI key,
common and official names, URL slug, the old-style aliases publishers still use, capital,
and where the facts come from. Trade maps BTS and INEGI spellings through it, travel loads it
as the `mx-states` dataset, and the state outlines are keyed by it.

Publishers spell Mexican states many ways: BTS TransBorder and the UNT state geometry use
old, unaccented names ("Distrito Federal", "Estado de Mexico", "Michoacan"); INEGI uses full
official names ("Coahuila de Zaragoza", "Veracruz de Ignacio de la Llave"); others use ISO
3166-2 codes (MX-CMX) or INEGI's two-digit keys. `find_state` maps any of these to one
`FederalEntity`. Since the 2016 reform the Distrito Federal is Ciudad de México (ISO code
changed from MX-DIF to MX-CMX); both names resolve to it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from puente.errors import NotFound
from puente.text import fold

STATES_FILE = Path(__file__).with_name("data") / "mexican_states.csv"
"""Shipped in the package; `FileSpec.url` package:puente.geo/data/mexican_states.csv."""

ISO_CODES: tuple[str, ...] = (
    "MX-AGU",
    "MX-BCN",
    "MX-BCS",
    "MX-CAM",
    "MX-CHP",
    "MX-CHH",
    "MX-CMX",
    "MX-COA",
    "MX-COL",
    "MX-DUR",
    "MX-GUA",
    "MX-GRO",
    "MX-HID",
    "MX-JAL",
    "MX-MEX",
    "MX-MIC",
    "MX-MOR",
    "MX-NAY",
    "MX-NLE",
    "MX-OAX",
    "MX-PUE",
    "MX-QUE",
    "MX-ROO",
    "MX-SLP",
    "MX-SIN",
    "MX-SON",
    "MX-TAB",
    "MX-TAM",
    "MX-TLA",
    "MX-VER",
    "MX-YUC",
    "MX-ZAC",
)
"""ISO 3166-2:MX: the 31 states and Ciudad de México (MX-CMX since 2016, formerly MX-DIF).
The standard's list, kept apart from the table so the table is checked against it."""

normalize_name = fold
"""Case-, accent- and punctuation-insensitive key: 'Nuevo León' -> 'nuevo leon'."""


@dataclass(frozen=True, slots=True)
class FederalEntity:
    inegi: str  # INEGI CVE_ENT, "01".."32"
    iso: str  # ISO 3166-2
    name: str  # common name, with accents
    official: str  # official name (INEGI)
    slug: str = ""
    aliases: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, str]:
        return {"inegi": self.inegi, "iso": self.iso, "name": self.name, "official": self.official}

    def spellings(self) -> set[str]:
        """Every folded spelling this entity answers to."""
        names = (
            self.inegi,
            self.iso,
            self.iso.removeprefix("MX-"),
            self.name,
            self.official,
            self.slug,
            *self.aliases,
        )
        return {fold(n) for n in names if n}


def split_aliases(text: str | None) -> tuple[str, ...]:
    """The table's "; "-separated aliases cell as a tuple."""
    return tuple(p.strip() for p in (text or "").split(";") if p.strip())


def _read_entities(path: Path = STATES_FILE) -> tuple[FederalEntity, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    entities = tuple(
        FederalEntity(
            inegi=row["inegi"],
            iso=row["code"],
            name=row["name"],
            official=row["official"],
            slug=row["slug"],
            aliases=split_aliases(row["aliases"]),
        )
        for row in rows
    )
    if sorted(e.iso for e in entities) != sorted(ISO_CODES):
        raise ValueError(f"{path} must list each of the 32 ISO 3166-2:MX codes once")
    if sorted(e.inegi for e in entities) != [f"{n:02d}" for n in range(1, 33)]:
        raise ValueError(f"{path} must list each INEGI key 01..32 once")
    return entities


ENTITIES: tuple[FederalEntity, ...] = _read_entities()


@lru_cache(maxsize=1)
def _index() -> dict[str, FederalEntity]:
    index: dict[str, FederalEntity] = {}
    for entity in ENTITIES:
        for key in entity.spellings():
            if index.setdefault(key, entity) is not entity:
                raise ValueError(f"{key!r} names both {index[key].name} and {entity.name}")
    return index


def find_state(text: str) -> FederalEntity | None:
    """The federal entity a name, alias, slug, ISO code or INEGI key stands for, or None."""
    key = fold(text)
    if key.isdigit():
        key = key.zfill(2)
    return _index().get(key)


def resolve_state(text: str) -> FederalEntity:
    """Like find_state, but an unknown name is a NotFound."""
    entity = find_state(text)
    if entity is None:
        raise NotFound(f"{text!r} is not one of Mexico's 32 federal entities")
    return entity
