"""Run one load: fetch, hash, skip if unchanged, load in one transaction, switch, prune."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from puente.errors import PuenteError
from puente.ingest.base import LoadContext, Progress, RawFile, Source
from puente.ingest.fetch import fetch, make_workdir
from puente.ingest.hooks import run_post_load
from puente.ingest.provenance import public_origin
from puente.logs import get_logger
from puente.store import DatasetVersion, Store, catalog

log = get_logger(__name__)


@dataclass(slots=True)
class IngestReport:
    dataset: str
    version: int
    changed: bool
    rows: int
    source: str
    sha256: str
    stats: dict[str, Any] = field(default_factory=dict)
    pruned: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "version": self.version,
            "changed": self.changed,
            "rows": self.rows,
            "source": self.source,
            "sha256": self.sha256,
            "stats": self.stats,
            "pruned": self.pruned,
        }


def _combined_sha(files: list[RawFile]) -> str:
    if len(files) == 1:
        return files[0].sha256
    digest = hashlib.sha256()
    for raw in sorted(files, key=lambda f: f.spec.name):
        digest.update(f"{raw.spec.name}\0{raw.sha256}\n".encode())
    return digest.hexdigest()


def _quiet(_: str) -> None:
    return None


def _unchanged(
    cur: duckdb.DuckDBPyConnection, source: Source, sha: str, described: str
) -> IngestReport | None:
    current = catalog.current_version(cur, source.name)
    if current is None or current.sha256 != sha or current.parser_version != source.parser_version:
        return None
    log.info("ingest.unchanged", dataset=source.name, version=current.version)
    return IngestReport(
        source.name, current.version, False, current.rows, described, sha, current.stats
    )


def ingest_source(
    store: Store,
    source: Source,
    origin: str | None = None,
    mirror: Path | None = None,
    progress: Progress | None = None,
    timeout: float = 60.0,
    allow_private: bool = False,
    fetched: list[RawFile] | None = None,
) -> IngestReport:
    """Load one dataset. Either a new version is in force when this returns, or (on any
    error) nothing in the store has changed. Loads of the same bytes, even concurrent ones,
    make one version: the check is made again under the write lock."""
    say = progress or _quiet
    with make_workdir() as tmp:
        workdir = Path(tmp)
        say("fetching")
        if fetched is None:
            locations = source.resolve(origin, mirror)
            files = [
                fetch(spec, where, workdir, timeout, allow_private) for spec, where in locations
            ]
        else:  # already downloaded by the updater (puente.ingest.updates)
            files = fetched
        sha = _combined_sha(files)
        described = "; ".join(public_origin(raw, mirror) for raw in files)
        with store.read() as cur:
            unchanged = _unchanged(cur, source, sha, described)
        if unchanged is not None:
            return unchanged
        with store.write() as cur:
            # Another load of the same bytes may have landed while this one waited.
            unchanged = _unchanged(cur, source, sha, described)
            if unchanged is not None:
                return unchanged
            number = catalog.next_version(cur, source.name)
            result = source.load(cur, LoadContext(files, number, workdir, say))
            say("switching")
            catalog.record_version(
                cur,
                DatasetVersion(
                    dataset=source.name,
                    version=number,
                    source=described,
                    sha256=sha,
                    bytes=sum(raw.bytes for raw in files),
                    rows=result.rows,
                    coverage_start=result.coverage_start,
                    coverage_end=result.coverage_end,
                    loaded_at=datetime.now(UTC),
                    parser_version=source.parser_version,
                    tables=source.tables,
                    stats=result.stats,
                ),
            )
            catalog.activate(cur, source.name, number)
            pruned = catalog.prune(cur, source.name, store.keep_versions)
    store.data_changed()
    log.info("ingest.done", dataset=source.name, version=number, rows=result.rows)
    run_post_load(store, source.name, number)
    return IngestReport(
        source.name, number, True, result.rows, described, sha, result.stats, pruned
    )


class VersionChanged(PuenteError):
    """The version in force is not the one the caller expected (a load landed meanwhile)."""

    status_code = 409
    error = "conflict"


def rollback_dataset(store: Store, dataset: str, expect: int | None = None) -> DatasetVersion:
    """Put the previous kept version back in force; with `expect`, only if the version in
    force is still that one (checked under the write lock), so that a rollback never undoes
    a load it did not see."""
    with store.write() as cur:
        if expect is not None:
            current = catalog.require_current(cur, dataset)
            if current.version != expect:
                raise VersionChanged(
                    f"{dataset}: version {current.version} is in force now, not {expect} "
                    "(a load landed meanwhile); nothing was rolled back. Check "
                    "`puente datasets` and run the rollback again if it still applies."
                )
        previous = catalog.previous_version(cur, dataset)
        catalog.activate(cur, dataset, previous.version)
        restored = catalog.get_version(cur, dataset, previous.version)
    store.data_changed()
    run_post_load(store, dataset, restored.version)
    return restored
