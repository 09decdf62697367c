"""The store's own tables (catalog, audit) and their migrations.

Dataset tables are not here: each dataset version writes its own tables, named
`<table>__v<version>`, and a view `<table>` follows the version in force.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import duckdb

_ENTITY_TABLE = re.compile(r"^(?P<prefix>[a-z]+)_entities__v(?P<version>[0-9]+)$")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _list_nationalities(con: duckdb.DuckDBPyConnection) -> None:
    """Every kept version of every sanctions list (`<prefix>_entities__v<n>` beside its
    `<prefix>_remarks__v<n>`) gains the `nationalities` column its loader now writes, read
    back from the version's own facts: the ISO codes of its nationality and citizenship
    statements. A version written before has them in `countries` only, mixed with addresses
    and places of birth."""
    tables = {
        str(row[0])
        for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
        ).fetchall()
    }
    for table in sorted(tables):
        found = _ENTITY_TABLE.match(table)
        remarks = f"{found['prefix']}_remarks__v{found['version']}" if found else ""
        if found is None or remarks not in tables:
            continue
        columns = {
            str(row[0])
            for row in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                [table],
            ).fetchall()
        }
        if "nationalities" in columns or "countries" not in columns:
            continue
        con.execute(f"ALTER TABLE {_quoted(table)} ADD COLUMN nationalities VARCHAR[]")
        con.execute(
            f"UPDATE {_quoted(table)} e SET nationalities = n.codes FROM ("
            "SELECT entity_id, list_sort(list_distinct(list(normalized))) AS codes "
            f"FROM {_quoted(remarks)} WHERE field IN ('nationality', 'citizenship') "
            "AND normalized IS NOT NULL GROUP BY entity_id) n WHERE e.entity_id = n.entity_id"
        )
        con.execute(f"UPDATE {_quoted(table)} SET nationalities = [] WHERE nationalities IS NULL")


Migration = str | Callable[[duckdb.DuckDBPyConnection], None]
"""SQL, or a function of the connection for a change SQL cannot say alone (it runs in the
migration's transaction)."""

# Append-only: (id, sql). Ids are "<package>.<n>", never renumbered or edited once landed.
MIGRATIONS: list[tuple[str, Migration]] = [
    (
        "store.1",
        """
        CREATE TABLE IF NOT EXISTS datasets (
            dataset TEXT PRIMARY KEY,
            current_version INTEGER
        );
        CREATE TABLE IF NOT EXISTS dataset_versions (
            dataset TEXT NOT NULL,
            version INTEGER NOT NULL,
            source TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            bytes BIGINT NOT NULL,
            rows BIGINT NOT NULL,
            coverage_start TEXT,
            coverage_end TEXT,
            loaded_at TIMESTAMPTZ NOT NULL,
            parser_version TEXT NOT NULL,
            tables TEXT[] NOT NULL,
            stats JSON,
            dropped BOOLEAN NOT NULL DEFAULT false,
            PRIMARY KEY (dataset, version)
        );
        """,
    ),
    (
        "sanctions.1",
        """
        CREATE TABLE IF NOT EXISTS screening_audit (
            -- Numbered by the one appender (puente.sanctions.audit), in hash-chain order. No
            -- key index: keeping one costs more than the rest of an insert, and the chain
            -- (prev_hash -> hash) already proves the rows are whole and in order.
            id BIGINT NOT NULL,
            screened_at TIMESTAMPTZ NOT NULL,
            actor TEXT NOT NULL,
            channel TEXT NOT NULL,
            dataset TEXT NOT NULL,
            list_version INTEGER,
            list_sha256 TEXT,
            threshold DOUBLE NOT NULL,
            queries JSON NOT NULL,
            results JSON NOT NULL,
            query_count INTEGER NOT NULL,
            match_count INTEGER NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        """,
    ),
    (
        "watch.1",
        """
        -- Monitoring (puente.watch): portfolios of subjects, their alerts and notifications.
        -- No key constraints: DuckDB checks them eagerly on UPDATE; puente.watch.state keeps
        -- the keys unique under the store's write lock.
        CREATE SEQUENCE IF NOT EXISTS watch_ids START 1;
        CREATE TABLE IF NOT EXISTS watch_portfolios (
            portfolio TEXT NOT NULL,
            title TEXT,
            created_at TIMESTAMPTZ NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS watch_subjects (
            portfolio TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            name TEXT NOT NULL,
            subject_type TEXT,
            birth_date TEXT,
            country TEXT,
            id_number TEXT,
            added_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE IF NOT EXISTS watch_alerts (
            alert_id BIGINT NOT NULL,
            portfolio TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            dataset TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            entry_digest TEXT NOT NULL,
            list_version INTEGER NOT NULL,
            matched_name TEXT NOT NULL,
            primary_name TEXT NOT NULL,
            programs TEXT[] NOT NULL,
            score DOUBLE NOT NULL,
            explanation TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL,
            decided_by TEXT,
            decided_at TIMESTAMPTZ,
            reason TEXT,
            dismissed_digest TEXT
        );
        CREATE TABLE IF NOT EXISTS watch_events (
            event_id BIGINT NOT NULL,
            alert_id BIGINT NOT NULL,
            portfolio TEXT NOT NULL,
            event_at TIMESTAMPTZ NOT NULL,
            event TEXT NOT NULL,
            status TEXT NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT,
            list_version INTEGER
        );
        CREATE TABLE IF NOT EXISTS watch_lists (
            dataset TEXT NOT NULL,
            version INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            engine TEXT NOT NULL,
            screened_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE IF NOT EXISTS watch_entries (
            dataset TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            digest TEXT NOT NULL,
            facts TEXT NOT NULL,
            names TEXT[] NOT NULL
        );
        CREATE TABLE IF NOT EXISTS watch_webhooks (
            webhook_id BIGINT NOT NULL,
            portfolio TEXT NOT NULL,
            url TEXT NOT NULL,
            secret TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE IF NOT EXISTS watch_deliveries (
            delivery_id BIGINT NOT NULL,
            webhook_id BIGINT NOT NULL,
            portfolio TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            attempted_at TIMESTAMPTZ NOT NULL,
            events BIGINT[] NOT NULL,
            status_code INTEGER,
            error TEXT,
            delivered BOOLEAN NOT NULL
        );
        """,
    ),
    (
        "jobs.1",
        """
        CREATE TABLE IF NOT EXISTS screening_jobs (
            -- Batch screening jobs (puente.jobs): state and provenance; the rows screened are
            -- in screening_audit (audit_ids), the result in a file under the jobs folder.
            id TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            actor TEXT NOT NULL,
            channel TEXT NOT NULL,
            file_name TEXT,
            threshold DOUBLE NOT NULL,
            rows_total INTEGER NOT NULL,
            rows_done INTEGER NOT NULL,
            match_rows INTEGER NOT NULL,
            error_rows INTEGER NOT NULL,
            input_sha256 TEXT NOT NULL,
            result_sha256 TEXT,
            dataset TEXT,
            list_version INTEGER,
            list_sha256 TEXT,
            audit_id BIGINT,
            audit_ids BIGINT[],
            error TEXT,
            created_at TIMESTAMPTZ NOT NULL,
            started_at TIMESTAMPTZ,
            finished_at TIMESTAMPTZ,
            expires_at TIMESTAMPTZ
        );
        """,
    ),
    (
        "border.1",
        """
        CREATE TABLE IF NOT EXISTS live_waits (
            -- CBP Border Wait Times as polled (puente.border.live); a lane's row is added only
            -- when its figure changed since the last poll.
            fetched_at TIMESTAMPTZ NOT NULL,
            published_at TIMESTAMPTZ,
            source TEXT NOT NULL,
            feed_format TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            port_number TEXT NOT NULL,
            port_code TEXT NOT NULL,
            crossing TEXT NOT NULL,
            lane TEXT NOT NULL,
            lane_type TEXT NOT NULL,
            status TEXT NOT NULL,
            delay_minutes INTEGER,
            lanes_open INTEGER,
            maximum_lanes INTEGER,
            update_label TEXT NOT NULL,
            updated_at TIMESTAMPTZ,
            notice TEXT NOT NULL
        );
        """,
    ),
    (
        "store.2",
        """
        -- What the updater knows of each dataset's publisher (puente.ingest.updates).
        CREATE TABLE IF NOT EXISTS dataset_checks (
            dataset TEXT PRIMARY KEY,
            publisher_url TEXT NOT NULL,
            validators JSON,  -- per URL: etag, last_modified, sha256 of the last 200
            last_check TIMESTAMPTZ,
            last_change TIMESTAMPTZ,
            next_check TIMESTAMPTZ,
            last_error TEXT,
            failures INTEGER NOT NULL DEFAULT 0
        );
        -- Provenance never names a server path: keep the mirror-relative part of absolute
        -- paths recorded before (the mirror is laid out like shared/data), else the file name.
        UPDATE dataset_versions SET source = regexp_replace(
            regexp_replace(source,
                '/(?:[^;]*/)?((?:border_crossings|geo|ofac_sdn|sanctions_more|security|trade|'
                || 'wait_times)/[^;]*)', '\\1', 'g'),
            '(^|; )/(?:[^;/]*/)*([^;/]+)', '\\1\\2', 'g')
        WHERE source LIKE '/%' OR source LIKE '%; /%';
        """,
    ),
    (
        "border.2",
        """
        -- The wait forecast's models, fitted when the waits change (puente.border.fitting).
        CREATE TABLE IF NOT EXISTS wait_forecast_models (
            port_code TEXT NOT NULL,
            crossing TEXT NOT NULL,
            lane TEXT NOT NULL,
            lane_type TEXT NOT NULL,
            fitted_at TIMESTAMPTZ NOT NULL,
            trained_through TIMESTAMP NOT NULL,  -- the series' last hour, port local time
            params JSON NOT NULL,  -- coefficients per horizon and the backtest's errors
            PRIMARY KEY (port_code, crossing, lane, lane_type)
        );
        """,
    ),
    ("sanctions.2", _list_nationalities),
]


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY)")
    done = {row[0] for row in con.execute("SELECT id FROM schema_migrations").fetchall()}
    for number, sql in MIGRATIONS:
        if number in done:
            continue
        con.begin()
        try:
            if isinstance(sql, str):
                con.execute(sql)
            else:
                sql(con)
            con.execute("INSERT INTO schema_migrations VALUES (?)", [number])
            con.commit()
        except BaseException:
            con.rollback()
            raise


def check_current(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """For a read-only store: every migration must already be applied (nothing can be)."""
    from puente.errors import StoreError

    try:
        done = {row[0] for row in con.execute("SELECT id FROM schema_migrations").fetchall()}
    except duckdb.Error:
        done = set()
    missing = [number for number, _ in MIGRATIONS if number not in done]
    if missing:
        raise StoreError(
            f"{path} needs upgrading ({', '.join(missing)}) and is opened read-only; open it "
            "once writable (any `puente` command without --read-only) to upgrade it"
        )
