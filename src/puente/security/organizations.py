"""The criminal organisations behind the seizures: designated groups tied to Mexico, their
designated members and companies, and how the list has grown around each of them.

Everything here is read from the SDN list versions in the store (dataset `ofac-sdn`):

- An organisation is an entry of type entity in a narcotics, TCO or FTO program that is not a
  company (no legal form such as S.A. de C.V. in its name) and that either is designated under
  TCO or FTO or whose name marks a group (cartel, organisation, "Los ..."), and that is not a
  business either (a hotel, a shop, a club). It is tied to Mexico when it has a Mexican
  address, nationality or citizenship, or when at least a quarter of the entries linked to it
  directly have one.
- Members are the entries "Linked To" the organisation (both directions), and the entries
  linked to those (companies of members), at most two steps away. Entries that share a street
  address or an identity document number with the organisation or a member are shown too, as
  associated through that address or document (a city or a country alone never links).
- "Linked To" is part of the Remarks. A version without Remarks (the derived 2026 file) has no
  links; the links then come from the newest kept version that has them, and each says which.
- The legacy CSV files carry no designation dates. What the versions show is when an entry was
  first seen: its designation happened on or before that version's date.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from typing import Any

import duckdb

from puente.errors import NotFound
from puente.security.results import SecurityOrganization, SecurityOrganizations
from puente.store.catalog import DatasetVersion, list_versions, require_current, table_name

DATASET = "ofac-sdn"
ORG_PROGRAMS: tuple[str, ...] = ("SDNTK", "SDNT", "ILLICIT-DRUGS-EO14059", "TCO", "FTO")
GROUP_PROGRAMS: tuple[str, ...] = ("TCO", "FTO")
MEXICO = "MX"
MAX_MEMBERS = 400
# A group with no Mexican address is tied to Mexico through its members when at least this
# share of the entries linked to it directly are tied to Mexico.
MEMBER_SHARE = 0.25
_GROUP_WORDS = re.compile(
    r"\b(CARTEL|CARTELES|CARTELS|ORGANIZATION|ORGANISATION|ORGANIZACION|GANG|CLAN|MAFIA|"
    r"FAMILIA|BROTHERHOOD|SYNDICATE|NETWORK|GUERRERO[S]? UNIDOS|UNIDOS)\b"
)
_GROUP_ARTICLE = re.compile(r"^LOS\s")
# Legal forms that make an entry a company rather than a group (Spanish, English and the
# abbreviations OFAC writes).
_COMPANY = re.compile(
    r"(\bS\.?\s?A\.?(\s|,|$)|\bS\.?\s?DE\s?R\.?\s?L\b|\bDE\s+C\.?\s?V\b|\bS\.?\s?A\.?\s?P\.?\s?I\b|"
    r"\bS\.?\s?C\.?(\s|,|$)|\bA\.?\s?C\.?(\s|$)|\bS\.?\s?P\.?\s?R\b|\bLTDA?\b|\bLIMITED\b|\bLLC\b|"
    r"\bL\.L\.C\b|\bINC\b|\bCORP\b|\bCORPORATION\b|\bCOMPANY\b|\bGMBH\b|\bS\.?\s?L\b\.?$|"
    r"\bS\.?\s?EN\s?C\b|\bSOCIEDAD\b|\bASOCIACION\b|\bSLRC\b)"
)
# Words of businesses that OFAC lists without a legal form (hotels, shops, clubs, farms).
_BUSINESS = re.compile(
    r"\b(HOTEL|HOTELITO|MOTEL|RESTAURANT|RESTAURANTE|BAR|TALLER|STORE|TIENDA|CLUB|DEPORTIVO|"
    r"GASOLINERA|INVERSIONES|CONSULTORIA|COMERCIALIZADORA|GRUPO|SERVICIOS|CABANAS|FARMACIA|"
    r"RANCHO|GANADERA|COMPANIA|CONSTRUCTORA|INMOBILIARIA|DISTRIBUIDORA|IMPORTADORA|"
    r"EXPORTADORA|AGRICOLA|TRANSPORTES|CASA DE CAMBIO|PLAZA)\b"
)


@dataclass(frozen=True, slots=True)
class _Entry:
    entity_id: int
    name: str
    entity_type: str
    programs: tuple[str, ...]
    mexico: bool


@dataclass(frozen=True, slots=True)
class _Graph:
    """One list version's entries and the links between them."""

    version: DatasetVersion
    links_version: DatasetVersion | None
    entries: dict[int, _Entry]
    links: dict[int, set[int]]
    addresses: dict[int, set[str]]
    documents: dict[int, set[str]]
    aliases: dict[int, list[str]]


def is_company(name: str) -> bool:
    upper = name.upper()
    return bool(_COMPANY.search(upper) or _BUSINESS.search(upper))


def looks_like_group(name: str) -> bool:
    upper = name.upper()
    return bool(_GROUP_WORDS.search(upper) or _GROUP_ARTICLE.match(upper))


def _rows(cur: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return cur.execute(sql).fetchall()


def _links_version(
    cur: duckdb.DuckDBPyConnection, current: DatasetVersion
) -> DatasetVersion | None:
    """The version whose "Linked To" relations are used: the one in force if it has any,
    else the newest kept version that has them."""
    versions = sorted(list_versions(cur, DATASET), key=lambda v: v.version, reverse=True)
    ordered = [current] + [v for v in versions if v.version != current.version]
    for version in ordered:
        if int(version.stats.get("relations", 0) or 0) > 0:
            return version
    return None


def _graph(cur: duckdb.DuckDBPyConnection) -> _Graph:
    current = require_current(cur, DATASET)
    entities = table_name("sdn_entities", current.version)
    entries = {
        int(r[0]): _Entry(int(r[0]), r[1], r[2], tuple(r[3] or ()), bool(r[4]))
        for r in _rows(
            cur, f"SELECT entity_id, name, entity_type, programs, mexico FROM {entities}"
        )
    }
    links: dict[int, set[int]] = {}
    links_version = _links_version(cur, current)
    if links_version is not None:
        relations = table_name("sdn_relations", links_version.version)
        for a, b in _rows(
            cur,
            f"SELECT entity_id, linked_entity_id FROM {relations} "
            "WHERE linked_entity_id IS NOT NULL",
        ):
            if a in entries and b in entries and a != b:
                links.setdefault(a, set()).add(b)
                links.setdefault(b, set()).add(a)
    addresses: dict[int, set[str]] = {}
    for entity_id, key in _rows(
        cur,
        "SELECT entity_id, upper(regexp_replace(trim(address), '\\s+', ' ', 'g')) || '|' || "
        "upper(coalesce(trim(city), '')) || '|' || coalesce(country_code, '') "
        f"FROM {table_name('sdn_addresses', current.version)} "
        "WHERE length(trim(coalesce(address, ''))) >= 6",
    ):
        addresses.setdefault(int(entity_id), set()).add(key)
    documents: dict[int, set[str]] = {}
    for entity_id, number in _rows(
        cur,
        "SELECT entity_id, upper(regexp_replace(number, '[^A-Za-z0-9]', '', 'g')) "
        f"FROM {table_name('sdn_documents', current.version)} WHERE length(number) >= 5",
    ):
        documents.setdefault(int(entity_id), set()).add(number)
    aliases: dict[int, list[str]] = {}
    for entity_id, name in _rows(
        cur,
        f"SELECT entity_id, name FROM {table_name('sdn_names', current.version)} "
        "WHERE kind <> 'primary' ORDER BY entity_id, seq",
    ):
        own = aliases.setdefault(int(entity_id), [])
        if name not in own:  # a weak alias in the Remarks may repeat a strong one
            own.append(name)
    return _Graph(current, links_version, entries, links, addresses, documents, aliases)


def _is_org(graph: _Graph, entry: _Entry) -> bool:
    if entry.entity_type != "entity" or not set(entry.programs) & set(ORG_PROGRAMS):
        return False
    if is_company(entry.name):
        return False
    return bool(set(entry.programs) & set(GROUP_PROGRAMS)) or looks_like_group(entry.name)


def _members(graph: _Graph, org_id: int) -> dict[int, int]:
    """Entries up to two "Linked To" steps from the organisation (not through another
    organisation), with their distance."""
    seen = {org_id: 0}
    queue = deque([org_id])
    while queue:
        node = queue.popleft()
        if seen[node] >= 2:
            continue
        for other in sorted(graph.links.get(node, ())):
            if other in seen:
                continue
            seen[other] = seen[node] + 1
            # Another organisation is shown, but its own members are its own.
            if not _is_org(graph, graph.entries[other]):
                queue.append(other)
            if len(seen) > MAX_MEMBERS:
                break
    seen.pop(org_id)
    return seen


def _tied_to_mexico(graph: _Graph, org: _Entry, members: dict[int, int]) -> bool:
    if org.mexico:
        return True
    direct = [m for m, steps in members.items() if steps == 1]
    tied = sum(1 for m in direct if graph.entries[m].mexico)
    return tied > 0 and tied >= MEMBER_SHARE * len(direct)


def _shared(graph: _Graph, nodes: set[int], index: dict[int, set[str]]) -> list[tuple[int, int]]:
    """Pairs (a in nodes, b anywhere) that share a key of `index`; b may be outside."""
    owners: dict[str, set[int]] = {}
    for entity_id, keys in index.items():
        for key in keys:
            owners.setdefault(key, set()).add(entity_id)
    pairs = set()
    for a in nodes:
        for key in index.get(a, ()):
            group = owners[key]
            if len(group) > 25:  # a registered-agent address, not a tie between entries
                continue
            for b in group:
                if b != a and b in graph.entries:
                    pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def _summary(graph: _Graph, entry: _Entry, members: dict[int, int]) -> dict[str, Any]:
    people = sum(1 for m in members if graph.entries[m].entity_type == "individual")
    return {
        "entity_id": entry.entity_id,
        "name": entry.name,
        "aliases": graph.aliases.get(entry.entity_id, []),
        "programs": list(entry.programs),
        "fto": "FTO" in entry.programs,
        "kingpin": "SDNTK" in entry.programs,
        "tco": "TCO" in entry.programs,
        "mexico_address_or_nationality": entry.mexico,
        "members": len(members),
        "individuals": people,
        "entities": len(members) - people,
    }


def _version_info(version: DatasetVersion | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {**version.ref.as_dict(), "as_of": _as_of(version)}


def _as_of(version: DatasetVersion) -> str:
    published = version.stats.get("published")
    return str(published) if published else version.loaded_at.date().isoformat()


def list_organizations(cur: duckdb.DuckDBPyConnection) -> SecurityOrganizations:
    """Every designated criminal organisation tied to Mexico in the version in force, with
    how many entries are linked to it; largest networks first."""
    graph = _graph(cur)
    orgs = []
    for entry in graph.entries.values():
        if not _is_org(graph, entry):
            continue
        members = _members(graph, entry.entity_id)
        if _tied_to_mexico(graph, entry, members):
            orgs.append(_summary(graph, entry, members))
    orgs.sort(key=lambda o: (-o["members"], o["name"]))
    by_program: dict[str, int] = {}
    for org in orgs:
        for program in org["programs"]:
            if program in ORG_PROGRAMS:
                by_program[program] = by_program.get(program, 0) + 1
    return SecurityOrganizations(
        version=graph.version.ref.as_dict(),
        links_version=_version_info(graph.links_version),
        lacks=list(graph.version.stats.get("lacks", [])),
        total=len(orgs),
        by_program=dict(sorted(by_program.items())),
        organizations=orgs,
        history=designations_by_version(cur, [o["entity_id"] for o in orgs]),
        notes=[NOTE_DATES, NOTE_LINKS],
    )


NOTE_DATES = (
    "OFAC's CSV files carry no designation dates: an entry first seen in a list version was "
    "designated on or before that version's date."
)
NOTE_LINKS = (
    'Members are the entries OFAC\'s Remarks mark "Linked To" the organisation (and their '
    "companies); shared street addresses and identity documents are shown as associations."
)


def get_organization(cur: duckdb.DuckDBPyConnection, entity_id: int) -> SecurityOrganization:
    """One organisation: its programs, members and companies, associations through shared
    addresses and documents, the network to draw, and its designations over the versions."""
    graph = _graph(cur)
    entry = graph.entries.get(entity_id)
    if entry is None or not _is_org(graph, entry):
        raise NotFound(
            f"no designated criminal organisation {entity_id} in the SDN list version "
            f"{graph.version.version}; see /api/security/organizations"
        )
    members = _members(graph, entity_id)
    nodes = {entity_id, *members}
    associated: list[tuple[int, int, str]] = [
        (a, b, kind)
        for kind, index in (("address", graph.addresses), ("document", graph.documents))
        for a, b in _shared(graph, nodes, index)
    ]
    via: dict[int, str] = {}
    for a, b, kind in associated:
        for m in (a, b):
            if m not in nodes:
                via.setdefault(m, kind)
    linked = [
        (a, b, "linked_to")
        for a in sorted(nodes)
        for b in sorted(graph.links.get(a, ()))
        if a < b and b in nodes
    ]
    edges = [{"a": a, "b": b, "kind": kind} for a, b, kind in linked + associated]
    ordered = sorted(members.items(), key=lambda kv: (kv[1], graph.entries[kv[0]].name))
    people = [_member(graph, m, steps, "linked_to") for m, steps in ordered] + [
        _member(graph, m, None, kind)
        for m, kind in sorted(via.items(), key=lambda kv: graph.entries[kv[0]].name)
    ]
    return SecurityOrganization(
        version=graph.version.ref.as_dict(),
        links_version=_version_info(graph.links_version),
        lacks=list(graph.version.stats.get("lacks", [])),
        organization=_summary(graph, entry, members)
        | {"tied_to_mexico": _tied_to_mexico(graph, entry, members)},
        members=people,
        edges=edges,
        history=designations_by_version(cur, [entity_id], {entity_id: set(members)}),
        notes=[NOTE_DATES, NOTE_LINKS],
    )


def _member(graph: _Graph, entity_id: int, steps: int | None, via: str) -> dict[str, Any]:
    entry = graph.entries[entity_id]
    return {
        "entity_id": entity_id,
        "name": entry.name,
        "entity_type": entry.entity_type,
        "programs": list(entry.programs),
        "mexico": entry.mexico,
        "steps": steps,
        "via": via,
    }


def designations_by_version(
    cur: duckdb.DuckDBPyConnection,
    org_ids: list[int],
    members: dict[int, set[int]] | None = None,
) -> list[dict[str, Any]]:
    """For each kept list version (oldest first): how many of the organisations (and, when
    given, of each organisation's members) are on the list, and how many are new since the
    version before. Entry ids are OFAC's own and stable across versions."""
    wanted = set(org_ids)
    for group in (members or {}).values():
        wanted |= group
    history = []
    previous: set[int] | None = None
    for version in sorted(list_versions(cur, DATASET), key=lambda v: v.version):
        table = table_name("sdn_entities", version.version)
        present = {
            int(r[0])
            for r in cur.execute(
                f"SELECT entity_id FROM {table} WHERE list_contains(?, entity_id)", [sorted(wanted)]
            ).fetchall()
        }
        row: dict[str, Any] = {
            "version": version.version,
            "as_of": _as_of(version),
            "year": int(_as_of(version)[:4]),
            "organizations": len(present & set(org_ids)),
            "new_organizations": None
            if previous is None
            else len((present - previous) & set(org_ids)),
        }
        if members:
            listed = set().union(*members.values()) & present
            row["members"] = len(listed)
            row["new_members"] = None if previous is None else len(listed - previous)
        history.append(row)
        previous = present
    return history
