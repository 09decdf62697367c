"""Export-control lists: the BIS Denied Persons List (dataset `bis-dpl`) and trade.gov's
Consolidated Screening List CSV (dataset `trade-csl`), read as published.

DPL (https://www.bis.doc.gov/dpl/dpl.txt): a header row, tab-separated, every field
double-quoted; columns Name, Street_Address, City, State, Country (ISO-2, often empty),
Postal_Code, Effective_Date and Expiration_Date (MM/DD/YYYY), Standard_Order, Last_Update
(YYYY-MM-DD), Action, FR_Citation. It has no ids and no entry type: an entry is identified by
its name, effective date and Federal Register citation (rows of the same order add addresses),
and is a company when its name carries a company form (INC, LLC, S.A. DE C.V., ...), else a
person.

CSL (https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv):
the 2024+ header of 29 columns; `addresses`, `alt_names`, `ids`, `citizenships`,
`nationalities`, `dates_of_birth`, `places_of_birth` are `; `-joined; an address ends with
an ISO-2 country code; `source` is the long name of the source list.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import ClassVar

from puente.errors import SourceError
from puente.ingest.base import FileSpec, LoadContext, RawFile
from puente.ingest.fetch import decompressed
from puente.sanctions import model
from puente.sanctions.countrynames import remark_country
from puente.sanctions.lists import Facts, ListSource, ParsedList, split_joined, stable_id, tables_of

DPL_COLUMNS = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
)
CSL_COLUMNS = (
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
)
_COMPANY = re.compile(
    r"\b(INC|INCORPORATED|LLC|L\.L\.C|LTD|LIMITED|CORP|CORPORATION|CO|COMPANY|GMBH|AG|"
    r"S\.?\s?A|S\.?\s?DE\s?R\.?L|S\.?\s?A\.?\s?DE\s?C\.?\s?V|SRL|BV|NV|PLC|LLP|LP|"
    r"ENTERPRISES?|INDUSTRIES|INTERNATIONAL|TRADING|GROUP|SERVICES|ELECTRONICS|TECHNOLOGY)\b\.?",
    re.IGNORECASE,
)
_SOURCE_ABBREV = re.compile(r"\(([A-Z]{2,5})\)")
_TYPES = {
    "individual": "individual",
    "entity": "entity",
    "vessel": "vessel",
    "aircraft": "aircraft",
}


def _read_text(raw: RawFile, workdir: Path) -> str:
    data = decompressed(raw, workdir).read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Older DPL files are Windows-1252.
        return data.decode("cp1252", errors="replace")


def _check_header(header: list[str], expected: tuple[str, ...], label: str) -> None:
    if tuple(h.strip() for h in header) != expected:
        missing = [c for c in expected if c not in header]
        raise SourceError(
            f"unexpected header ({len(header)} columns"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + f"); expected {len(expected)} columns: {', '.join(expected)}",
            file=label,
            line=1,
        )


def _us_date(text: str | None, label: str, line: int, column: str) -> str | None:
    if not text:
        return None
    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
    if not found:
        raise SourceError(
            f"{text!r} is not a date; expected MM/DD/YYYY", file=label, line=line, column=column
        )
    return f"{found.group(3)}-{int(found.group(1)):02d}-{int(found.group(2)):02d}"


class BisDplSource(ListSource):
    name: ClassVar[str] = "bis-dpl"
    title: ClassVar[str] = "Denied Persons List"
    publisher: ClassVar[str] = "U.S. Department of Commerce, Bureau of Industry and Security"
    parser_version: ClassVar[str] = "1"
    prefix: ClassVar[str] = "dpl"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            "dpl.txt", "sanctions_more/csl/dpl_2022-09.txt", "https://www.bis.doc.gov/dpl/dpl.txt"
        ),
    )
    tables: ClassVar[tuple[str, ...]] = tables_of("dpl")

    def read(self, ctx: LoadContext) -> ParsedList:
        raw = ctx.files[0]
        return read_dpl(_read_text(raw, ctx.workdir), raw.label)


def read_dpl(text: str, label: str) -> ParsedList:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    header = next(reader, None)
    if header is None:
        raise SourceError("the file is empty; expected the DPL header row", file=label)
    _check_header(header, DPL_COLUMNS, label)
    entities: dict[int, model.Entity] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(DPL_COLUMNS):
            raise SourceError(
                f"{len(row)} fields; expected {len(DPL_COLUMNS)} tab-separated fields",
                file=label,
                line=line,
            )
        v = dict(zip(DPL_COLUMNS, (" ".join(c.split()) for c in row), strict=True))
        if not v["Name"]:
            raise SourceError("the name is empty", file=label, line=line, column="Name")
        effective = _us_date(v["Effective_Date"], label, line, "Effective_Date")
        expires = _us_date(v["Expiration_Date"], label, line, "Expiration_Date")
        entity_id = stable_id(v["Name"], effective, v["FR_Citation"])
        country = v["Country"] or None
        city = ", ".join(p for p in (v["City"], v["State"], v["Postal_Code"]) if p)
        address = model.Address(
            0,
            v["Street_Address"] or None,
            city or None,
            country,
            remark_country(country) if country else None,
            None,
        )
        held = entities.get(entity_id)
        if held is not None:
            # One order, several rows: an address added later (or the same row twice).
            known = {(a.address, a.city, a.country) for a in held.addresses}
            if (address.address, address.city, address.country) not in known:
                held.addresses.append(
                    model.Address(
                        len(held.addresses),
                        address.address,
                        address.city,
                        address.country,
                        address.country_code,
                        None,
                    )
                )
            continue
        kind = "entity" if _COMPANY.search(v["Name"]) else "individual"
        entity = model.Entity(
            entity_id=entity_id,
            name=v["Name"],
            entity_type=kind,
            programs=["DPL"],
            line=line,
            remarks=v["Action"] or None,
        )
        entity.addresses.append(address)
        facts = Facts()
        facts.add("effective_date", effective)
        facts.add("expiration_date", expires)
        facts.add("standard_order", v["Standard_Order"])
        facts.add("last_update", v["Last_Update"])
        facts.add("federal_register", v["FR_Citation"])
        entity.parsed = facts.parsed()
        entities[entity_id] = entity
    if not entities:
        raise SourceError("the list has no entries", file=label)
    return ParsedList(entities, {"format": "dpl.txt"})


class TradeCslSource(ListSource):
    name: ClassVar[str] = "trade-csl"
    title: ClassVar[str] = "Consolidated Screening List"
    publisher: ClassVar[str] = "U.S. Department of Commerce, International Trade Administration"
    parser_version: ClassVar[str] = "1"
    prefix: ClassVar[str] = "csl"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            "consolidated.csv",
            # The mirror holds only a 13-row sample; the full list comes from trade.gov.
            "sanctions_more/csl/consolidated.csv",
            "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = tables_of("csl")

    def resolve(self, origin: str | None, mirror: Path | None) -> list[tuple[FileSpec, str]]:
        spec = self.files[0]
        if origin is None and mirror is not None and not (mirror / spec.mirror).is_file():
            return [(spec, spec.url)]
        return super().resolve(origin, mirror)

    def read(self, ctx: LoadContext) -> ParsedList:
        raw = ctx.files[0]
        return read_csl(_read_text(raw, ctx.workdir), raw.label)


def _csl_address(text: str, number: int) -> model.Address:
    parts = [p.strip() for p in text.split(",")]
    code = parts[-1] if len(parts[-1]) == 2 and parts[-1].isupper() else None
    country = remark_country(code) if code else remark_country(parts[-1])
    body = parts[:-1] if code else parts
    return model.Address(
        number,
        ", ".join(body[:-1]) or None if len(body) > 1 else None,
        body[-1] if body else None,
        code or (parts[-1] if country else None),
        country,
        None,
    )


def read_csl(text: str, label: str) -> ParsedList:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise SourceError("the file is empty; expected the CSL header row", file=label)
    _check_header(header, CSL_COLUMNS, label)
    entities: dict[int, model.Entity] = {}
    sources: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(CSL_COLUMNS):
            raise SourceError(
                f"{len(row)} fields; expected {len(CSL_COLUMNS)}", file=label, line=line
            )
        v = dict(zip(CSL_COLUMNS, (c.strip() for c in row), strict=True))
        if not v["_id"]:
            raise SourceError("the _id is empty", file=label, line=line, column="_id")
        if not v["name"]:
            raise SourceError("the name is empty", file=label, line=line, column="name")
        kind_text = v["type"].lower()
        if kind_text and kind_text not in _TYPES:
            raise SourceError(
                f"type {v['type']!r}; expected Individual, Entity, Vessel, Aircraft or empty",
                file=label,
                line=line,
                column="type",
            )
        kind = _TYPES.get(kind_text) or (
            "entity" if _COMPANY.search(v["name"]) or not kind_text else "individual"
        )
        entity_id = stable_id(v["_id"])
        if entity_id in entities:
            raise SourceError(f"_id {v['_id']} appears twice", file=label, line=line, column="_id")
        abbrev = _SOURCE_ABBREV.search(v["source"])
        source = abbrev.group(1) if abbrev else v["source"]
        sources[source] = sources.get(source, 0) + 1
        programs = list(split_joined(v["programs"])) or [source]
        entity = model.Entity(
            entity_id=entity_id,
            name=v["name"],
            entity_type=kind,
            programs=programs,
            line=line,
            title=v["title"] or None,
            call_sign=v["call_sign"] or None,
            vessel_type=v["vessel_type"] or None,
            tonnage=v["gross_tonnage"] or None,
            grt=v["gross_registered_tonnage"] or None,
            vessel_flag=v["vessel_flag"] or None,
            vessel_owner=v["vessel_owner"] or None,
            remarks=v["remarks"] or None,
        )
        for alias in split_joined(v["alt_names"]):
            entity.names.append(model.Name(alias.removeprefix("and ").strip(), "aka"))
        for number, address in enumerate(split_joined(v["addresses"])):
            entity.addresses.append(_csl_address(address, number))
        facts = Facts()
        facts.add("reference", v["_id"])
        facts.add("source_list", v["source"])
        facts.add("entity_number", v["entity_number"])
        facts.add("start_date", v["start_date"])
        facts.add("federal_register", v["federal_register_notice"])
        for value in split_joined(v["dates_of_birth"]):
            facts.birth_date(value)
        for value in split_joined(v["nationalities"]):
            facts.country("nationality", value)
        for value in split_joined(v["citizenships"]):
            facts.country("citizenship", value)
        for value in split_joined(v["places_of_birth"]):
            facts.country("pob", value)
        for value in split_joined(v["ids"]):
            id_type, _, rest = value.partition(", ")
            id_value, _, country = rest.rpartition(", ")
            if not id_value or not (len(country) == 2 and country.isupper()):
                id_value, country = rest, ""
            if id_type.endswith((":", " -")) or id_type.lower() in ("gender", "website"):
                facts.add(id_type.rstrip(": -").lower().replace(" ", "_"), rest)
            else:
                facts.document(id_type, id_value, country or None)
        entity.parsed = facts.parsed()
        entities[entity_id] = entity
    if not entities:
        raise SourceError("the list has no entries", file=label)
    return ParsedList(entities, {"format": "csl", "by_source": sources})
