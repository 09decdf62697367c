"""Settings: one pydantic-settings object, every field read from a PUENTE_ variable.

docs/settings.md has a table of every field; a test checks that it stays complete.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PUENTE_", extra="ignore")

    db: Path = Field(
        Path("var/puente.duckdb"), description="The DuckDB database file, or :memory:."
    )
    mirror: Path | None = Field(
        None,
        description="A folder laid out like shared/data; ingest reads from it instead of "
        "downloading from the publishers.",
    )
    keep_versions: int = Field(
        3,
        ge=1,
        description="How many versions of each dataset the store keeps (for diff and rollback).",
    )
    host: str = Field("127.0.0.1", description="Address `puente serve` listens on.")
    port: int = Field(8000, description="Port `puente serve` listens on.")
    locale: str = Field("en", description="Default locale of the web pages (en or es).")
    download_timeout: float = Field(60.0, description="Seconds before a download is abandoned.")
    stale_days: int = Field(
        365, description="A reference fact older than this many days is flagged as stale."
    )
    screen_threshold: float = Field(
        0.8,
        ge=0,
        le=1,
        description="Default score at or above which a screening candidate is a match.",
    )
    watch_threshold: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Score at or above which a monitored subject raises an alert (default: "
        "the screening threshold). Changing it re-screens every portfolio in full.",
    )
    webhook_attempts: int = Field(
        5, ge=1, le=20, description="Attempts per webhook delivery before it is given up."
    )
    webhook_backoff: float = Field(
        2.0, ge=0, description="Seconds before the first webhook retry; doubled each retry."
    )
    webhook_timeout: float = Field(10.0, gt=0, description="Seconds a webhook POST may take.")
    webhook_allow_private: bool = Field(
        False,
        description="Allow webhook URLs on this host or private networks (off: a webhook "
        "cannot be used to reach internal services).",
    )
    log_level: str = Field("WARNING", description="Log level of the structlog events.")
    batch_sync_rows: int = Field(
        200,
        ge=0,
        description="A batch upload of at most this many rows is answered at once; a larger "
        "one becomes a job (202 and a job id).",
    )
    jobs_workers: int = Field(
        1, ge=1, le=32, description="Worker processes, that is batch jobs running at once."
    )
    jobs_queue: int = Field(
        4, ge=0, description="Batch jobs that may wait for a worker; beyond that, 503."
    )
    jobs_result_ttl: float = Field(
        86400.0, gt=0, description="Seconds a finished job's result is kept for download."
    )
    jobs_dir: Path | None = Field(
        None, description="Where job results are written (default: <db>.jobs beside the db)."
    )
    page_cache_mb: int = Field(
        64, ge=0, description="Memory for kept pages and API answers (MB); 0 keeps none."
    )
    cache_max_age: int = Field(
        60, ge=0, description="Seconds a browser may reuse a page or data answer (max-age)."
    )
    # Limits on what a request may ask (docs/decisions/0009-limits-and-hostile-input.md).
    max_body_bytes: int = Field(
        1024 * 1024, ge=1024, description="Largest request body (JSON or form), in bytes."
    )
    max_upload_bytes: int = Field(
        5 * 1024 * 1024, ge=1024, description="Largest uploaded file (batch screening), in bytes."
    )
    max_json_depth: int = Field(32, ge=2, description="Deepest nesting of a JSON body or field.")
    max_queries: int = Field(
        1000, ge=1, le=1000, description="Most names one screening or reconciliation request holds."
    )
    rate_limit: str = Field("120/minute", description="Requests per key and per address.")
    screen_rate_limit: str = Field(
        "30/minute", description="Screening requests per key and per address."
    )
    auth_fail_limit: str = Field(
        "10/minute", description="Failed authentications (401/403) per address."
    )
    trust_forwarded_for: bool = Field(
        False, description="Take the client address from X-Forwarded-For (behind a proxy)."
    )
    fetch_allow_private: bool = Field(
        False,
        description="Let --from, admin ingest, updater and live-poll URLs reach loopback, "
        "link-local and private addresses (tests set it for their local fake publishers).",
    )
    # The updater (docs/decisions/0013-updater.md) and the live border waits (0014).
    update_every: str = Field(
        "6h", description="How often the updater checks each publisher (e.g. 30m, 6h, 1d)."
    )
    waits_poll_every: str = Field(
        "10m", description="How often the updater records the CBP live border-wait feed."
    )
    waits_feed_url: str = Field(
        "https://bwt.cbp.gov/api/bwtnew", description="The CBP Border Wait Times feed polled."
    )
    auth: Literal["local", "required"] | None = Field(
        None,
        description="local (anonymous screening allowed) or required (every screening needs a "
        "key); default: local when listening on a loopback address, else required.",
    )
    audit_secret_file: Path | None = Field(
        None,
        description="File (mode 0600) with the secret that keys the audit chain and signs "
        "checkpoints; default <db>.secret.",
    )
    audit_secret: SecretStr | None = Field(
        None, description="The audit secret itself (64 hex digits), instead of the file."
    )
    state_url: str | None = Field(
        None,
        pattern=r"^postgres(ql)?://",
        description="postgresql://... : keep shared state (keys, sessions, audit log, jobs, "
        "monitoring) in PostgreSQL for several processes or hosts; unset: in the DuckDB file.",
    )
    audit_checkpoint_minutes: float = Field(
        60.0, ge=0, description="How often the server records a signed audit checkpoint; 0: never."
    )
    session_hours: float = Field(
        8.0, gt=0, description="How long a web sign-in lasts before the key is asked again."
    )
    base_url: str | None = Field(
        None,
        description="Canonical base URL (https://puente.example.org) of every absolute URL "
        "Puente writes (reconciliation manifest, links); unset: the address the server binds.",
    )
    cors_origins: str = Field(
        "",
        description="Comma-separated origins (or *) allowed to call the data API /api from a "
        "browser; empty: no CORS headers on /api.",
    )
    access_log: str = Field(
        "off",
        description="One line per HTTP request (combined log format, without credentials or "
        "query values named key/token): off, stdout, or a file path to append to.",
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
