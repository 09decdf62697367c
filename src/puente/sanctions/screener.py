"""Screening names against the list version in force, with every screening audited.

The engine (puente.sanctions.screening) indexes the records of one list version; a load keeps
that index in the store beside the version (puente.sanctions.screening.stored). This module
keeps the index of the version in force ready in each process (loaded from the store in a
fraction of a second; built from the records only for a version loaded before indexes were
kept), turns API/CLI queries into engine queries, and appends the audit row.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any

from puente.errors import InvalidInput, NotFound
from puente.logs import get_logger
from puente.sanctions.audit import AuditEntry, record_screening
from puente.sanctions.entities import DATASET, INDEX_TABLE, load_screening_records
from puente.store import DatasetVersion, Store
from puente.store.catalog import require_current, table_name

log = get_logger(__name__)

MAX_BATCH = 1000
MAX_LIMIT = 50
QUERY_FIELDS = ("name", "type", "birth_date", "country", "id_number")


@dataclass(slots=True)
class _Built:
    key: tuple[int, str]
    version: DatasetVersion
    index: Any
    generation: int = -1
    """The store's data generation when this index was last known to be the one in force."""


_INDEXES: weakref.WeakKeyDictionary[Store, _Built] = weakref.WeakKeyDictionary()
_BUILD_LOCK = threading.Lock()


def screening_index(store: Store) -> tuple[Any, DatasetVersion]:
    """The engine's index of the version in force (loaded from the store on first use, and
    again when another version comes into force) and that version."""
    from puente.sanctions.screening import ScreeningIndex
    from puente.sanctions.screening.stored import load_index

    built = _INDEXES.get(store)
    if built is not None and built.generation == store.data_generation:
        # No load or rollback has committed since this index was checked: no query needed.
        return built.index, built.version
    if built is not None:
        row = (
            store.cursor()
            .execute("SELECT current_version FROM datasets WHERE dataset = ?", [DATASET])
            .fetchone()
        )
        if row is not None and row[0] == built.version.version:
            built.generation = store.data_generation
            return built.index, built.version
    with _BUILD_LOCK:
        generation = store.data_generation
        with store.read() as cur:
            version = require_current(cur, DATASET)
            built = _INDEXES.get(store)
            if built is not None and built.key == (version.version, version.sha256):
                return built.index, built.version
            index = load_index(cur, table_name(INDEX_TABLE, version.version))
            records = load_screening_records(cur) if index is None else []
        if index is None:
            # A version loaded before indexes were kept, or kept in an older format
            # (`puente ingest ofac-sdn` keeps one): built now, and kept when this process
            # holds the store writable, so that the next process loads it ready.
            log.info("screening.index_not_kept", version=version.version)
            index = ScreeningIndex.build(records, f"{DATASET}@{version.version}")
            keep_rebuilt(store, table_name(INDEX_TABLE, version.version), index)
        built = _Built((version.version, version.sha256), version, index, generation)
        _INDEXES[store] = built
    return built.index, built.version


def keep_rebuilt(store: Store, table: str, index: Any) -> None:
    from puente.sanctions.screening.stored import replace_index

    if store.read_only:
        return
    try:
        with store.write() as cur:
            replace_index(cur, table, index)
    except Exception as exc:  # kept next time; screening goes on with the index built
        log.warning("screening.index_not_saved", table=table, error=str(exc))
    else:
        log.info("screening.index_saved", table=table)


def warm(store: Store) -> None:
    """Load the index now rather than on the first screening; a list that is not loaded yet
    is left for later."""
    try:
        screening_index(store)
    except NotFound:
        return


def to_engine_query(raw: dict[str, Any]) -> Any:
    from puente.sanctions.screening import Query

    def text(key: str) -> str | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            value = str(value)
        return value.strip() or None

    name = raw.get("name")
    return Query(
        name=name if isinstance(name, str) else "",
        entity_type=text("type") or text("entity_type"),
        birth_date=text("birth_date") or text("dob"),
        country=text("country"),
        id_number=text("id_number"),
    )


def check_threshold(threshold: float | None, default: float) -> float:
    value = default if threshold is None else threshold
    if not isinstance(value, int | float) or not 0.0 <= float(value) <= 1.0:
        raise InvalidInput(f"threshold {threshold!r} is not valid; expected a number in 0..1")
    return float(value)


def _echo(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: raw.get(k) for k in QUERY_FIELDS if raw.get(k) not in (None, "")}


def screen_queries(
    store: Store,
    queries: list[dict[str, Any]],
    threshold: float,
    actor: str,
    channel: str,
    limit: int = 5,
    single_raises: bool = True,
) -> dict[str, Any]:
    """Screen one query or a batch (up to 1,000) and audit it.

    A single query that cannot be screened is an InvalidInput (HTTP 400) when
    `single_raises`; in a batch, it gets an `error` in its place and the batch goes on.
    """
    from puente.state import require_audit_writable

    require_audit_writable(store)  # audited: refused up front when no audit can be written
    if not queries:
        raise InvalidInput("queries is empty; expected 1 to 1,000 queries")
    if len(queries) > MAX_BATCH:
        raise InvalidInput(f"{len(queries):,} queries; expected at most {MAX_BATCH:,} per call")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be 1..{MAX_LIMIT}")
    threshold = check_threshold(threshold, 0.0)
    engine_queries = [to_engine_query(q) for q in queries]
    if single_raises and len(queries) == 1:
        # An empty or malformed name is refused at once, before any index is loaded.
        from puente.sanctions.screening import validate_query

        validate_query(engine_queries[0])
    index, version = screening_index(store)
    answers = index.screen_many(engine_queries, threshold=threshold, limit=limit)
    if single_raises and len(queries) == 1 and isinstance(answers[0], InvalidInput):
        raise answers[0]
    results: list[dict[str, Any]] = []
    audited: list[dict[str, Any]] = []
    for raw, answer in zip(queries, answers, strict=True):
        echo = _echo(raw)
        if isinstance(answer, InvalidInput):
            results.append({"query": echo, "matches": [], "error": answer.detail})
            audited.append({"error": answer.detail, "matches": []})
            continue
        matches = [m.as_dict() for m in answer]
        for match in matches:
            match["primary_name"] = index.primary_name(str(match["entity_id"])) or match["name"]
        results.append({"query": echo, "matches": matches})
        audited.append(
            {
                "matches": [
                    {
                        "entity_id": m["entity_id"],
                        "name": m["name"],
                        "score": m["score"],
                        "match": m["match"],
                    }
                    for m in matches
                ]
            }
        )
    audit_id = record_screening(
        store,
        AuditEntry(
            actor=actor,
            channel=channel,
            threshold=threshold,
            queries=[_echo(q) for q in queries],
            results=audited,
            list_version=version.version,
            list_sha256=version.sha256,
        ),
    )
    return {
        "list_version": version.ref.as_dict(),
        "threshold": threshold,
        "results": results,
        "audit_id": audit_id,
    }
