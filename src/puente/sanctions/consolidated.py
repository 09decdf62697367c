"""OFAC's Consolidated (non-SDN) Sanctions List (dataset `ofac-consolidated`).

Published by OFAC's Sanctions List Service in two forms, both read here as published:

- the legacy CSV set `cons_prim.csv`, `cons_add.csv`, `cons_alt.csv`, `cons_comments.csv`,
  in the SDN list's "dat_spec" layout (no header, `-0- ` for empty, a lone 0x1A at the end),
  so the SDN list's own reader and Remarks parser read it;
- `consolidated.xml` (default namespace of the Sanctions List Service, OFAC's own typo
  `publshInformation`), whose dates of birth, places of birth, nationalities and identity
  documents are structured.

When a snapshot has both, the XML is read (it also carries the weak aliases as names); the
CSV set is the fallback. Elements the parser does not know are ignored.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar
from xml.etree import ElementTree as ET

from puente.errors import SourceError
from puente.ingest.base import FileSpec, LoadContext
from puente.ingest.fetch import decompressed, resolve_locations
from puente.sanctions import csvformat as fmt
from puente.sanctions import model
from puente.sanctions.countrynames import remark_country
from puente.sanctions.lists import Facts, ListSource, ParsedList, tables_of

SLS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
_MIRROR = "sanctions_more/ofac_consolidated/"
_CSV = ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")
_XML = "consolidated.xml"
_TYPES = {
    "individual": "individual",
    "entity": "entity",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
_ALIAS = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka"}
_FACT_IDS = {"gender": "gender", "email address": "email", "website": "website"}


class OfacConsolidatedSource(ListSource):
    name: ClassVar[str] = "ofac-consolidated"
    title: ClassVar[str] = "Consolidated Sanctions List (non-SDN lists)"
    publisher: ClassVar[str] = "U.S. Department of the Treasury, Office of Foreign Assets Control"
    parser_version: ClassVar[str] = "1"
    prefix: ClassVar[str] = "cons"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(_XML, _MIRROR + _XML, SLS + "CONSOLIDATED.XML", required=False),
        *(FileSpec(n, _MIRROR + n, SLS + n.upper(), required=False) for n in _CSV),
    )
    tables: ClassVar[tuple[str, ...]] = tables_of("cons")

    def resolve(self, origin: str | None, mirror: Path | None) -> list[tuple[FileSpec, str]]:
        """consolidated.xml when the folder has it, else the CSV set (cons_prim.csv at
        least); a single file given with --from is taken by its name; with neither --from
        nor a mirror, the XML from the Sanctions List Service."""
        if origin is None and mirror is None:
            return [(self.files[0], self.files[0].url)]
        if origin is not None and origin.startswith(("http://", "https://")):
            spec = next((s for s in self.files if origin.lower().endswith(s.name)), None)
            return [(spec or self.files[0], origin)]
        if origin is not None and Path(origin).is_file():
            spec = next((s for s in self.files if Path(origin).name.lower() == s.name), None)
            return [(spec or self.files[0], origin)]
        found = resolve_locations(self.files, origin, mirror)
        names = {spec.name for spec, _ in found}
        if _XML in names:
            return [(spec, where) for spec, where in found if spec.name == _XML]
        if "cons_prim.csv" not in names:
            raise SourceError(
                "expected consolidated.xml or cons_prim.csv (with cons_add.csv, cons_alt.csv, "
                "cons_comments.csv); found neither",
                file=origin or _MIRROR,
            )
        return found

    def read(self, ctx: LoadContext) -> ParsedList:
        xml = ctx.file(_XML)
        if xml is not None:
            path = decompressed(xml, ctx.workdir)
            parsed = read_xml(path, xml.label)
            parsed.stats["format"] = "xml"
            return parsed
        return read_csv_set(ctx)


def read_csv_set(ctx: LoadContext) -> ParsedList:
    """The legacy CSV set, through the SDN list's reader and Remarks parser."""
    prim = ctx.file("cons_prim.csv")
    if prim is None:
        raise SourceError("expected cons_prim.csv")
    path = decompressed(prim, ctx.workdir)
    entities = model.entities_from_sdn(
        fmt.read_legacy(path, prim.label, fmt.SDN_FIELDS), prim.label
    )
    lacks: list[str] = []
    comments = ctx.file("cons_comments.csv")
    if comments is not None:
        rows = fmt.read_legacy(
            decompressed(comments, ctx.workdir),
            comments.label,
            fmt.COMMENTS_FIELDS,
            require_eof=False,
        )
        model.add_comments(entities, rows, comments.label)
    alt = ctx.file("cons_alt.csv")
    if alt is not None:
        rows = fmt.read_legacy(decompressed(alt, ctx.workdir), alt.label, fmt.ALT_FIELDS)
        model.add_aliases(entities, rows, alt.label)
    else:
        lacks.append("strong aliases (no cons_alt.csv)")
    add = ctx.file("cons_add.csv")
    if add is not None:
        rows = fmt.read_legacy(decompressed(add, ctx.workdir), add.label, fmt.ADD_FIELDS)
        model.add_addresses(entities, rows, add.label)
    else:
        lacks.append("addresses (no cons_add.csv)")
    if not entities:
        raise SourceError("the list has no entries", file=prim.label)
    # Remarks read into facts and weak aliases, as for the SDN list; model.finish also puts
    # the primary name first, so ListSource's own finish must not add it again.
    model.finish(entities)
    for entity in entities.values():
        if entity.names and entity.names[0].kind == "primary":
            entity.names.pop(0)
    return ParsedList(entities, {"format": "legacy"}, lacks)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element) -> dict[str, list[ET.Element]]:
    out: dict[str, list[ET.Element]] = {}
    for child in element:
        out.setdefault(_local(child.tag), []).append(child)
    return out


def _text(element: ET.Element | None, name: str) -> str | None:
    if element is None:
        return None
    for child in element:
        if _local(child.tag) == name:
            value = " ".join((child.text or "").split())
            return value or None
    return None


def _items(element: ET.Element, list_name: str) -> list[ET.Element]:
    for child in element:
        if _local(child.tag) == list_name:
            return list(child)
    return []


def _person_name(element: ET.Element) -> str | None:
    last, first = _text(element, "lastName"), _text(element, "firstName")
    if last and first:
        return f"{last}, {first}"
    return last or first


def read_xml(path: Path, label: str) -> ParsedList:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise SourceError(
            f"not well-formed XML ({exc}); expected OFAC's sdnList XML",
            file=label,
            line=exc.position[0],
        ) from exc
    if _local(root.tag) != "sdnList":
        raise SourceError(
            f"the root element is <{_local(root.tag)}>; expected <sdnList>", file=label
        )
    entities: dict[int, model.Entity] = {}
    published = None
    for index, entry in enumerate(root):
        tag = _local(entry.tag)
        if tag == "publshInformation":
            published = _text(entry, "Publish_Date")
            continue
        if tag != "sdnEntry":
            continue  # elements added by later schema versions
        entity = _entry(entry, label, index)
        if entity.entity_id in entities:
            raise SourceError(
                f"uid {entity.entity_id} appears twice; expected one sdnEntry per uid",
                file=label,
                column="uid",
            )
        entities[entity.entity_id] = entity
    if not entities:
        raise SourceError("the list has no sdnEntry elements", file=label)
    stats: dict[str, object] = {}
    if published:
        stats["publish_date"] = published
    return ParsedList(entities, stats)


def _entry(entry: ET.Element, label: str, index: int) -> model.Entity:
    uid = _text(entry, "uid")
    if uid is None or not uid.isdigit():
        raise SourceError(
            f"sdnEntry number {index} has uid {uid!r}; expected a number", file=label, column="uid"
        )
    name = _person_name(entry)
    if not name:
        raise SourceError(f"uid {uid} has no name", file=label, column="lastName")
    kind = (_text(entry, "sdnType") or "entity").lower()
    if kind not in _TYPES:
        raise SourceError(
            f"uid {uid}: sdnType {kind!r}; expected Individual, Entity, Vessel or Aircraft",
            file=label,
            column="sdnType",
        )
    programs = [p.text.strip() for p in _items(entry, "programList") if p.text and p.text.strip()]
    entity = model.Entity(
        entity_id=int(uid),
        name=name,
        entity_type=_TYPES[kind],
        programs=programs,
        line=index,
        title=_text(entry, "title"),
        remarks=_text(entry, "remarks"),
    )
    facts = Facts()
    for aka in _items(entry, "akaList"):
        alias = _person_name(aka)
        if not alias:
            continue
        alias_type = _ALIAS.get((_text(aka, "type") or "a.k.a.").lower(), "aka")
        if (_text(aka, "category") or "strong").lower() == "weak":
            entity.names.append(model.Name(alias, "weak", alias_type=alias_type))
        else:
            uid_text = _text(aka, "uid")
            entity.names.append(
                model.Name(
                    alias,
                    alias_type,
                    alt_num=int(uid_text) if uid_text and uid_text.isdigit() else None,
                )
            )
    for number, address in enumerate(_items(entry, "addressList")):
        street = ", ".join(p for p in (_text(address, f"address{i}") for i in (1, 2, 3)) if p)
        city = ", ".join(
            p for p in (_text(address, n) for n in ("city", "stateOrProvince", "postalCode")) if p
        )
        country = _text(address, "country")
        address_uid = _text(address, "uid")
        entity.addresses.append(
            model.Address(
                address_id=int(address_uid) if address_uid and address_uid.isdigit() else number,
                address=street or None,
                city=city or None,
                country=country,
                country_code=remark_country(country),
                remarks=None,
            )
        )
    for item in _items(entry, "dateOfBirthList"):
        facts.birth_date(_text(item, "dateOfBirth"))
    for item in _items(entry, "placeOfBirthList"):
        facts.country("pob", _text(item, "placeOfBirth"))
    for item in _items(entry, "nationalityList"):
        facts.country("nationality", _text(item, "country"))
    for item in _items(entry, "citizenshipList"):
        facts.country("citizenship", _text(item, "country"))
    for item in _items(entry, "idList"):
        id_type, id_value = _text(item, "idType"), _text(item, "idNumber")
        fact = _FACT_IDS.get((id_type or "").lower())
        if fact:
            facts.add(fact, id_value)
        elif (id_type or "").endswith((":", " -")):
            facts.add("sanctions_note", f"{id_type} {id_value or ''}".strip())
        else:
            facts.document(
                id_type,
                id_value,
                _text(item, "idCountry"),
                **{
                    k: v
                    for k, v in (
                        ("issued", _text(item, "issueDate")),
                        ("expires", _text(item, "expirationDate")),
                    )
                    if v
                },
            )
    entity.parsed = facts.parsed()
    return entity
