"""The catalog of dataset versions: provenance, the version in force, rollback, pruning."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import duckdb

from puente.errors import InvalidInput, NotFound

_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


def table_name(table: str, version: int) -> str:
    """The physical name of one version of a dataset table."""
    if not _IDENT.match(table):
        raise ValueError(f"bad table name {table!r}")
    return f"{table}__v{version}"


@dataclass(frozen=True, slots=True)
class VersionRef:
    """What a figure carries to say where it came from."""

    dataset: str
    version: int
    sha256: str
    source: str
    loaded_at: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class DatasetVersion:
    dataset: str
    version: int
    source: str
    sha256: str
    bytes: int
    rows: int
    coverage_start: str | None
    coverage_end: str | None
    loaded_at: datetime
    parser_version: str
    tables: tuple[str, ...]
    stats: dict[str, Any] = field(default_factory=dict)
    current: bool = False

    @property
    def ref(self) -> VersionRef:
        return VersionRef(
            self.dataset, self.version, self.sha256, self.source, self.loaded_at.isoformat()
        )

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["loaded_at"] = self.loaded_at.isoformat()
        data["tables"] = list(self.tables)
        return data


_COLUMNS = (
    "v.dataset, v.version, v.source, v.sha256, v.bytes, v.rows, v.coverage_start, "
    "v.coverage_end, v.loaded_at, v.parser_version, v.tables, v.stats, "
    "coalesce(d.current_version = v.version, false)"
)


def _row_to_version(row: tuple[Any, ...]) -> DatasetVersion:
    stats = row[11]
    return DatasetVersion(
        dataset=row[0],
        version=row[1],
        source=row[2],
        sha256=row[3],
        bytes=row[4],
        rows=row[5],
        coverage_start=row[6],
        coverage_end=row[7],
        loaded_at=row[8],
        parser_version=row[9],
        tables=tuple(row[10]),
        stats=json.loads(stats) if isinstance(stats, str) else (stats or {}),
        current=bool(row[12]),
    )


def list_versions(
    cur: duckdb.DuckDBPyConnection, dataset: str | None = None
) -> list[DatasetVersion]:
    """Every kept version, newest first, of one dataset or of all."""
    sql = (
        f"SELECT {_COLUMNS} FROM dataset_versions v LEFT JOIN datasets d USING (dataset) "
        "WHERE NOT v.dropped"
    )
    params: list[Any] = []
    if dataset is not None:
        sql += " AND v.dataset = ?"
        params.append(dataset)
    sql += " ORDER BY v.dataset, v.version DESC"
    return [_row_to_version(r) for r in cur.execute(sql, params).fetchall()]


def current_version(cur: duckdb.DuckDBPyConnection, dataset: str) -> DatasetVersion | None:
    row = cur.execute(
        f"SELECT {_COLUMNS} FROM dataset_versions v JOIN datasets d USING (dataset) "
        "WHERE v.dataset = ? AND v.version = d.current_version",
        [dataset],
    ).fetchone()
    return _row_to_version(row) if row else None


def require_current(cur: duckdb.DuckDBPyConnection, dataset: str) -> DatasetVersion:
    """The version in force, or a NotFound that tells the user how to load it."""
    version = current_version(cur, dataset)
    if version is None:
        raise NotFound(f"dataset {dataset!r} is not loaded; run `puente ingest {dataset}`")
    return version


def get_version(cur: duckdb.DuckDBPyConnection, dataset: str, version: int) -> DatasetVersion:
    row = cur.execute(
        f"SELECT {_COLUMNS} FROM dataset_versions v LEFT JOIN datasets d USING (dataset) "
        "WHERE v.dataset = ? AND v.version = ? AND NOT v.dropped",
        [dataset, version],
    ).fetchone()
    if row is None:
        raise NotFound(f"dataset {dataset!r} has no kept version {version}")
    return _row_to_version(row)


def next_version(cur: duckdb.DuckDBPyConnection, dataset: str) -> int:
    row = cur.execute(
        "SELECT coalesce(max(version), 0) + 1 FROM dataset_versions WHERE dataset = ?",
        [dataset],
    ).fetchone()
    return int(row[0]) if row else 1


def record_version(cur: duckdb.DuckDBPyConnection, version: DatasetVersion) -> None:
    cur.execute(
        "INSERT INTO dataset_versions (dataset, version, source, sha256, bytes, rows, "
        "coverage_start, coverage_end, loaded_at, parser_version, tables, stats) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            version.dataset,
            version.version,
            version.source,
            version.sha256,
            version.bytes,
            version.rows,
            version.coverage_start,
            version.coverage_end,
            version.loaded_at,
            version.parser_version,
            list(version.tables),
            json.dumps(version.stats, default=str),
        ],
    )


def activate(cur: duckdb.DuckDBPyConnection, dataset: str, version: int) -> None:
    """Make a kept version the one in force: catalog pointer and views, in the caller's
    transaction, so readers switch all at once."""
    target = get_version(cur, dataset, version)
    for table in target.tables:
        cur.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {table_name(table, version)}")
    cur.execute(
        "INSERT INTO datasets (dataset, current_version) VALUES (?, ?) "
        "ON CONFLICT (dataset) DO UPDATE SET current_version = excluded.current_version",
        [dataset, version],
    )


def previous_version(cur: duckdb.DuckDBPyConnection, dataset: str) -> DatasetVersion:
    current = require_current(cur, dataset)
    older = [v for v in list_versions(cur, dataset) if v.version < current.version]
    if not older:
        raise InvalidInput(
            f"dataset {dataset!r} has no kept version before version {current.version}"
        )
    return older[0]


def prune(cur: duckdb.DuckDBPyConnection, dataset: str, keep: int) -> list[int]:
    """Drop the tables of versions beyond the newest `keep`; the one in force is always kept."""
    current = current_version(cur, dataset)
    kept = list_versions(cur, dataset)
    dropped: list[int] = []
    for stale in kept[keep:]:
        if current is not None and stale.version == current.version:
            continue
        for table in stale.tables:
            cur.execute(f"DROP TABLE IF EXISTS {table_name(table, stale.version)}")
        cur.execute(
            "UPDATE dataset_versions SET dropped = true WHERE dataset = ? AND version = ?",
            [dataset, stale.version],
        )
        dropped.append(stale.version)
    return dropped
