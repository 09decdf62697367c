"""`--from` and the admin ingest as an attacker uses them: system files, secrets in a file,
URLs into the local network (directly, by DNS, by redirect), and races between loads."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from puente.api import create_app
from puente.cli.main import app as cli
from puente.config import Settings
from puente.errors import SourceError
from puente.ingest import guard, ingest_source
from puente.ingest.registry import get_source
from puente.ingest.runner import VersionChanged, rollback_dataset
from puente.store import Store, catalog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CROSSINGS = FIXTURES / "border-crossings" / "crossings.csv"
SDN = FIXTURES / "ofac-sdn"


def _versions(store: Store, dataset: str) -> list[int]:
    with store.read() as cur:
        return [v.version for v in catalog.list_versions(cur, dataset)]


def test_from_proc_self_environ_never_prints_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUENTE_TEST_SECRET", "hunter2-do-not-print")
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(tmp_path / "p.duckdb"),
            "ingest",
            "border-crossings",
            "--from",
            "/proc/self/environ",
        ],
    )
    assert result.exit_code != 0
    assert "hunter2" not in result.output
    assert "PUENTE_TEST_SECRET" not in result.output
    assert "environ: not a data file" in result.output
    assert "Traceback" not in result.output


def test_a_wrong_file_is_named_but_never_quoted(store: Store, tmp_path: Path) -> None:
    secret = tmp_path / "secrets.csv"
    secret.write_text("AWS_SECRET=abc123verysecret,TOKEN=zzz\nx,y\n")
    with pytest.raises(SourceError) as caught:
        ingest_source(store, get_source("border-crossings"), str(secret))
    assert "secrets.csv" in caught.value.detail
    assert "abc123verysecret" not in caught.value.detail
    assert "AWS_SECRET" not in caught.value.detail
    assert "missing column" in caught.value.detail


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.9", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),  # the cloud metadata service
        ("fe80::1", "link-local"),
        ("::ffff:127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "non-public"),  # carrier-grade NAT
        ("fd00::1", "private"),
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
    ],
)
def test_only_public_addresses_are_fetched(address: str, reason: str | None) -> None:
    assert guard.blocked_reason(address) == reason


class _Handler(http.server.BaseHTTPRequestHandler):
    redirect_to: str | None = None

    def do_GET(self) -> None:
        if self.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.end_headers()
            return
        body = CROSSINGS.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


def _serve(redirect_to: str | None = None) -> Iterator[str]:
    handler = type("H", (_Handler,), {"redirect_to": redirect_to})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def local_server() -> Iterator[str]:
    yield from _serve()


def test_urls_into_loopback_are_refused_unless_allowed(store: Store, local_server: str) -> None:
    source = get_source("border-crossings")
    for url in (f"{local_server}/rows.csv", local_server.replace("127.0.0.1", "localhost")):
        with pytest.raises(SourceError, match="a loopback address; only public addresses"):
            ingest_source(store, source, url)
    assert _versions(store, "border-crossings") == []
    report = ingest_source(store, source, f"{local_server}/rows.csv", allow_private=True)
    assert report.changed


def test_a_redirect_into_loopback_is_refused(
    store: Store, local_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first server stands for a public one (its address is let through); the redirect
    it answers leads to a loopback address, which is checked when it connects."""
    outer = _serve(redirect_to=f"{local_server}/rows.csv")
    front = next(outer)
    front_port = int(front.rsplit(":", 1)[1])
    real = guard.public_address

    def pretend_public(host: str, port: int) -> str:
        return "127.0.0.1" if port == front_port else real(host, port)

    monkeypatch.setattr(guard, "public_address", pretend_public)
    try:
        with pytest.raises(SourceError, match="loopback address"):
            ingest_source(store, get_source("border-crossings"), f"{front}/start")
    finally:
        outer.close()
    assert _versions(store, "border-crossings") == []


def test_other_schemes_are_refused(store: Store) -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/x.csv", "gopher://127.0.0.1:70/"):
        with pytest.raises(SourceError, match="only http:// and https://"):
            ingest_source(store, get_source("border-crossings"), url)


def test_admin_ingest_reads_only_under_the_mirror(store: Store, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    inside = mirror / "crossings.csv"
    inside.write_bytes(CROSSINGS.read_bytes())
    outside = tmp_path / "outside.csv"
    outside.write_bytes(CROSSINGS.read_bytes())
    settings = Settings(db=tmp_path / "p.duckdb", mirror=mirror)
    app = create_app(settings, store=store, admin_token="tok")
    headers = {"X-Puente-Token": "tok"}
    with TestClient(app) as client:
        for origin in (str(outside), str(mirror / ".." / "outside.csv"), "/etc/passwd"):
            refused = client.post(
                "/api/admin/ingest",
                json={"dataset": "border-crossings", "origin": origin},
                headers=headers,
            )
            assert refused.status_code == 422
            assert "only under its mirror" in refused.json()["detail"]
        loaded = client.post(
            "/api/admin/ingest",
            json={"dataset": "border-crossings", "origin": str(inside)},
            headers=headers,
        )
        assert loaded.status_code == 200, loaded.text
        assert loaded.json()["reports"][0]["version"] == 1


def test_admin_ingest_errors_name_no_server_path(store: Store, tmp_path: Path) -> None:
    """A failed load through the server names the file by its path under the mirror, never
    where the mirror sits on the server's disk."""
    mirror = tmp_path / "mirror"
    (mirror / "border").mkdir(parents=True)
    broken = mirror / "border" / "crossings.csv"
    broken.write_text("Port Name,State\nSan Ysidro,California,extra\n")
    settings = Settings(db=tmp_path / "p.duckdb", mirror=mirror)
    app = create_app(settings, store=store, admin_token="tok")
    headers = {"X-Puente-Token": "tok"}
    with TestClient(app) as client:
        one = client.post(
            "/api/admin/ingest",
            json={"dataset": "border-crossings", "origin": str(broken)},
            headers=headers,
        )
        every = client.post("/api/admin/ingest", json={"all": True}, headers=headers)
        outside = client.post(
            "/api/admin/ingest",
            json={"dataset": "border-crossings", "origin": "/etc/passwd"},
            headers=headers,
        )
    assert one.status_code == 422, one.text
    assert "border/crossings.csv" in one.json()["detail"]
    assert every.status_code == 200, every.text
    failures = every.json()["failures"]
    assert failures
    for text in (one.text, every.text, outside.text):
        assert str(tmp_path) not in text
        assert str(tmp_path.resolve()) not in text
    assert _versions(store, "border-crossings") == []


def test_two_identical_concurrent_loads_make_one_version(tmp_path: Path, store: Store) -> None:
    store.keep_versions = 2
    source = get_source("border-crossings")
    older = tmp_path / "older.csv"
    lines = CROSSINGS.read_text().splitlines(keepends=True)
    older.write_text("".join(lines[:-5]))
    ingest_source(store, source, str(older))
    barrier = threading.Barrier(2)
    reports = []

    def load() -> None:
        barrier.wait()
        reports.append(ingest_source(store, source, str(CROSSINGS)))

    threads = [threading.Thread(target=load) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.changed for r in reports) == [False, True]
    assert {r.version for r in reports} == {2}
    assert _versions(store, "border-crossings") == [2, 1]  # the older distinct one is kept


def test_rollback_expect_refuses_when_a_load_landed(store: Store, tmp_path: Path) -> None:
    ingest_source(store, get_source("ofac-sdn"), str(SDN / "full"))
    ingest_source(store, get_source("ofac-sdn"), str(SDN / "later"))
    with pytest.raises(VersionChanged, match="version 2 is in force now, not 1"):
        rollback_dataset(store, "ofac-sdn", expect=1)
    with store.read() as cur:
        assert catalog.require_current(cur, "ofac-sdn").version == 2
    assert rollback_dataset(store, "ofac-sdn", expect=2).version == 1


def test_rollback_expect_from_the_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "p.duckdb")
    runner = CliRunner()
    for folder in ("full", "later"):
        loaded = runner.invoke(cli, ["--db", db, "ingest", "ofac-sdn", "--from", str(SDN / folder)])
        assert loaded.exit_code == 0, loaded.output
    refused = runner.invoke(cli, ["--db", db, "rollback", "ofac-sdn", "--expect", "1"])
    assert refused.exit_code == 1
    assert "nothing was rolled back" in refused.output
    done = runner.invoke(cli, ["--db", db, "rollback", "ofac-sdn", "--expect", "2"])
    assert done.exit_code == 0, done.output
    assert "version 1 in force" in done.output
