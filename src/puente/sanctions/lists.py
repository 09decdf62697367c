"""The sanctions and export-control lists Puente loads, all in the SDN list's entity model.

Each list is a dataset with its own versions (`ofac-sdn`, `ofac-consolidated`,
`un-sc-consolidated`, `bis-dpl`, `trade-csl`) and its own tables, named like the SDN list's
with another prefix (`un_entities`, `un_names`, ...), so that search, entity pages, version
diffs and the screening engine read any list the same way. The builders here turn the
structured fields of XML and CSV lists (birth dates, nationalities, places of birth, identity
documents) into the same facts the SDN list's Remarks are read into.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import duckdb

from puente.errors import InvalidInput
from puente.ingest.base import LoadContext, LoadResult, Source
from puente.sanctions import model
from puente.sanctions.countrynames import remark_country
from puente.sanctions.entities import load_screening_records
from puente.sanctions.records import ScreeningRecord
from puente.sanctions.remarks import Document, ParsedRemarks, RemarkPart, iso_date
from puente.sanctions.screening.stored import build_index
from puente.sanctions.tables import list_tables, write_tables
from puente.store.catalog import DatasetVersion, current_version, table_name


@dataclass(frozen=True, slots=True)
class ListInfo:
    dataset: str
    prefix: str
    """Table prefix: `<prefix>_entities`, `<prefix>_names`, ..."""
    short: str
    """How a person names the list in a table column."""
    title: str


LISTS: dict[str, ListInfo] = {
    info.dataset: info
    for info in (
        ListInfo("ofac-sdn", "sdn", "OFAC SDN", "OFAC Specially Designated Nationals (SDN)"),
        ListInfo(
            "ofac-consolidated",
            "cons",
            "OFAC non-SDN",
            "OFAC Consolidated (non-SDN) Sanctions List",
        ),
        ListInfo(
            "un-sc-consolidated",
            "un",
            "UN Security Council",
            "United Nations Security Council Consolidated List",
        ),
        ListInfo("bis-dpl", "dpl", "BIS DPL", "BIS Denied Persons List"),
        ListInfo("trade-csl", "csl", "Trade.gov CSL", "Consolidated Screening List (trade.gov)"),
    )
}


def list_info(dataset: str) -> ListInfo:
    info = LISTS.get(dataset)
    if info is None:
        raise InvalidInput(f"unknown list {dataset!r}; expected one of {', '.join(LISTS)}")
    return info


def parse_lists(value: str | Sequence[str] | None) -> list[str] | None:
    """`lists=ofac-sdn,un-sc-consolidated` (or a list of names) -> the names, checked; None or
    empty means every loaded list."""
    if value is None:
        return None
    parts = value.split(",") if isinstance(value, str) else [str(v) for v in value]
    names = [p.strip().lower() for p in parts if p.strip()]
    for name in names:
        list_info(name)
    return list(dict.fromkeys(names)) or None


def loaded_lists(cur: duckdb.DuckDBPyConnection) -> list[DatasetVersion]:
    """The version in force of every loaded list, in the order of LISTS."""
    found = [current_version(cur, name) for name in LISTS]
    return [v for v in found if v is not None]


def stable_id(*parts: str | None) -> int:
    """A 60-bit id from the fields that identify an entry of a list without ids of its own,
    the same in every version that lists the entry unchanged."""
    text = "\x1f".join(p or "" for p in parts)
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:15], 16)


class Facts:
    """The facts of one entry, as RemarkParts and Documents (what the Remarks reader gives
    for the SDN list)."""

    def __init__(self) -> None:
        self.parts: list[RemarkPart] = []
        self.documents: list[Document] = []

    def add(self, name: str, value: str | None, normalized: str | None = None) -> None:
        text = " ".join((value or "").split())
        if text:
            self.parts.append(RemarkPart(len(self.parts), name, text, normalized, False, text))

    def birth_date(self, text: str | None, normalized: str | None = None) -> None:
        self.add("dob", text, normalized or (birth_date(text) if text else None))

    def country(self, name: str, text: str | None) -> None:
        """nationality, citizenship or pob: normalized to an ISO code of the country part
        only (the last comma-separated part of a place), never by substring."""
        if not text or not text.strip():
            return
        last = text.split(",")[-1].strip()
        self.add(name, text, remark_country(last) or remark_country(text))

    def document(
        self, doc_type: str | None, number: str | None, country: str | None = None, **dates: str
    ) -> None:
        if not number or not number.strip():
            return
        country_text = (country or "").strip() or None
        self.documents.append(
            Document(
                doc_type=(doc_type or "").strip() or "identification",
                number=number.strip(),
                country=country_text,
                country_code=remark_country(country_text),
                issued=dates.get("issued"),
                expires=dates.get("expires"),
                alt=False,
                raw=", ".join(p for p in (doc_type, number, country_text) if p),
            )
        )
        self.add("document", f"{(doc_type or '').strip()} {number.strip()}".strip())

    def parsed(self) -> ParsedRemarks:
        return ParsedRemarks(parts=self.parts, documents=self.documents)


_NUMERIC_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def birth_date(text: str) -> str | None:
    """'1957-04-04', '1957', '04/04/1957' (US), '04 Apr 1957', 'circa 1957', '1955 to 1958'
    -> ISO ('a/b' for a range), or None."""
    value = re.sub(r"^(circa|approximately)\s+", "", text.strip(), flags=re.IGNORECASE)
    for sep in (" to ", " - "):
        if sep in value:
            first, _, last = value.partition(sep)
            a, b = birth_date(first), birth_date(last)
            return f"{a}/{b}" if a and b else None
    found = _NUMERIC_DATE.match(value)
    if found:
        return value
    us = _US_DATE.match(value)
    if us:
        return f"{us.group(3)}-{int(us.group(1)):02d}-{int(us.group(2)):02d}"
    return iso_date(value)


def finish(entities: dict[int, model.Entity]) -> None:
    """Put each entry's primary name first among its names (as model.finish does for the
    SDN list, whose Remarks are read there)."""
    for entity in entities.values():
        entity.names.insert(0, model.Name(entity.name, "primary"))


def counts(entities: dict[int, model.Entity]) -> dict[str, Any]:
    by_type: dict[str, int] = {}
    by_program: dict[str, int] = {}
    mexico = 0
    for entity in entities.values():
        by_type[entity.entity_type] = by_type.get(entity.entity_type, 0) + 1
        for program in entity.programs:
            by_program[program] = by_program.get(program, 0) + 1
        mexico += "MX" in entity.countries()
    return {
        "entities": len(entities),
        "names": sum(len(e.names) for e in entities.values()),
        "addresses": sum(len(e.addresses) for e in entities.values()),
        "documents": sum(len(e.parsed.documents) for e in entities.values()),
        "by_type": by_type,
        "by_program": dict(sorted(by_program.items(), key=lambda kv: (-kv[1], kv[0]))),
        "mexico_ties": mexico,
    }


@dataclass(slots=True)
class ParsedList:
    entities: dict[int, model.Entity]
    stats: dict[str, Any] = field(default_factory=dict)
    lacks: list[str] = field(default_factory=list)


class ListSource(Source):
    """A list other than the SDN list: parsed by `read` into the entity model, written to
    `<prefix>_*` tables with 64-bit entity ids."""

    prefix: ClassVar[str]

    def read(self, ctx: LoadContext) -> ParsedList:
        raise NotImplementedError

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        ctx.progress("reading")
        parsed = self.read(ctx)
        finish(parsed.entities)
        ctx.progress("writing")
        files = [raw.spec.name for raw in ctx.files]
        sdn_list = model.SdnList(parsed.entities, files, parsed.lacks, {})
        rows = write_tables(cur, ctx, sdn_list, self.prefix, "BIGINT")
        ctx.progress("indexing")
        prefix = self.prefix
        build_index(
            cur,
            ctx.table(index_table(prefix)),
            load_screening_records(
                cur, lambda name: ctx.table(name.replace("sdn_", f"{prefix}_", 1))
            ),
            f"{self.name}@{ctx.version}",
        )
        stats = counts(parsed.entities) | parsed.stats
        return LoadResult(rows=rows, stats=stats | {"files": files, "lacks": parsed.lacks})


def index_table(prefix: str) -> str:
    """The table a list version's screening index is kept in (puente.sanctions.screening.
    stored), like the SDN list's `sdn_screening_index`."""
    return f"{prefix}_screening_index"


def tables_of(prefix: str) -> tuple[str, ...]:
    """A list's tables: the entity model's and its kept screening index."""
    return (*list_tables(prefix), index_table(prefix))


def load_records(
    cur: duckdb.DuckDBPyConnection, dataset: str, version: int | None = None
) -> list[ScreeningRecord]:
    """Every entry of one list version (the one in force by default), as the screening
    engine indexes it."""
    prefix = list_info(dataset).prefix
    if version is None:
        found = current_version(cur, dataset)
        if found is None:
            return []
        version = found.version
    number = version
    # The same reader as the SDN list's: every list's tables share its layout.
    return load_screening_records(
        cur, lambda name: table_name(name.replace("sdn_", f"{prefix}_", 1), number)
    )


def split_joined(text: str | None, sep: str = ";") -> Iterable[str]:
    for part in (text or "").split(sep):
        if part.strip():
            yield part.strip()
