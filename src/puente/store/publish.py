"""Published snapshots: an immutable DuckDB file of the data a primary database serves, with a
manifest beside it, that any number of read-only replicas serve (`puente serve --snapshot`).

`puente publish` copies the schema of every table and the rows of the data tables (every kept
dataset version, the persisted screening index, the catalog, the live waits) into a new file,
in one read transaction, so that the versions are consistent with each other. The state tables
(API keys, sessions, the audit log, jobs, monitoring) travel as empty tables: a snapshot goes to
public replicas and must not carry a screened name or a key hash. The manifest
(`<file>.manifest.json`) names the versions in force, the file's size and SHA-256, and when it
was made; a replica refuses a file whose bytes do not match it (a partial copy, a damaged disk).

In a folder (`--out DIR/`, any existing folder, or by default `<db>.snapshots/`), snapshots
get names that sort by time and the manifest is written last, so a replica watching the folder
never takes a snapshot before it is whole (docs/decisions/0023-workers-replicas-snapshots.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from puente.errors import StoreError
from puente.logs import get_logger
from puente.store.database import Store

log = get_logger(__name__)

FORMAT = "puente-snapshot/1"
MANIFEST_SUFFIX = ".manifest.json"
SUFFIX = ".duckdb"
# Tables whose rows a snapshot carries besides the dataset versions (`<table>__v<n>`): what the
# pages and the API read. Every other table (state) is copied empty: allow-listed, so a state
# table added later is never published by mistake.
DATA_TABLES = frozenset({"datasets", "dataset_versions", "dataset_checks", "schema_migrations"})
DATA_TABLES |= {"live_waits"}
_VERSIONED = re.compile(r"__v\d+$")


class SnapshotError(StoreError):
    """A snapshot that cannot be served: missing, partial, damaged, or not a snapshot."""


@dataclass(frozen=True, slots=True)
class Manifest:
    file: str
    """The snapshot's file name (no folder: copies keep their manifest valid)."""
    bytes: int
    sha256: str
    created: str
    """ISO 8601, UTC."""
    versions: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Dataset -> {version, sha256, rows, loaded_at} of the version in force."""
    puente: str = ""
    format: str = FORMAT

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "file": self.file,
            "bytes": self.bytes,
            "sha256": self.sha256,
            "created": self.created,
            "puente": self.puente,
            "versions": self.versions,
        }

    @property
    def in_force(self) -> dict[str, int]:
        return {name: int(v["version"]) for name, v in self.versions.items()}


def manifest_path(snapshot: Path) -> Path:
    return snapshot.with_name(snapshot.name + MANIFEST_SUFFIX)


def default_dir(db: str | Path) -> Path:
    """Where `puente publish` and `puente serve --workers` keep snapshots of `db`."""
    return Path(f"{db}.snapshots")


def versions_in_force(cur: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    rows = cur.execute(
        "SELECT v.dataset, v.version, v.sha256, v.rows, v.loaded_at FROM datasets d "
        "JOIN dataset_versions v ON v.dataset = d.dataset AND v.version = d.current_version "
        "ORDER BY v.dataset"
    ).fetchall()
    return {
        str(r[0]): {
            "version": int(r[1]),
            "sha256": str(r[2]),
            "rows": int(r[3]),
            "loaded_at": r[4].astimezone(UTC).isoformat() if r[4] is not None else None,
        }
        for r in rows
    }


def publish(store: Store, out: Path | None = None, keep: int = 3) -> tuple[Path, Manifest]:
    """Write a snapshot of `store` to `out` (a file, or a folder to name one in; default the
    store's snapshot folder) and its manifest; in a folder, keep the newest `keep`."""
    from puente import __version__

    if store.path == ":memory:":
        raise SnapshotError("an in-memory database cannot be published; use a database file")
    folder_mode = out is None or out.is_dir()
    created = datetime.now(UTC)
    if folder_mode:
        folder = default_dir(store.path) if out is None else out
        target = folder / f"puente-{created:%Y%m%dT%H%M%S%f}Z{SUFFIX}"
    else:
        assert out is not None
        target = out
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    try:
        versions = _copy(store, partial)
        digest, size = file_sha256(partial)
        manifest = Manifest(
            file=target.name,
            bytes=size,
            sha256=digest,
            created=created.isoformat(),
            versions=versions,
            puente=__version__,
        )
        partial.replace(target)
        _write_manifest(target, manifest)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        with contextlib.suppress(OSError):
            Path(f"{partial}.wal").unlink()
        raise
    log.info("snapshot.published", file=str(target), bytes=size, sha256=digest)
    if folder_mode:
        prune(target.parent, keep)
    return target, manifest


def _copy(store: Store, target: Path) -> dict[str, dict[str, Any]]:
    alias = f"puente_snapshot_{secrets.token_hex(4)}"
    with store.read() as cur:
        source = str(cur.execute("SELECT current_database()").fetchone()[0])  # type: ignore[index]
        versions = versions_in_force(cur)
        tables = [
            str(r[0])
            for r in cur.execute(
                "SELECT table_name FROM duckdb_tables() "
                "WHERE database_name = current_database() AND schema_name = 'main' "
                "ORDER BY table_name"
            ).fetchall()
        ]
    con = store.cursor()
    con.execute(f"ATTACH '{_quote_path(target)}' AS {alias}")
    try:
        con.execute(f'COPY FROM DATABASE "{source}" TO {alias} (SCHEMA)')
        con.begin()
        try:
            # One transaction: the rows copied are one consistent version of every table.
            for table in tables:
                if table in DATA_TABLES or _VERSIONED.search(table):
                    con.execute(f'INSERT INTO {alias}."{table}" SELECT * FROM "{source}"."{table}"')
            con.commit()
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                con.rollback()
            raise
        con.execute(f"CHECKPOINT {alias}")
    except duckdb.Error as exc:
        detail = str(exc).splitlines()[0]
        raise SnapshotError(f"cannot write the snapshot {target}: {detail}") from None
    finally:
        with contextlib.suppress(duckdb.Error):
            con.execute(f"DETACH {alias}")
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())
    return versions


def _quote_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _write_manifest(target: Path, manifest: Manifest) -> None:
    path = manifest_path(target)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    partial.write_text(json.dumps(manifest.as_dict(), indent=2, sort_keys=True) + "\n")
    partial.replace(path)


def file_sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def read_manifest(snapshot: Path) -> Manifest:
    path = manifest_path(snapshot)
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise SnapshotError(
            f"{snapshot} has no manifest ({path.name}); a snapshot is written by `puente "
            "publish` with its manifest beside it (copy both)"
        ) from None
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"{path} is not a snapshot manifest (JSON): {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SnapshotError(f"{path} is not a Puente snapshot manifest (format {FORMAT})")
    try:
        return Manifest(
            file=str(data["file"]),
            bytes=int(data["bytes"]),
            sha256=str(data["sha256"]),
            created=str(data["created"]),
            versions=dict(data.get("versions") or {}),
            puente=str(data.get("puente", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SnapshotError(f"{path} lacks the field {exc}; publish the snapshot again") from None


def verify(snapshot: Path) -> Manifest:
    """The manifest of `snapshot` once its bytes match it, else SnapshotError saying how not."""
    if not snapshot.is_file():
        raise SnapshotError(f"{snapshot} does not exist; publish one with `puente publish`")
    manifest = read_manifest(snapshot)
    size = snapshot.stat().st_size
    if size != manifest.bytes:
        raise SnapshotError(
            f"{snapshot} is {size} bytes and its manifest says {manifest.bytes}: a partial "
            "copy or a damaged file; copy the snapshot again (the one served is kept)"
        )
    digest, _ = file_sha256(snapshot)
    if digest != manifest.sha256:
        raise SnapshotError(
            f"{snapshot} has SHA-256 {digest[:16]}... and its manifest says "
            f"{manifest.sha256[:16]}...: the file is damaged or is not the one published; "
            "copy it again (the one served is kept)"
        )
    return manifest


def candidates(folder: Path) -> list[Path]:
    """Snapshots in `folder` that have a manifest, newest first (names sort by time)."""
    found = [
        p
        for p in folder.glob(f"*{SUFFIX}")
        if not p.name.startswith(".") and manifest_path(p).is_file()
    ]
    return sorted(found, key=lambda p: p.name, reverse=True)


def prune(folder: Path, keep: int) -> None:
    """Remove all but the newest `keep` snapshots (a replica still serving one keeps it open:
    removing a file does not take it from a process that has it open)."""
    for old in candidates(folder)[max(keep, 1) :]:
        for path in (manifest_path(old), old):
            with contextlib.suppress(OSError):
                path.unlink()


def newest_matching(folder: Path, store: Store) -> Path | None:
    """The newest snapshot in `folder` of exactly the versions `store` has in force."""
    if not folder.is_dir():
        return None
    with store.read() as cur:
        in_force = versions_in_force(cur)
    for snapshot in candidates(folder)[:1]:
        try:
            manifest = read_manifest(snapshot)
        except SnapshotError:
            return None
        if manifest.versions == in_force:
            return snapshot
    return None
