"""How a CLI command reaches the data: the database file directly, or, when `puente serve`
holds it, the running server's JSON API (see docs/decisions/0001-store-and-concurrency.md).

Either way the command gets the same JSON-shaped data, so `--json` prints what the API serves.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

import typer

from puente.errors import (
    Forbidden,
    InvalidInput,
    NotFound,
    PuenteError,
    StoreError,
    StoreLocked,
    Unauthorized,
)

if TYPE_CHECKING:
    import duckdb

    from puente.config import Settings
    from puente.results import Answer
    from puente.store import Store

A = TypeVar("A", bound="Answer")

_STATUS_ERRORS: dict[int, type[PuenteError]] = {
    400: InvalidInput,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
}


def settings_of(ctx: typer.Context) -> Settings:
    """The settings the root command made (with --db applied)."""
    from puente.config import Settings, get_settings

    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else get_settings()


def server_file(db: Path) -> Path:
    """Where a running `puente serve` says how to reach it."""
    return Path(f"{db}.server.json")


def write_server_file(db: Path, url: str, token: str) -> Path:
    from puente.store.files import write_private

    # 0600 even when an earlier file at that path was readable by others: it holds the token.
    data = json.dumps({"url": url, "token": token, "pid": os.getpid()})
    return write_private(server_file(db), data)


def read_server_file(db: Path) -> dict[str, Any] | None:
    path = server_file(db)
    if not path.is_file():
        return None
    try:
        data: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data


def _json_default(value: Any) -> Any:
    from puente.results import plain

    dumped = plain(value)
    return str(value) if dumped is value else dumped


def jsonable(data: Any) -> Any:
    """What the data looks like once it has been through the API's JSON (a typed answer as
    the API sends it)."""
    return json.loads(json.dumps(data, default=_json_default))


def call(
    settings: Settings,
    local: Callable[[Store], Any],
    method: str,
    path: str,
    *,
    params: dict[str, Any] | None = None,
    body: dict[str, Any] | None = None,
    admin: bool = False,
    timeout: float = 600.0,
) -> Any:
    """Run `local` on the database file, or the same request against the running server."""
    from puente.store import open_store

    try:
        store = open_store(settings.db, keep_versions=settings.keep_versions)
    except StoreLocked as exc:
        server = read_server_file(settings.db)
        if server is None:
            raise StoreLocked(
                f"{exc.detail}; no server address found at {server_file(settings.db)}"
            ) from exc
        return remote(server, method, path, params=params, body=body, admin=admin, timeout=timeout)
    try:
        return jsonable(local(store))
    finally:
        store.close()


def open_for_spark(settings: Settings, what: str) -> Store:
    """The database file for an `--engine spark` command, opened here; a server holding it is
    one clear error (`what` says what the command does with the file)."""
    from puente.store import open_store

    try:
        return open_store(settings.db, keep_versions=settings.keep_versions)
    except StoreLocked as exc:
        raise StoreLocked(
            f"{exc.detail}; --engine spark {what} the database file, so run it where no "
            "server holds it (or stop the server)"
        ) from exc


@overload
def read(
    settings: Settings,
    query: Callable[[duckdb.DuckDBPyConnection], Any],
    path: str,
    params: dict[str, Any] | None = None,
    *,
    model: type[A],
) -> A: ...


@overload
def read(
    settings: Settings,
    query: Callable[[duckdb.DuckDBPyConnection], Any],
    path: str,
    params: dict[str, Any] | None = None,
) -> Any: ...


def read(
    settings: Settings,
    query: Callable[[duckdb.DuckDBPyConnection], Any],
    path: str,
    params: dict[str, Any] | None = None,
    *,
    model: type[A] | None = None,
) -> Any:
    """`query(cur)` in a read transaction on the database file, or GET `path` (the API twin
    of the same service call) from the running server. With `model`, the answer of either
    path is read back as that typed result, so a command reads the same attributes both ways."""

    def local(store: Store) -> Any:
        with store.read() as cur:
            return query(cur)

    data = call(settings, local, "GET", path, params=params)
    return data if model is None else model.model_validate(data)


def remote(
    server: dict[str, Any],
    method: str,
    path: str,
    *,
    params: dict[str, Any] | None = None,
    body: dict[str, Any] | None = None,
    admin: bool = False,
    timeout: float = 600.0,
) -> Any:
    import httpx

    # The server's own token (in a 0600 file beside the database) is the local admin
    # credential; the server records its holder as the local user. No header names a user.
    headers = {"X-Puente-Token": str(server.get("token", ""))}
    clean = {k: v for k, v in (params or {}).items() if v is not None}
    try:
        response = httpx.request(
            method,
            str(server["url"]).rstrip("/") + path,
            params=clean,
            json=body,
            headers=headers,
            timeout=timeout,
        )
    except httpx.HTTPError as exc:
        raise StoreError(
            f"the database is held by a server at {server.get('url')} that does not answer ({exc})"
        ) from exc
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail", response.text)
        except ValueError:
            detail = response.text
        raise _STATUS_ERRORS.get(response.status_code, PuenteError)(str(detail))
    return response.json()
