"""The store's check of itself before it serves: the catalog reads, and every table (each
dataset version kept, the audit log) reads through to its last block, so that a damaged file
is refused at start-up with what to do, rather than answered with errors page by page."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from puente.logs import get_logger
from puente.store.database import Store
from puente.store.files import StoreDamaged, damaged_message

log = get_logger(__name__)

CATALOG = ("schema_migrations", "datasets", "dataset_versions")


@dataclass(slots=True)
class StoreHealth:
    tables: int = 0
    rows: int = 0
    in_force: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _scan(cur: duckdb.DuckDBPyConnection, table: str) -> int:
    """Read every column of every row (DuckDB checks each block's checksum as it reads)."""
    row = cur.execute(f'SELECT count(*), max(hash(COLUMNS(*))) FROM "{table}"').fetchone()
    return int(row[0]) if row else 0


def check_store(store: Store) -> StoreHealth:
    health = StoreHealth()
    with store.read() as cur:
        try:
            for table in CATALOG:
                _scan(cur, table)
            in_force = cur.execute(
                "SELECT d.dataset, d.current_version, v.tables, v.rows FROM datasets d "
                "LEFT JOIN dataset_versions v "
                "ON v.dataset = d.dataset AND v.version = d.current_version"
            ).fetchall()
            tables = [
                str(r[0])
                for r in cur.execute(
                    "SELECT table_name FROM duckdb_tables() "
                    "WHERE database_name = current_database() AND schema_name = 'main' "
                    "ORDER BY table_name"
                ).fetchall()
            ]
        except duckdb.Error as exc:
            health.problems.append(f"the catalog cannot be read: {str(exc).splitlines()[0]}")
            return health
        present = set(tables)
        for dataset, version, names, _rows in in_force:
            if version is None:
                continue
            health.in_force[dataset] = int(version)
            if names is None:
                health.problems.append(f"{dataset} version {version} is missing from the catalog")
                continue
            for name in names:
                physical = f"{name}__v{version}"
                if physical not in present:
                    health.problems.append(f"table {physical} of {dataset} is missing")
        for table in tables:
            try:
                health.rows += _scan(cur, table)
                health.tables += 1
            except duckdb.Error as exc:
                health.problems.append(f"table {table} cannot be read: {str(exc).splitlines()[0]}")
        for dataset, version, names, _ in in_force:
            for name in names or ():
                try:
                    cur.execute(f'SELECT * FROM "{name}" LIMIT 1').fetchall()
                except duckdb.Error as exc:
                    health.problems.append(
                        f"{dataset} version {version} ({name}) does not open: "
                        f"{str(exc).splitlines()[0]}"
                    )
    return health


def require_healthy(store: Store) -> StoreHealth:
    """The health of the store, or StoreDamaged naming the first problem and what to do."""
    health = check_store(store)
    if health.problems:
        more = f" and {len(health.problems) - 1} more" if len(health.problems) > 1 else ""
        raise StoreDamaged(damaged_message(store.path, health.problems[0][:300] + more))
    log.info("store.checked", tables=health.tables, rows=health.rows)
    return health
