"""The UN Security Council Consolidated List (dataset `un-sc-consolidated`), from the XML the
UN publishes (schema https://www.un.org/sc/resources/sc-sanctions.xsd).

`CONSOLIDATED_LIST` (attribute `dateGenerated`) holds `INDIVIDUALS/INDIVIDUAL` and
`ENTITIES/ENTITY`. The UN adds elements over time (`HAS_INTERPOL_LINK` and `INTERPOL_LINK`
in 2026): elements this parser does not know are ignored. Name parts can carry stray spaces
(`<FIRST_NAME> GEDO </FIRST_NAME>`), stripped before they are joined. The entry's id is the
UN's DATAID; its reference number (QDi.283) is kept as a fact. A place of birth is matched to
a country by its COUNTRY element only ("Las Cruces, New Mexico, United States of America" is
the United States).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar
from xml.etree import ElementTree as ET

from puente.errors import SourceError
from puente.ingest.base import FileSpec, LoadContext
from puente.ingest.fetch import decompressed
from puente.sanctions import model
from puente.sanctions.countrynames import remark_country
from puente.sanctions.lists import Facts, ListSource, ParsedList, tables_of

_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_ALIAS_KIND = {"good": "aka", "a.k.a": "aka", "low": "weak", "f.k.a": "fka"}


class UnConsolidatedSource(ListSource):
    name: ClassVar[str] = "un-sc-consolidated"
    title: ClassVar[str] = "United Nations Security Council Consolidated List"
    publisher: ClassVar[str] = "United Nations Security Council"
    parser_version: ClassVar[str] = "1"
    prefix: ClassVar[str] = "un"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            "consolidated.xml",
            "sanctions_more/un/consolidated_2026-05-08.xml",
            "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = tables_of("un")

    def read(self, ctx: LoadContext) -> ParsedList:
        raw = ctx.files[0]
        return read_un(decompressed(raw, ctx.workdir), raw.label)


def _clean(text: str | None) -> str | None:
    value = " ".join((text or "").split())
    return value or None


def _text(element: ET.Element, name: str) -> str | None:
    child = element.find(name)
    return None if child is None else _clean(child.text)


def _values(element: ET.Element, name: str) -> list[str]:
    out = []
    for child in element.findall(name):
        for value in child.findall("VALUE"):
            text = _clean(value.text)
            if text:
                out.append(text)
    return out


def read_un(path: Path, label: str) -> ParsedList:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise SourceError(
            f"not well-formed XML ({exc}); expected the UN's CONSOLIDATED_LIST",
            file=label,
            line=exc.position[0],
        ) from exc
    if root.tag != "CONSOLIDATED_LIST":
        raise SourceError(
            f"the root element is <{root.tag}>; expected <CONSOLIDATED_LIST>", file=label
        )
    entities: dict[int, model.Entity] = {}
    for group, tag, kind in (
        ("INDIVIDUALS", "INDIVIDUAL", "individual"),
        ("ENTITIES", "ENTITY", "entity"),
    ):
        for element in root.findall(f"{group}/{tag}"):
            entity = _record(element, kind, label, len(entities))
            if entity.entity_id in entities:
                raise SourceError(
                    f"DATAID {entity.entity_id} appears twice; expected one record per DATAID",
                    file=label,
                    column="DATAID",
                )
            entities[entity.entity_id] = entity
    if not entities:
        raise SourceError("the list has no INDIVIDUAL or ENTITY records", file=label)
    stats: dict[str, object] = {}
    if root.get("dateGenerated"):
        stats["date_generated"] = root.get("dateGenerated")
    return ParsedList(entities, stats)


def _record(element: ET.Element, kind: str, label: str, index: int) -> model.Entity:
    data_id = _text(element, "DATAID")
    reference = _text(element, "REFERENCE_NUMBER")
    if data_id is None or not data_id.isdigit():
        raise SourceError(
            f"record {index + 1} ({reference or 'no reference'}) has DATAID {data_id!r}; "
            "expected a number",
            file=label,
            column="DATAID",
        )
    name = " ".join(p for p in (_text(element, n) for n in _NAME_PARTS) if p)
    if not name:
        raise SourceError(
            f"DATAID {data_id} ({reference}) has no name", file=label, column="FIRST_NAME"
        )
    program = _text(element, "UN_LIST_TYPE")
    entity = model.Entity(
        entity_id=int(data_id),
        name=name,
        entity_type=kind,
        programs=[program] if program else [],
        line=index + 1,
        title="; ".join(_values(element, "TITLE")) or None,
        remarks=_text(element, "COMMENTS1"),
    )
    facts = Facts()
    facts.add("reference", reference)
    facts.add("listed_on", _text(element, "LISTED_ON"))
    for designation in _values(element, "DESIGNATION"):
        facts.add("designation", designation)
    original = _text(element, "NAME_ORIGINAL_SCRIPT")
    if original:
        entity.names.append(model.Name(original, "aka", remarks="original script"))
    alias_tag = "INDIVIDUAL_ALIAS" if kind == "individual" else "ENTITY_ALIAS"
    for alias in element.findall(alias_tag):
        alias_name = _text(alias, "ALIAS_NAME")
        if not alias_name:
            continue
        quality = (_text(alias, "QUALITY") or "good").lower()
        alias_kind = _ALIAS_KIND.get(quality, "aka")
        entity.names.append(
            model.Name(alias_name, alias_kind, alias_type="aka" if alias_kind == "weak" else None)
        )
    address_tag = "INDIVIDUAL_ADDRESS" if kind == "individual" else "ENTITY_ADDRESS"
    for number, address in enumerate(element.findall(address_tag)):
        street = _text(address, "STREET")
        city = ", ".join(
            p for p in (_text(address, n) for n in ("CITY", "STATE_PROVINCE", "ZIP_CODE")) if p
        )
        country = _text(address, "COUNTRY")
        note = _text(address, "NOTE")
        if not (street or city or country or note):
            continue
        entity.addresses.append(
            model.Address(number, street, city or None, country, remark_country(country), note)
        )
    for value in _values(element, "NATIONALITY"):
        facts.country("nationality", value)
    for birth in element.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        _birth(facts, birth)
    for place in element.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        country = _text(place, "COUNTRY")
        text = ", ".join(
            p for p in (_text(place, n) for n in ("CITY", "STATE_PROVINCE", "COUNTRY")) if p
        )
        if text:
            facts.add("pob", text, remark_country(country))
    for document in element.findall("INDIVIDUAL_DOCUMENT"):
        doc_type = _text(document, "TYPE_OF_DOCUMENT")
        country = _text(document, "ISSUING_COUNTRY") or _text(document, "COUNTRY_OF_ISSUE")
        issued = _text(document, "DATE_OF_ISSUE")
        facts.document(
            doc_type, _text(document, "NUMBER"), country, **({"issued": issued} if issued else {})
        )
    entity.parsed = facts.parsed()
    return entity


def _birth(facts: Facts, birth: ET.Element) -> None:
    date, year = _text(birth, "DATE"), _text(birth, "YEAR")
    low, high = _text(birth, "FROM_YEAR"), _text(birth, "TO_YEAR")
    kind = (_text(birth, "TYPE_OF_DATE") or "").upper()
    if date:
        facts.birth_date(date, date[:10])
    elif year:
        facts.birth_date(f"{kind.lower()} {year}".strip(), year)
    elif low and high:
        facts.birth_date(f"{low} to {high}", f"{low}/{high}")
