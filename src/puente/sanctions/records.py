"""What the screening engine knows of a list entry: the contract between the list (parsed and
stored by sanctions.sources) and the engine (sanctions.screening)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ScreeningName:
    text: str
    kind: str
    """primary, aka, fka, nka or weak (OFAC's weak aliases)."""


@dataclass(frozen=True, slots=True)
class ScreeningRecord:
    entity_id: str
    """OFAC's ent_num / uid, as text."""
    entity_type: str
    """individual, entity, vessel or aircraft."""
    names: tuple[ScreeningName, ...]
    programs: tuple[str, ...]
    birth_dates: tuple[str, ...] = ()
    """ISO forms as precise as the list is: "1957-04-04", "1957-04" or "1957"."""
    countries: tuple[str, ...] = ()
    """ISO 3166-1 alpha-2 codes from nationality, citizenship, places of birth and
    addresses: every country the entry is tied to (a query's country that is one of them
    supports a match)."""
    id_numbers: tuple[str, ...] = ()
    """Identity document numbers as listed (matched exactly after normalization)."""
    nationalities: tuple[str, ...] = ()
    """The ISO codes of `countries` that are a nationality or citizenship: the only ones a
    query's country can conflict with."""

    @property
    def primary_name(self) -> str:
        return next((n.text for n in self.names if n.kind == "primary"), self.names[0].text)
