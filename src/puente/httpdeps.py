"""What the JSON API (puente.api) and the pages (puente.web) share: request dependencies, the
aliases their routes declare, and the screening steps both the API and the web form run.

Neither interface imports the other; both import this module (tests/test_layers.py checks).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import duckdb
from fastapi import Depends, FastAPI, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BeforeValidator

from puente.config import Settings
from puente.errors import InvalidInput
from puente.filenames import content_disposition
from puente.jobs import Job, JobRunner
from puente.sanctions import batch
from puente.sanctions.screener import check_threshold
from puente.store import Store


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def read_cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read transaction for the request: one consistent snapshot of every dataset."""
    with get_store(request).read() as cur:
        yield cur


def base_url(request: Request) -> str:
    """The canonical base URL of absolute URLs Puente writes (manifest, Atom ids and links):
    PUENTE_BASE_URL, else the scheme, address and port the server is bound to. Never the
    request's Host header, which any client sets."""
    settings: Settings = request.app.state.settings
    if settings.base_url:
        return settings.base_url.rstrip("/")
    scheme = str(request.scope.get("scheme", "http"))
    server = request.scope.get("server")
    if not server or not server[0]:
        return f"{scheme}://127.0.0.1"
    host, port = str(server[0]), server[1]
    if ":" in host:
        host = f"[{host}]"
    default = port is None or (scheme, port) in (("http", 80), ("https", 443))
    return f"{scheme}://{host}" + ("" if default else f":{port}")


async def _store_of(request: Request) -> Store:
    # A coroutine, so that FastAPI answers it on the event loop: a plain function dependency
    # costs a round trip through the thread pool on every request.
    return get_store(request)


async def _settings_of(request: Request) -> Settings:
    return get_settings(request)


# One definition of each alias the routes use.
Cursor = Annotated[duckdb.DuckDBPyConnection, Depends(read_cursor)]
StoreDep = Annotated[Store, Depends(_store_of)]
SettingsDep = Annotated[Settings, Depends(_settings_of)]


def _lower(value: Any) -> Any:
    """Case and surrounding spaces do not matter in a choice (CSV, Month...)."""
    return value.strip().lower() if isinstance(value, str) else value


def _canonical(check: Any) -> Any:
    """A choice that the service also knows by other names (car for passenger): the
    service's check names the canonical value, or says what was expected (a 400)."""

    def convert(value: Any) -> Any:
        return check(value) if isinstance(value, str) else value

    return BeforeValidator(convert)


Lower = BeforeValidator(_lower)
FormatName = Literal["json", "csv"]
Format = Annotated[FormatName | None, Lower, Query(description="json (default) or csv")]
Year = Annotated[int | None, Query(ge=1900, le=2100, description="A year, e.g. 2018")]
Month = Annotated[int | None, Query(ge=1, le=12, description="1-12 (default: the whole year)")]


def actor_of(request: Request) -> str:
    """Who screens, as the audit log names them: the verified key or session, else the
    anonymous-local screener when PUENTE_AUTH is local (puente.httpauth decides, reading the
    key itself; no request header can name the actor)."""
    from puente.httpauth import require_screener

    return require_screener(request).label


async def read_upload(file: UploadFile, settings: Settings) -> bytes:
    limit = settings.max_upload_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(
            f"the file is larger than {limit / (1024 * 1024):g} MB (PUENTE_MAX_UPLOAD_BYTES); "
            "use `puente screen --file` for larger batches"
        )
    return data


_JOBS_LOCK = threading.Lock()


def get_jobs(request: Request) -> JobRunner:
    """The application's batch job runner (created at start-up, or on first use)."""
    return runner_of(request.app)


def runner_of(app: FastAPI) -> JobRunner:
    with _JOBS_LOCK:
        runner: JobRunner | None = getattr(app.state, "jobs", None)
        if runner is None:
            runner = JobRunner(app.state.store, app.state.settings)
            app.state.jobs = runner
        return runner


def accept_batch(
    store: Store,
    settings: Settings,
    jobs: JobRunner,
    data: bytes,
    file_name: str | None,
    threshold: float | None,
    actor: str,
    channel: str,
    lists: str | list[str] | None = None,
) -> list[list[str]] | Job:
    """An uploaded CSV (the API's and the web form's), run in a thread: parsed; screened at
    once when it has at most PUENTE_BATCH_SYNC_ROWS rows, else queued as a job."""
    label = file_name or "the file"
    parsed = batch.read_upload(data, label, lists)
    cutoff = check_threshold(threshold, settings.screen_threshold)
    if len(parsed.rows) > settings.batch_sync_rows:
        return jobs.submit(
            parsed,
            actor=actor,
            channel=channel,
            file_name=file_name,
            threshold=cutoff,
            input_sha256=hashlib.sha256(data).hexdigest(),
        )
    return list(batch.screen_batch(store, parsed, cutoff, actor, channel))


def csv_download(rows: list[list[str]], file_name: str | None) -> Response:
    name = (file_name or "screening").rsplit(".", 1)[0] + "-screened.csv"
    return Response(
        "".join(batch.rows_to_csv(rows)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition(name)},
    )


def json_rows(rows: list[list[str]]) -> dict[str, object]:
    """The result rows as the job's JSON download has them: the columns, then one object per
    output row."""
    header = rows[0]
    return {"columns": header, "rows": [dict(zip(header, row, strict=True)) for row in rows[1:]]}
