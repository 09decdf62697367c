"""`puente serve`: the web app and JSON API, owner of the database file while it runs."""

from __future__ import annotations

import secrets
import signal
import socket
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from puente.cli.context import settings_of, write_server_file
from puente.cli.output import err_console
from puente.errors import ConfigError, InvalidInput, PuenteError

if TYPE_CHECKING:
    from puente.config import Settings
    from puente.ingest.schedule import Updater
    from puente.store import Store

app = typer.Typer()


@app.command("serve")
def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    read_only: Annotated[
        bool,
        typer.Option(
            "--read-only",
            help="Serve a database this process cannot (or must not) write; screening, which "
            "is audited, is then refused.",
        ),
    ] = False,
    update_every: Annotated[
        str | None,
        typer.Option(
            "--update-every",
            help="Check the publishers on this schedule (e.g. 6h) and poll the live waits "
            "every $PUENTE_WAITS_POLL_EVERY, inside the server.",
        ),
    ] = None,
) -> None:
    """Serve the web pages and the JSON API (OpenAPI docs at /docs).

    While it runs the server holds the database; `puente ingest` and the query commands
    then go through it, so pages keep answering while data loads.
    """
    import uvicorn

    from puente.api import create_app
    from puente.ingest.updates import parse_interval
    from puente.store import open_store
    from puente.store.check import require_healthy

    settings = settings_of(ctx)
    if update_every:
        parse_interval(update_every)  # a bad interval fails before the server starts
    host = host or settings.host
    port = settings.port if port is None else port
    settings = settings.model_copy(update={"host": host})
    # The port is bound first: a busy port is one clear error, before anything is announced
    # or written (an existing address file, another server's, is left alone).
    sock = _bind(host, port)
    port = int(sock.getsockname()[1])  # the real port when 0 asked the system for one
    try:
        store = open_store(settings.db, keep_versions=settings.keep_versions, read_only=read_only)
    except BaseException:
        sock.close()
        raise
    try:
        require_healthy(store)  # a damaged file is refused here, not answered page by page
        _check_auth(settings, store)
    except BaseException:
        sock.close()
        store.close()
        raise
    token = secrets.token_urlsafe(24)
    url_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    info = None if read_only else write_server_file(settings.db, f"http://{url_host}:{port}", token)
    mode = ", read-only: no screening" if read_only else ""
    err_console.print(
        f"Puente at http://{url_host}:{port} (API docs at /docs{mode}); Ctrl-C stops it"
    )
    # uvicorn re-raises the signal that stopped it once it has shut down; with this handler
    # that becomes SystemExit, so the address file below is removed on SIGTERM too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    background = _start_updater(settings, store, update_every) if update_every else None
    try:
        config = uvicorn.Config(
            create_app(settings, store=store, admin_token=token),
            host=host,
            port=port,
            log_level="warning",
        )
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        if background is not None:
            background.stop()
            background.join(timeout=5)
        store.close()
        if info is not None:
            info.unlink(missing_ok=True)


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or PortBusy naming both."""
    if not 0 <= port <= 65535:
        raise InvalidInput(f"port {port} is not valid; expected 1..65535")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise PortBusy(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
            "is another server running? choose another with --port"
        ) from None
    sock.set_inheritable(True)
    return sock


class PortBusy(PuenteError):
    """The address `puente serve` was asked to listen on is taken or not available."""

    error = "port_busy"


def _start_updater(settings: Settings, store: Store, every: str) -> Updater:
    """The updater inside the server: the one process that writes the database."""
    from puente.border.fitting import after_poll
    from puente.border.live import poll_feed
    from puente.ingest.registry import all_sources
    from puente.ingest.schedule import Updater
    from puente.ingest.updates import parse_interval

    updater = Updater(
        store,
        lambda: [cls() for _, cls in sorted(all_sources().items())],
        parse_interval(every),
        poll=lambda s: after_poll(
            s, poll_feed(s, settings.waits_feed_url, settings.download_timeout)
        ),
        poll_interval=parse_interval(settings.waits_poll_every),
        timeout=settings.download_timeout,
    )
    updater.start()
    err_console.print(f"Updating from the publishers every {every} (with jitter and back-off)")
    return updater


def _check_auth(settings: Settings, store: Store) -> None:
    """With PUENTE_AUTH=required (the default off loopback) the server needs an admin key."""
    from puente.api.deps import auth_mode
    from puente.auth.keys import keyring
    from puente.state import state_from_settings

    mode = auth_mode(settings)
    if (
        mode == "required"
        and keyring(state_from_settings(store, settings).store).admin_count() == 0
    ):
        store.close()
        raise ConfigError(
            f"PUENTE_AUTH is required (serving on {settings.host}) and there is no admin key; "
            'create one first with `puente keys create --role admin --name "Your name"`, '
            "then start the server again"
        )
    if mode == "local":
        err_console.print("[dim]PUENTE_AUTH=local: screening without a key is allowed[/]")
