"""A real PostgreSQL server for tests and benchmarks: initdb into a temporary folder, started on
a free port with its socket folder there too, trust authentication, stopped at the end.

PostgreSQL refuses to run as root: when the tests run as root, the server runs as the
`postgres` user (Debian's package makes it), through runuser.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def pg_bin() -> Path | None:
    """The folder of initdb and pg_ctl: $PUENTE_PG_BIN, else the newest Debian install."""
    configured = os.environ.get("PUENTE_PG_BIN")
    if configured:
        return Path(configured) if (Path(configured) / "initdb").exists() else None
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=_version)
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _version(path: Path) -> int:
    try:
        return int(path.parts[-3])
    except (ValueError, IndexError):
        return 0


def in_ci() -> bool:
    return bool(os.environ.get("CI")) or bool(os.environ.get("PUENTE_CI"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class PgServer:
    """One server in its own folder. `url` connects as the `puente` superuser."""

    def __init__(self, bindir: Path, folder: Path | None = None, durable: bool = False) -> None:
        self.bindir = bindir
        self.folder = folder or Path(tempfile.mkdtemp(prefix="puente-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = free_port()
        self.user: str | None = "postgres" if os.geteuid() == 0 else None
        self.started = False
        self.durable = durable
        """fsync on (benchmarks: commits as a real server makes them); off for tests."""

    @property
    def url(self) -> str:
        return f"postgresql://puente@127.0.0.1:{self.port}/postgres"

    def url_of(self, dbname: str) -> str:
        return f"postgresql://puente@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {done.stderr or done.stdout}\n{log}")

    def init(self) -> PgServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.log.touch()
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            for path in (self.folder, self.log):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "puente", "-E", "UTF8", "-N")
        return self

    def start(self) -> PgServer:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            f"-c fsync={'on' if self.durable else 'off'} -c max_connections=100"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")
        self.started = True
        return self

    def stop(self, mode: str = "fast") -> None:
        if self.started:
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
            self.started = False

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url_of(name)

    def create_schema(self, name: str) -> str:
        """A URL whose tables all land in a new schema `name` (a fresh state store, in a few
        milliseconds where a new database takes seconds)."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        return f"{self.url}?options=-csearch_path%3D{name}"

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
