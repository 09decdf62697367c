"""The SDN list as Puente models it, built from the rows of OFAC's files.

An Entity has a type (individual, entity, vessel, aircraft), a primary name, aliases (strong
a.k.a./f.k.a./n.k.a. from alt.csv, weak ones from the Remarks), programs, addresses, and the
Remarks read into fields (puente.sanctions.remarks). The builders check what the rows say
against each other (an alias of an unknown entry, a duplicate ent_num) and fail with
SourceError naming file, line and field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from puente.errors import SourceError
from puente.sanctions.countrynames import remark_country
from puente.sanctions.csvformat import Row, parse_int
from puente.sanctions.remarks import ParsedRemarks, parse_remarks

ENTITY_TYPES = ("individual", "entity", "vessel", "aircraft")
ALIAS_TYPES = ("aka", "fka", "nka")


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    kind: str
    """primary, aka, fka, nka or weak."""
    alias_type: str | None = None
    """For weak aliases: aka, fka or nka as the Remarks say."""
    alt_num: int | None = None
    remarks: str | None = None


@dataclass(frozen=True, slots=True)
class Address:
    address_id: int
    address: str | None
    city: str | None
    country: str | None
    country_code: str | None
    remarks: str | None


@dataclass(slots=True)
class Entity:
    entity_id: int
    name: str
    entity_type: str
    programs: list[str]
    line: int
    title: str | None = None
    call_sign: str | None = None
    vessel_type: str | None = None
    tonnage: str | None = None
    grt: str | None = None
    vessel_flag: str | None = None
    vessel_owner: str | None = None
    remarks: str | None = None
    names: list[Name] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    parsed: ParsedRemarks = field(default_factory=ParsedRemarks)
    relations: list[tuple[str, int | None]] = field(default_factory=list)

    def countries(self) -> list[str]:
        """ISO-2 codes of nationality, citizenship, place of birth and addresses."""
        codes = [a.country_code for a in self.addresses if a.country_code]
        for kind in ("nationality", "citizenship", "pob"):
            codes += self.parsed.normalized(kind)
        return sorted(set(codes))

    def nationalities(self) -> list[str]:
        """ISO-2 codes of nationality and citizenship only: the countries a screening's
        country may conflict with (an address or a place of birth may only agree)."""
        codes = self.parsed.normalized("nationality") + self.parsed.normalized("citizenship")
        return sorted(set(codes))

    def birth_dates(self) -> list[str]:
        dates: list[str] = []
        for value in self.parsed.normalized("dob"):
            if "/" in value:
                first, _, last = value.partition("/")
                low, high = first[:4], last[:4]
                if low.isdigit() and high.isdigit() and 0 <= int(high) - int(low) <= 10:
                    dates += [str(y) for y in range(int(low), int(high) + 1)]
            else:
                dates.append(value)
        return list(dict.fromkeys(dates))


@dataclass(slots=True)
class SdnList:
    """One snapshot of the list and what its files could tell."""

    entities: dict[int, Entity]
    files: list[str]
    lacks: list[str] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)


def split_programs(text: str | None) -> list[str]:
    """'SDNTK] [SDNT' (legacy) or 'SDNTK; SDNT' (derived) -> ['SDNTK', 'SDNT']."""
    if not text:
        return []
    parts = re.split(r"\]\s*\[|;", text)
    return [p.strip(" []") for p in parts if p.strip(" []")]


def _entity_type(value: str | None, label: str, line: int, column: str) -> str:
    kind = (value or "entity").strip().lower()
    if kind not in ENTITY_TYPES:
        raise SourceError(
            f"{value!r} is not valid; expected individual, vessel, aircraft or -0- (an entity)",
            file=label,
            line=line,
            column=column,
        )
    return kind


def entities_from_sdn(rows: Iterable[Row], label: str) -> dict[int, Entity]:
    entities: dict[int, Entity] = {}
    for row in rows:
        v = row.values
        entity_id = parse_int(v[0], label, row.line, "ent_num")
        if entity_id in entities:
            raise SourceError(
                f"ent_num {entity_id} appears twice (first on line {entities[entity_id].line}); "
                "expected one record per entry",
                file=label,
                line=row.line,
                column="ent_num",
            )
        if not v[1]:
            raise SourceError(
                "the name is empty; expected the entry's name",
                file=label,
                line=row.line,
                column="SDN_Name",
            )
        entities[entity_id] = Entity(
            entity_id=entity_id,
            name=v[1],
            entity_type=_entity_type(v[2], label, row.line, "SDN_Type"),
            programs=split_programs(v[3]),
            line=row.line,
            title=v[4],
            call_sign=v[5],
            vessel_type=v[6],
            tonnage=v[7],
            grt=v[8],
            vessel_flag=v[9],
            vessel_owner=v[10],
            # Kept as published (not stripped) so that sdn_comments.csv continues it exactly.
            remarks=row.raw[11] if v[11] else None,
        )
    return entities


def add_comments(entities: dict[int, Entity], rows: Iterable[Row], label: str) -> list[int]:
    """sdn_comments.csv continues Remarks cut at 1,000 characters, mid-word if need be;
    returns the entries continued."""
    continued = []
    for row in rows:
        entity_id = parse_int(row.values[0], label, row.line, "ent_num")
        entity = _owner(entities, entity_id, label, row.line)
        if row.values[1]:
            entity.remarks = (entity.remarks or "") + row.raw[1]
            continued.append(entity_id)
    return continued


def _owner(entities: dict[int, Entity], entity_id: int, label: str, line: int) -> Entity:
    entity = entities.get(entity_id)
    if entity is None:
        raise SourceError(
            f"ent_num {entity_id} is not in sdn.csv; expected the ent_num of a listed entry",
            file=label,
            line=line,
            column="ent_num",
        )
    return entity


def add_aliases(
    entities: dict[int, Entity], rows: Iterable[Row], label: str, strict: bool = True
) -> int:
    """alt.csv rows; with strict=False (a file of another snapshot) rows of entries no longer
    listed are skipped and counted."""
    skipped = 0
    for row in rows:
        v = row.values
        entity_id = parse_int(v[0], label, row.line, "ent_num")
        if not strict and entity_id not in entities:
            skipped += 1
            continue
        entity = _owner(entities, entity_id, label, row.line)
        kind = (v[2] or "").lower().replace(".", "")
        if kind not in ALIAS_TYPES:
            raise SourceError(
                f"{v[2]!r} is not valid; expected aka, fka or nka",
                file=label,
                line=row.line,
                column="alt_type",
            )
        if not v[3]:
            raise SourceError(
                "the alias is empty; expected a name", file=label, line=row.line, column="alt_name"
            )
        entity.names.append(
            Name(v[3], kind, alt_num=parse_int(v[1], label, row.line, "alt_num"), remarks=v[4])
        )
    return skipped


def add_addresses(
    entities: dict[int, Entity], rows: Iterable[Row], label: str, strict: bool = True
) -> int:
    skipped = 0
    for row in rows:
        v = row.values
        entity_id = parse_int(v[0], label, row.line, "ent_num")
        if not strict and entity_id not in entities:
            skipped += 1
            continue
        entity = _owner(entities, entity_id, label, row.line)
        entity.addresses.append(
            Address(
                address_id=parse_int(v[1], label, row.line, "Add_num"),
                address=v[2],
                city=v[3],
                country=v[4],
                country_code=remark_country(v[4]),
                remarks=v[5],
            )
        )
    return skipped


def entities_from_derived(rows: Iterable[Row], label: str) -> dict[int, Entity]:
    """The derived ofac-sdn.csv: uid, name, type, programs and '; '-joined alternate names
    (their a.k.a./f.k.a. kind is not given; add_derived_alias_kinds restores it)."""
    entities: dict[int, Entity] = {}
    for row in rows:
        v = row.values
        entity_id = parse_int(v[0], label, row.line, "uid")
        if entity_id in entities:
            raise SourceError(
                f"uid {entity_id} appears twice; expected one row per entry",
                file=label,
                line=row.line,
                column="uid",
            )
        if not v[1]:
            raise SourceError("the name is empty", file=label, line=row.line, column="name")
        entity = Entity(
            entity_id=entity_id,
            name=v[1],
            entity_type=_entity_type(v[2], label, row.line, "type"),
            programs=split_programs(v[3]),
            line=row.line,
        )
        for alias in (v[4] or "").split("; "):
            if alias.strip():
                entity.names.append(Name(alias.strip(), "aka"))
        entities[entity_id] = entity
    return entities


def add_derived_alias_kinds(entities: dict[int, Entity], rows: Iterable[Row], label: str) -> int:
    """Give derived aliases the kind and alt_num alt.csv records for them; returns how many
    alt.csv rows matched."""
    kinds: dict[tuple[int, str], tuple[str, int, str | None]] = {}
    for row in rows:
        v = row.values
        entity_id = parse_int(v[0], label, row.line, "ent_num")
        kind = (v[2] or "").lower().replace(".", "")
        if kind not in ALIAS_TYPES:
            raise SourceError(
                f"{v[2]!r} is not valid; expected aka, fka or nka",
                file=label,
                line=row.line,
                column="alt_type",
            )
        if v[3]:
            alt_num = parse_int(v[1], label, row.line, "alt_num")
            kinds[(entity_id, v[3].upper())] = (kind, alt_num, v[4])
    matched = 0
    for entity in entities.values():
        for index, alias in enumerate(entity.names):
            found = kinds.get((entity.entity_id, alias.name.upper()))
            if found:
                entity.names[index] = Name(alias.name, found[0], alt_num=found[1], remarks=found[2])
                matched += 1
    return matched


def _name_key(name: str) -> str:
    return " ".join(name.upper().rstrip(".").replace(",", " ").split())


def finish(entities: dict[int, Entity]) -> None:
    """Read every entity's Remarks; add weak aliases; resolve "Linked To:" names."""
    by_primary: dict[str, set[int]] = {}
    by_alias: dict[str, set[int]] = {}
    for entity in entities.values():
        entity.parsed = parse_remarks(entity.remarks)
        entity.names.insert(0, Name(entity.name, "primary"))
        for alias in entity.parsed.aliases:
            entity.names.append(Name(alias.name, "weak", alias_type=alias.alias_type))
        by_primary.setdefault(_name_key(entity.name), set()).add(entity.entity_id)
        for name in entity.names[1:]:
            if name.kind != "weak":
                by_alias.setdefault(_name_key(name.name), set()).add(entity.entity_id)
    for entity in entities.values():
        for linked in entity.parsed.linked_to:
            key = _name_key(linked)
            ids = by_primary.get(key) or by_alias.get(key) or set()
            entity.relations.append((linked, next(iter(ids)) if len(ids) == 1 else None))
