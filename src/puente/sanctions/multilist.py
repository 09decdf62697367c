"""One screening across every loaded list (or the ones asked for with `lists=`).

Each list version has its own engine index (the SDN list's is the one puente.sanctions.screener
keeps; the others are kept here, one per store and list, rebuilt when another version comes
into force). A query is screened against each list's index and the candidates are merged,
best score first; every candidate names its list, program(s) and list version, and the one
audit row names every list version screened against.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from puente.errors import InvalidInput, NotFound
from puente.sanctions import screener
from puente.sanctions.audit import AuditEntry, record_screening, submit_screening
from puente.sanctions.lists import (
    LISTS,
    index_table,
    list_info,
    load_records,
    loaded_lists,
    parse_lists,
)
from puente.sanctions.screened import ScreeningAnswer
from puente.store import DatasetVersion, Store
from puente.store.catalog import current_version, table_name

SDN = "ofac-sdn"


@dataclass(slots=True)
class _Built:
    key: tuple[int, str]
    version: DatasetVersion
    index: Any
    generation: int


_INDEXES: weakref.WeakKeyDictionary[Store, dict[str, _Built]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
# The lists loaded in a store, kept per data generation: a screening asks for them every
# time, and they change only when a load or rollback commits (which moves the generation).
_LOADED: weakref.WeakKeyDictionary[Store, tuple[int, list[str]]] = weakref.WeakKeyDictionary()


def list_index(store: Store, dataset: str) -> tuple[Any, DatasetVersion]:
    """The engine index of a list's version in force and that version. The index is the one
    kept in the store with the version (loaded in a fraction of a second); a version loaded
    before other lists kept theirs is indexed here, and kept when the store is writable."""
    if dataset == SDN:
        return screener.screening_index(store)
    from puente.sanctions.screening import ScreeningIndex
    from puente.sanctions.screening.stored import load_index

    with _LOCK:
        per_store = _INDEXES.setdefault(store, {})
        built = per_store.get(dataset)
        if built is not None and built.generation == store.data_generation:
            return built.index, built.version
        generation = store.data_generation
        with store.read() as cur:
            found = current_version(cur, dataset)
            if found is None:
                raise NotFound(f"list {dataset!r} is not loaded; run `puente ingest {dataset}`")
            fresh = built is None or built.key != (found.version, found.sha256)
            table = table_name(index_table(list_info(dataset).prefix), found.version)
            index = load_index(cur, table) if fresh else None
            records = load_records(cur, dataset, found.version) if fresh and index is None else []
        if fresh:
            if index is None:
                index = ScreeningIndex.build(records, f"{dataset}@{found.version}")
                screener.keep_rebuilt(store, table, index)
            built = _Built((found.version, found.sha256), found, index, generation)
        assert built is not None
        built.generation = generation
        per_store[dataset] = built
        return built.index, built.version


def selected_lists(store: Store, lists: str | list[str] | None) -> list[str]:
    """The lists to screen against: those asked for (each must be loaded), else every loaded
    list."""
    asked = parse_lists(lists)
    loaded = _loaded_names(store)
    if asked is None:
        if not loaded:
            raise NotFound("no sanctions list is loaded; run `puente ingest ofac-sdn`")
        return loaded
    missing = [name for name in asked if name not in loaded]
    if missing:
        raise NotFound(f"list {', '.join(missing)} is not loaded; run `puente ingest {missing[0]}`")
    return asked


def _loaded_names(store: Store) -> list[str]:
    generation = store.data_generation
    kept = _LOADED.get(store)
    if kept is not None and kept[0] == generation:
        return kept[1]
    with store.read() as cur:
        loaded = [v.dataset for v in loaded_lists(cur)]
    _LOADED[store] = (generation, loaded)
    return loaded


def audit_label(versions: list[DatasetVersion]) -> tuple[str, int | None, str | None]:
    """The audit row's dataset, list_version and list_sha256: the one list as before, or
    every list version screened against ("ofac-sdn@3,un-sc-consolidated@1") and a digest of
    their hashes."""
    if len(versions) == 1:
        return versions[0].dataset, versions[0].version, versions[0].sha256
    label = ",".join(f"{v.dataset}@{v.version}" for v in versions)
    digest = hashlib.sha256("\n".join(f"{label}:{v.sha256}" for v in versions).encode())
    return label, None, digest.hexdigest()


def _merge(per_list: list[list[dict[str, Any]]], limit: int) -> list[dict[str, Any]]:
    """Best first; at most `limit` candidates, but never fewer than every one that matched."""
    merged = sorted(
        (m for matches in per_list for m in matches),
        key=lambda m: (-float(m["score"]), m["dataset"], str(m["entity_id"])),
    )
    matched = sum(1 for m in merged if m.get("match"))
    return merged[: max(limit, matched)]


def screen_lists(
    store: Store,
    queries: list[dict[str, Any]],
    threshold: float,
    actor: str,
    channel: str,
    limit: int = 5,
    lists: str | list[str] | None = None,
    single_raises: bool = True,
    audit: bool = True,
) -> ScreeningAnswer:
    """Screen one query or a batch against several lists and audit it once (the answer has
    screener.screen_queries's fields, plus `lists` and per-candidate list names)."""
    answer, entry = screen_unaudited(
        store, queries, threshold, actor, channel, limit, lists, single_raises
    )
    if audit:
        answer.audit_id = record_screening(store, entry)
    return answer


def screen_submitted(
    store: Store,
    queries: list[dict[str, Any]],
    threshold: float,
    actor: str,
    channel: str,
    limit: int = 5,
    lists: str | list[str] | None = None,
) -> tuple[ScreeningAnswer, Future[int]]:
    """`screen_lists`, with its audit row handed to the audit-writer thread: the answer
    (its `audit_id` still None) and the future of the row's id, answered once the row is
    committed. The caller must wait for that future before it gives the answer out."""
    answer, entry = screen_unaudited(store, queries, threshold, actor, channel, limit, lists)
    return answer, submit_screening(store, entry)


def screen_unaudited(
    store: Store,
    queries: list[dict[str, Any]],
    threshold: float,
    actor: str,
    channel: str,
    limit: int = 5,
    lists: str | list[str] | None = None,
    single_raises: bool = True,
) -> tuple[ScreeningAnswer, AuditEntry]:
    """The screening of `screen_lists` and the audit row it must write (not written)."""
    from puente.state import require_audit_writable

    require_audit_writable(store)  # audited: refused up front when no audit can be written
    if not queries:
        raise InvalidInput("queries is empty; expected 1 to 1,000 queries")
    if len(queries) > screener.MAX_BATCH:
        raise InvalidInput(
            f"{len(queries):,} queries; expected at most {screener.MAX_BATCH:,} per call"
        )
    if not 1 <= limit <= screener.MAX_LIMIT:
        raise InvalidInput(f"limit must be 1..{screener.MAX_LIMIT}")
    threshold = screener.check_threshold(threshold, 0.0)
    names = selected_lists(store, lists)
    engine_queries = [screener.to_engine_query(q) for q in queries]
    per_query: list[list[list[dict[str, Any]]]] = [[] for _ in queries]
    errors: list[str | None] = [None] * len(queries)
    versions: list[DatasetVersion] = []
    for dataset in names:
        index, version = list_index(store, dataset)
        versions.append(version)
        answers = index.screen_many(engine_queries, threshold=threshold, limit=limit)
        for position, answer in enumerate(answers):
            if isinstance(answer, InvalidInput):
                if single_raises and len(queries) == 1:
                    raise answer
                errors[position] = answer.detail
                continue
            found = []
            for match in answer:
                item = match.as_dict()
                item["primary_name"] = index.primary_name(str(item["entity_id"])) or item["name"]
                item["dataset"] = dataset
                item["list"] = LISTS[dataset].short
                item["list_version"] = version.version
                found.append(item)
            per_query[position].append(found)
    results: list[dict[str, Any]] = []
    audited: list[dict[str, Any]] = []
    for raw, lists_found, error in zip(queries, per_query, errors, strict=True):
        echo = screener._echo(raw)
        if error is not None:
            results.append({"query": echo, "matches": [], "error": error})
            audited.append({"error": error, "matches": []})
            continue
        matches = _merge(lists_found, limit)
        results.append({"query": echo, "matches": matches})
        audited.append(
            {
                "matches": [
                    {
                        "dataset": m["dataset"],
                        "list_version": m["list_version"],
                        "entity_id": m["entity_id"],
                        "name": m["name"],
                        "score": m["score"],
                        "match": m["match"],
                    }
                    for m in matches
                ]
            }
        )
    dataset, number, sha = audit_label(versions)
    entry = AuditEntry(
        actor=actor,
        channel=channel,
        threshold=threshold,
        queries=[screener._echo(q) for q in queries],
        results=audited,
        list_version=number,
        list_sha256=sha,
        dataset=dataset,
    )
    refs = [v.ref.as_dict() for v in versions]
    screened = ScreeningAnswer(
        list_version=next((r for r in refs if r["dataset"] == SDN), refs[0]),
        list_versions=refs,
        lists=names,
        threshold=threshold,
        results=results,
    )
    return screened, entry
