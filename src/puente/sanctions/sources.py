"""The OFAC SDN list (dataset `ofac-sdn`), from the legacy CSV files as Treasury publishes them.

A snapshot may have all of sdn.csv, add.csv, alt.csv and sdn_comments.csv (the official set),
only sdn.csv (then there are no strong aliases and no addresses), or the derived
`ofac-sdn.csv` (header uid,name,type,programs,alternate_names) with legacy add.csv/alt.csv of
a slightly older snapshot. The derived file has no Remarks: no birth dates, nationality,
identity documents, weak aliases or "Linked To:" relations, no title, call sign or vessel
details; its addresses and alias kinds come from the older add.csv/alt.csv, so entries listed
since then have none and entries delisted since then are skipped. Each version records what
it lacks in its stats (`lacks`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import duckdb

from puente.errors import SourceError
from puente.ingest.base import FileSpec, LoadContext, LoadResult, Source
from puente.ingest.fetch import decompressed, resolve_locations
from puente.sanctions import csvformat as fmt
from puente.sanctions import model
from puente.sanctions.entities import INDEX_TABLE, load_screening_records
from puente.sanctions.screening.stored import build_index
from puente.sanctions.tables import TABLES, write_tables

# OFAC's Sanctions List Service (formerly treasury.gov/ofac/downloads/), file names upper-case.
_OFFICIAL = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
_MIRROR = "ofac_sdn/current_2026/"
MEXICO = "MX"


class OfacSdnSource(Source):
    name: ClassVar[str] = "ofac-sdn"
    title: ClassVar[str] = "Specially Designated Nationals and Blocked Persons List (SDN)"
    publisher: ClassVar[str] = "U.S. Department of the Treasury, Office of Foreign Assets Control"
    parser_version: ClassVar[str] = "2"
    """2: each version keeps its screening index (table sdn_screening_index)."""
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec("sdn.csv", _MIRROR + "sdn.csv", _OFFICIAL + "SDN.CSV", required=False),
        FileSpec("ofac-sdn.csv", _MIRROR + "ofac-sdn.csv", "", required=False),
        FileSpec("add.csv", _MIRROR + "add.csv", _OFFICIAL + "ADD.CSV", required=False),
        FileSpec("alt.csv", _MIRROR + "alt.csv", _OFFICIAL + "ALT.CSV", required=False),
        FileSpec(
            "sdn_comments.csv",
            _MIRROR + "sdn_comments.csv",
            _OFFICIAL + "SDN_COMMENTS.CSV",
            required=False,
        ),
    )
    tables: ClassVar[tuple[str, ...]] = (*TABLES, INDEX_TABLE)

    def resolve(self, origin: str | None, mirror: Path | None) -> list[tuple[FileSpec, str]]:
        """A folder (or the mirror) may hold any of the files, but at least sdn.csv or
        ofac-sdn.csv; with neither, the four official files are downloaded. A single file
        given with --from is taken by its name."""
        legacy = tuple(spec for spec in self.files if spec.name != "ofac-sdn.csv")
        if origin is None and mirror is None:
            return [(spec, spec.url) for spec in legacy]
        if origin is not None and (origin.startswith(("http://", "https://"))):
            base = origin if origin.endswith("/") else origin.rsplit("/", 1)[0] + "/"
            return [(spec, base + spec.name) for spec in legacy]
        if origin is not None and Path(origin).is_file():
            name = Path(origin).name.lower()
            spec = self.files[1] if name.startswith("ofac-sdn") else self.files[0]
            return [(spec, origin)]
        found = resolve_locations(self.files, origin, mirror)
        names = {spec.name for spec, _ in found}
        if "sdn.csv" in names:
            # The official file wins over a derived one in the same folder.
            found = [(spec, where) for spec, where in found if spec.name != "ofac-sdn.csv"]
        elif "ofac-sdn.csv" in names:
            found = [(spec, where) for spec, where in found if spec.name != "sdn_comments.csv"]
        else:
            raise SourceError(
                "expected sdn.csv (OFAC's legacy format) or ofac-sdn.csv (the derived "
                "uid,name,type,programs,alternate_names file); found neither",
                file=origin or str(mirror),
            )
        return found

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        ctx.progress("reading")
        sdn_list = read_list(ctx)
        ctx.progress("writing")
        rows = write_tables(cur, ctx, sdn_list)
        ctx.progress("indexing")
        build_index(
            cur,
            ctx.table(INDEX_TABLE),
            load_screening_records(cur, ctx.table),
            f"{self.name}@{ctx.version}",
        )
        return LoadResult(
            rows=rows,
            stats=sdn_list.stats
            | {
                "files": sdn_list.files,
                "lacks": sdn_list.lacks,
            },
        )


def _plain(ctx: LoadContext, name: str) -> tuple[Path, str] | None:
    raw = ctx.file(name)
    if raw is None:
        return None
    return decompressed(raw, ctx.workdir), raw.label


def read_list(ctx: LoadContext) -> model.SdnList:
    """Parse whichever files the snapshot has into the model."""
    sdn, derived = _plain(ctx, "sdn.csv"), _plain(ctx, "ofac-sdn.csv")
    add, alt = _plain(ctx, "add.csv"), _plain(ctx, "alt.csv")
    comments = _plain(ctx, "sdn_comments.csv")
    stats: dict[str, Any] = {}
    lacks: list[str] = []
    if sdn is not None:
        entities = model.entities_from_sdn(fmt.read_legacy(*sdn, fmt.SDN_FIELDS), sdn[1])
        if comments is not None:
            rows = fmt.read_legacy(*comments, fmt.COMMENTS_FIELDS, require_eof=False)
            stats["remarks_continued"] = model.add_comments(entities, rows, comments[1])
        if alt is not None:
            model.add_aliases(entities, fmt.read_legacy(*alt, fmt.ALT_FIELDS), alt[1])
        else:
            lacks.append("strong aliases (no alt.csv)")
        if add is not None:
            model.add_addresses(entities, fmt.read_legacy(*add, fmt.ADD_FIELDS), add[1])
        else:
            lacks.append("addresses (no add.csv)")
        if comments is None:
            lacks.append("the end of Remarks longer than 1,000 characters (no sdn_comments.csv)")
        stats["format"] = "legacy"
    elif derived is not None:
        entities = model.entities_from_derived(fmt.read_derived(*derived), derived[1])
        lacks.append(
            "Remarks (birth dates, places of birth, nationality, citizenship, gender, "
            "identity documents, e-mail, website, weak aliases, Linked To relations); "
            "title, call sign and vessel details"
        )
        if alt is not None:
            rows = fmt.read_legacy(*alt, fmt.ALT_FIELDS)
            stats["alias_kinds_from_alt_csv"] = model.add_derived_alias_kinds(
                entities, rows, alt[1]
            )
            lacks.append("the f.k.a./n.k.a. kind of aliases not in the (older) alt.csv")
        else:
            lacks.append("the kind (a.k.a., f.k.a., n.k.a.) of aliases (no alt.csv)")
        if add is not None:
            rows = fmt.read_legacy(*add, fmt.ADD_FIELDS)
            stats["address_rows_of_delisted_entries"] = model.add_addresses(
                entities, rows, add[1], strict=False
            )
            lacks.append("addresses of entries listed after the add.csv snapshot")
        else:
            lacks.append("addresses (no add.csv)")
        stats["format"] = "derived"
    else:  # resolve() guarantees one of them
        raise SourceError("expected sdn.csv or ofac-sdn.csv")
    if not entities:
        raise SourceError("the list has no entries", file=(sdn or derived or ("", ""))[1])
    model.finish(entities)
    stats.update(_counts(entities))
    files = [raw.spec.name for raw in ctx.files]
    return model.SdnList(entities, files, lacks, stats)


def _counts(entities: dict[int, model.Entity]) -> dict[str, Any]:
    by_type: dict[str, int] = {}
    by_program: dict[str, int] = {}
    mexico = kingpin_mexico = 0
    for entity in entities.values():
        by_type[entity.entity_type] = by_type.get(entity.entity_type, 0) + 1
        for program in entity.programs:
            by_program[program] = by_program.get(program, 0) + 1
        if MEXICO in entity.countries():
            mexico += 1
            kingpin_mexico += "SDNTK" in entity.programs
    return {
        "entities": len(entities),
        "names": sum(len(e.names) for e in entities.values()),
        "addresses": sum(len(e.addresses) for e in entities.values()),
        "documents": sum(len(e.parsed.documents) for e in entities.values()),
        "relations": sum(len(e.relations) for e in entities.values()),
        "relations_resolved": sum(
            1 for e in entities.values() for _, target in e.relations if target is not None
        ),
        "unparsed_remarks": sum(
            1 for e in entities.values() for p in e.parsed.parts if p.field == "unparsed"
        ),
        "by_type": by_type,
        "by_program": dict(sorted(by_program.items(), key=lambda kv: (-kv[1], kv[0]))),
        "mexico_ties": mexico,
        "sdntk_mexico_ties": kingpin_mexico,
    }
