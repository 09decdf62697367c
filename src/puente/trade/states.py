"""The 32 federal entities of Mexico, and the names publishers give them.

Publishers spell Mexican states many ways: BTS TransBorder and the UNT state geometry use
old, unaccented names ("Distrito Federal", "Estado de Mexico", "Michoacan"); INEGI uses full
official names ("Coahuila de Zaragoza", "Veracruz de Ignacio de la Llave"); others use ISO
3166-2 codes (MX-CMX) or INEGI's two-digit keys. `resolve_state` maps any of these to one
`FederalEntity`. Since the 2016 reform the Distrito Federal is Ciudad de México (ISO code
changed from MX-DIF to MX-CMX); both names resolve to it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from puente.errors import NotFound


@dataclass(frozen=True, slots=True)
class FederalEntity:
    inegi: str  # INEGI CVE_ENT, "01".."32"
    iso: str  # ISO 3166-2
    name: str  # common name, with accents
    official: str  # official name (INEGI)
    aliases: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, str]:
        return {"inegi": self.inegi, "iso": self.iso, "name": self.name, "official": self.official}


ENTITIES: tuple[FederalEntity, ...] = (
    FederalEntity("01", "MX-AGU", "Aguascalientes", "Aguascalientes", ("Ags",)),
    FederalEntity("02", "MX-BCN", "Baja California", "Baja California", ("BC",)),
    FederalEntity("03", "MX-BCS", "Baja California Sur", "Baja California Sur", ("BCS",)),
    FederalEntity("04", "MX-CAM", "Campeche", "Campeche"),
    FederalEntity("05", "MX-COA", "Coahuila", "Coahuila de Zaragoza"),
    FederalEntity("06", "MX-COL", "Colima", "Colima"),
    FederalEntity("07", "MX-CHP", "Chiapas", "Chiapas"),
    FederalEntity("08", "MX-CHH", "Chihuahua", "Chihuahua"),
    FederalEntity(
        "09",
        "MX-CMX",
        "Ciudad de México",
        "Ciudad de México",
        (
            "Distrito Federal",
            "Mexico City",
            "CDMX",
            "D.F.",
            "DF",
            "MX-DIF",
            "Mexico, D.F.",
            "Federal District",
        ),
    ),
    FederalEntity("10", "MX-DUR", "Durango", "Durango"),
    FederalEntity("11", "MX-GUA", "Guanajuato", "Guanajuato"),
    FederalEntity("12", "MX-GRO", "Guerrero", "Guerrero"),
    FederalEntity("13", "MX-HID", "Hidalgo", "Hidalgo"),
    FederalEntity("14", "MX-JAL", "Jalisco", "Jalisco"),
    FederalEntity(
        "15",
        "MX-MEX",
        "Estado de México",
        "México",
        ("Mexico State", "State of Mexico", "Edomex", "Edo. de Mexico"),
    ),
    FederalEntity("16", "MX-MIC", "Michoacán", "Michoacán de Ocampo"),
    FederalEntity("17", "MX-MOR", "Morelos", "Morelos"),
    FederalEntity("18", "MX-NAY", "Nayarit", "Nayarit"),
    FederalEntity("19", "MX-NLE", "Nuevo León", "Nuevo León"),
    FederalEntity("20", "MX-OAX", "Oaxaca", "Oaxaca"),
    FederalEntity("21", "MX-PUE", "Puebla", "Puebla"),
    FederalEntity("22", "MX-QUE", "Querétaro", "Querétaro", ("Queretaro de Arteaga",)),
    FederalEntity("23", "MX-ROO", "Quintana Roo", "Quintana Roo"),
    FederalEntity("24", "MX-SLP", "San Luis Potosí", "San Luis Potosí"),
    FederalEntity("25", "MX-SIN", "Sinaloa", "Sinaloa"),
    FederalEntity("26", "MX-SON", "Sonora", "Sonora"),
    FederalEntity("27", "MX-TAB", "Tabasco", "Tabasco"),
    FederalEntity("28", "MX-TAM", "Tamaulipas", "Tamaulipas"),
    FederalEntity("29", "MX-TLA", "Tlaxcala", "Tlaxcala"),
    FederalEntity(
        "30", "MX-VER", "Veracruz", "Veracruz de Ignacio de la Llave", ("Veracruz-Llave",)
    ),
    FederalEntity("31", "MX-YUC", "Yucatán", "Yucatán"),
    FederalEntity("32", "MX-ZAC", "Zacatecas", "Zacatecas"),
)


def normalize_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: 'Nuevo León' -> 'nuevo leon'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


@lru_cache(maxsize=1)
def _index() -> dict[str, FederalEntity]:
    index: dict[str, FederalEntity] = {}
    for entity in ENTITIES:
        keys = (
            entity.inegi,
            entity.iso,
            entity.iso.removeprefix("MX-"),
            entity.name,
            entity.official,
            *entity.aliases,
        )
        for key in keys:
            index[normalize_name(key)] = entity
    # "México" alone is the state in INEGI's lists; "Estado de Mexico" is its usual name.
    index[normalize_name("Estado de Mexico")] = index[normalize_name("15")]
    return index


def find_state(text: str) -> FederalEntity | None:
    """The federal entity a name, ISO code or INEGI key stands for, or None."""
    key = normalize_name(text)
    if key.isdigit():
        key = key.zfill(2)
    return _index().get(key)


def resolve_state(text: str) -> FederalEntity:
    """Like find_state, but an unknown name is a NotFound."""
    entity = find_state(text)
    if entity is None:
        raise NotFound(f"{text!r} is not one of Mexico's 32 federal entities")
    return entity
