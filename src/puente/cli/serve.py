"""`puente serve`: the web app and JSON API, owner of the database file while it runs."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from puente.cli.context import settings_of, write_server_file
from puente.cli.output import err_console
from puente.errors import ConfigError, InvalidInput, PuenteError

if TYPE_CHECKING:
    from puente.config import Settings
    from puente.ingest.schedule import Updater
    from puente.store import Store
    from puente.store.replica import SnapshotStore

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
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Server processes on this machine, all answering on the one port from a "
            "published snapshot of the database; more than one needs $PUENTE_STATE_URL.",
        ),
    ] = 1,
    snapshot: Annotated[
        Path | None,
        typer.Option(
            "--snapshot",
            help="Serve a published snapshot read-only (a file from `puente publish`, or a "
            "folder of them: the newest), switching to a newer one as it appears.",
        ),
    ] = None,
    listen_fd: Annotated[
        int | None, typer.Option("--listen-fd", hidden=True, help="A socket already bound.")
    ] = None,
) -> None:
    """Serve the web pages and the JSON API (OpenAPI docs at /docs).

    While it runs the server holds the database; `puente ingest` and the query commands
    then go through it, so pages keep answering while data loads. With --workers or
    --snapshot, the processes serve a published snapshot and hold no database file.
    """
    import uvicorn

    from puente.api import create_app
    from puente.ingest.updates import parse_interval
    from puente.store import open_store
    from puente.store.check import require_healthy

    settings = settings_of(ctx)
    if update_every:
        parse_interval(update_every)  # a bad interval fails before the server starts
    if snapshot is not None and update_every:
        raise InvalidInput(
            "--snapshot serves published data read-only; run the updater where the primary "
            "database is (`puente updater --publish DIR`)"
        )
    host = host or settings.host
    port = settings.port if port is None else port
    settings = settings.model_copy(update={"host": host})
    if snapshot is not None and settings.jobs_dir is None:
        # Batch results beside the database this server was started with, not in the
        # snapshot folder (which replicas may mount read-only); shared by a machine's workers.
        settings = settings.model_copy(update={"jobs_dir": Path(f"{settings.db}.jobs")})
    if workers > 1:
        _serve_workers(settings, host, port, workers, snapshot, update_every, read_only)
        return
    # The port is bound first: a busy port is one clear error, before anything is announced
    # or written (an existing address file, another server's, is left alone).
    sock = _inherit(listen_fd) if listen_fd is not None else _bind(host, port)
    port = int(sock.getsockname()[1])  # the real port when 0 asked the system for one
    try:
        store = (
            _open_snapshot(settings, snapshot)
            if snapshot is not None
            else open_store(settings.db, keep_versions=settings.keep_versions, read_only=read_only)
        )
    except BaseException:
        sock.close()
        raise
    try:
        if snapshot is None:
            require_healthy(store)  # a damaged file is refused here, not answered page by page
        _check_auth(settings, store, quiet=listen_fd is not None)
    except BaseException:
        sock.close()
        store.close()
        raise
    token = secrets.token_urlsafe(24)
    url_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    owner = not read_only and snapshot is None
    info = write_server_file(settings.db, f"http://{url_host}:{port}", token) if owner else None
    mode = ", read-only: no screening" if read_only else ""
    if snapshot is not None:
        mode = f", snapshot {_served(store)}"
    if listen_fd is None:
        err_console.print(
            f"Puente at http://{url_host}:{port} (API docs at /docs{mode}); Ctrl-C stops it"
        )
    # uvicorn re-raises the signal that stopped it once it has shut down; with this handler
    # that becomes SystemExit, so the address file below is removed on SIGTERM too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    background = _start_updater(settings, store, update_every) if update_every else None
    try:
        web = create_app(settings, store=store, admin_token=token if owner else None)
        if snapshot is not None:
            from puente.store.replica import PinSnapshot, SnapshotStore

            assert isinstance(store, SnapshotStore)
            web.add_middleware(PinSnapshot, store=store)  # outermost: one snapshot a request
            store.on_switch(lambda _: _warm_index(store))
            store.start_watching()
        config = uvicorn.Config(web, host=host, port=port, log_level="warning")
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        if background is not None:
            background.stop()
            background.join(timeout=5)
        store.close()
        if info is not None:
            info.unlink(missing_ok=True)


def _warm_index(store: Store) -> None:
    """Build the new snapshot's screening index off the requests, right after a switch."""
    import threading

    from puente.sanctions.screener import screening_index

    def build() -> None:
        with contextlib.suppress(PuenteError):  # no list in the snapshot: screening says so
            screening_index(store)

    threading.Thread(target=build, name="puente-index-warm", daemon=True).start()


def _inherit(fd: int) -> socket.socket:
    """The listening socket a `--workers` parent bound and handed down."""
    try:
        return socket.socket(fileno=fd)
    except OSError as exc:
        raise InvalidInput(f"--listen-fd {fd} is not a socket ({exc.strerror or exc})") from None


def _open_snapshot(settings: Settings, source: Path) -> SnapshotStore:
    from puente.state import use_snapshot_state
    from puente.store.replica import SnapshotStore

    store = SnapshotStore(source, keep_versions=settings.keep_versions)
    try:
        use_snapshot_state(store, settings)
    except BaseException:
        store.close()
        raise
    return store


def _served(store: Store) -> str:
    from puente.store.replica import SnapshotStore

    if isinstance(store, SnapshotStore):
        return f"{store.file.name}, sha256 {store.manifest.sha256[:12]}"
    return store.path


def _serve_workers(
    settings: Settings,
    host: str,
    port: int,
    workers: int,
    snapshot: Path | None,
    update_every: str | None,
    read_only: bool,
) -> None:
    """N processes on one listening socket, each serving the snapshot folder read-only.

    This process binds the port, publishes a snapshot of the database when the folder has
    none of the versions in force, then starts the workers and restarts one that dies. It
    holds the database only with --update-every (the updater, which publishes each change);
    otherwise `puente ingest` and `puente publish` use the file while the workers serve.
    """
    from puente.state import shared_state_url
    from puente.store import open_store
    from puente.store.check import require_healthy
    from puente.store.publish import default_dir, newest_matching, publish

    if shared_state_url(settings) is None and not read_only:
        raise ConfigError(
            f"--workers {workers} needs a shared state store: set PUENTE_STATE_URL="
            "postgresql://... (API keys, sessions, the audit log, jobs and monitoring are "
            "written by every worker); or add --read-only to serve the data without screening "
            "or sign-in; or serve one process (--workers 1)"
        )
    sock = _bind(host, port)
    port = int(sock.getsockname()[1])
    store: Store | None = None
    try:
        source = snapshot
        if source is None:
            source = default_dir(settings.db)
            source.mkdir(parents=True, exist_ok=True)
            store = open_store(settings.db, keep_versions=settings.keep_versions)
            require_healthy(store)
            if newest_matching(source, store) is None:
                publish(store, source)
            if not update_every:
                store.close()
                store = None
        env = {**os.environ, **_secret_env(settings)}
        # What each worker will check (the snapshot, the keys), once here with one message.
        probe = _open_snapshot(settings, source)
        try:
            _check_auth(settings, probe)
        finally:
            probe.close()
        command = [sys.executable, "-m", "puente", "--db", str(settings.db), "serve"]
        command += ["--snapshot", str(source), "--host", host, "--port", str(port)]
        command += ["--listen-fd", str(sock.fileno())]
    except BaseException:
        sock.close()
        if store is not None:
            store.close()
        raise
    url_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    err_console.print(
        f"Puente at http://{url_host}:{port} with {workers} workers serving {source} "
        "(API docs at /docs); Ctrl-C stops it"
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    background = None
    if store is not None and update_every:
        background = _start_updater(settings, store, update_every, publish_to=source)
    children: list[subprocess.Popen[bytes]] = []
    try:
        children = [_spawn(command, env, sock) for _ in range(workers)]
        _supervise(children, command, env, sock)
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        sock.close()
        if background is not None:
            background.stop()
            background.join(timeout=5)
        if store is not None:
            store.close()


def _secret_env(settings: Settings) -> dict[str, str]:
    """Every worker keys the audit chain with the one secret: the database's own file unless
    the settings name one (made here, once, when missing)."""
    from puente.state.secret import default_secret_path, load_secret

    if settings.audit_secret is not None:
        return {}
    path = settings.audit_secret_file or default_secret_path(settings.db)
    if path is None:
        return {}
    load_secret(path)
    return {"PUENTE_AUDIT_SECRET_FILE": str(path)}


def _spawn(command: list[str], env: dict[str, str], sock: socket.socket) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, env=env, pass_fds=[sock.fileno()])


def _supervise(
    children: list[subprocess.Popen[bytes]],
    command: list[str],
    env: dict[str, str],
    sock: socket.socket,
) -> None:
    """Wait; restart a worker that exits (at most 5 restarts a minute, then stop)."""
    restarts: list[float] = []
    while True:
        time.sleep(0.5)
        for i, child in enumerate(children):
            code = child.poll()
            if code is None:
                continue
            now = time.monotonic()
            restarts = [t for t in restarts if now - t < 60] + [now]
            if len(restarts) > 5:
                raise WorkersFailing(
                    f"a worker exited with status {code} and workers keep failing "
                    "(more than 5 restarts in a minute); see the log above"
                )
            err_console.print(f"[yellow]worker {child.pid} exited ({code}); restarting[/]")
            children[i] = _spawn(command, env, sock)


class WorkersFailing(PuenteError):
    """`puente serve --workers` stopped: its workers exit as soon as they start."""

    error = "workers_failing"


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


def _start_updater(
    settings: Settings, store: Store, every: str, publish_to: Path | None = None
) -> Updater:
    """The updater inside the server: the one process that writes the database (and, with
    `publish_to`, publishes a snapshot after each change)."""
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
            s,
            poll_feed(
                s, settings.waits_feed_url, settings.download_timeout, mirror=settings.mirror
            ),
        ),
        poll_interval=parse_interval(settings.waits_poll_every),
        timeout=settings.download_timeout,
        publish_to=publish_to,
    )
    updater.start()
    err_console.print(f"Updating from the publishers every {every} (with jitter and back-off)")
    return updater


def _check_auth(settings: Settings, store: Store, quiet: bool = False) -> None:
    """With PUENTE_AUTH=required (the default off loopback) the server needs an admin key."""
    from puente.api.deps import auth_mode
    from puente.auth.keys import keyring
    from puente.state import shared_state_url, state_for, state_from_settings
    from puente.store.replica import SnapshotStore

    mode = auth_mode(settings)
    state = state_for(store) if isinstance(store, SnapshotStore) else None

    if mode == "required" and isinstance(store, SnapshotStore) and not shared_state_url(settings):
        raise ConfigError(
            f"PUENTE_AUTH is required (serving on {settings.host}) and a snapshot carries no "
            "API keys: set PUENTE_STATE_URL=postgresql://... to the state store the keys "
            "live in, or serve on 127.0.0.1"
        )
    if (
        mode == "required"
        and keyring((state or state_from_settings(store, settings)).store).admin_count() == 0
    ):
        store.close()
        raise ConfigError(
            f"PUENTE_AUTH is required (serving on {settings.host}) and there is no admin key; "
            'create one first with `puente keys create --role admin --name "Your name"`, '
            "then start the server again"
        )
    if mode == "local" and not quiet:
        err_console.print("[dim]PUENTE_AUTH=local: screening without a key is allowed[/]")
