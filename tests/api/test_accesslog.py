"""PUENTE_ACCESS_LOG: one line per request, in the combined format, never a credential."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.store import Store

LINE = re.compile(
    r'^(?P<host>\S+) - - \[(?P<time>[^\]]+)\] "(?P<request>(?:[^"\\]|\\.)*)" (?P<status>\d{3}) '
    r'(?P<size>\d+) "(?P<referer>(?:[^"\\]|\\.)*)" "(?P<agent>(?:[^"\\]|\\.)*)" (?P<ms>\d+\.\d)$'
)


def test_one_line_per_request_without_secrets(border_store: Store, tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    settings = Settings(db=tmp_path / "puente.duckdb", mirror=None, access_log=str(log))
    app = create_app(settings, store=border_store)
    with TestClient(app) as client:
        ok = client.get("/api/border/ports?format=csv", headers={"User-Agent": "curl/8.5"})
        refused = client.get(
            "/api/audit/verify?key=pk_secretvalue&x=1",
            headers={
                "Authorization": "Bearer pk_0123abcd_secretsecretsecretsecret",
                "X-Api-Key": "pk_0123abcd_othersecretothersecret",
                "Cookie": "puente_session=sessionsecret",
            },
        )
        client.get(
            "/api/border/ports/2402?note=%22%0A127.0.0.1%20-%20-%20forged",
            headers={"User-Agent": 'x" 200 1 "-" "forged'},
        )
    assert ok.status_code == 200
    assert refused.status_code == 401
    text = log.read_text()
    lines = text.splitlines()
    assert len(lines) == 3, text  # one per request; the forged newline made no line
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    first = parsed[0]
    assert first is not None
    assert first["request"] == "GET /api/border/ports?format=csv HTTP/1.1"
    assert first["status"] == "200"
    assert int(first["size"]) == len(ok.content)
    assert first["agent"] == "curl/8.5"
    assert parsed[1] is not None
    assert parsed[1]["status"] == "401"
    assert "key=%5Bhidden%5D" in lines[1] or "key=[hidden]" in lines[1]
    for secret in ("secretvalue", "secretsecret", "othersecret", "sessionsecret", "Bearer"):
        assert secret not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_off_by_default(border_store: Store, tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "puente.duckdb", mirror=None)
    assert settings.access_log == "off"
    app = create_app(settings, store=border_store)
    assert not any(m.cls.__name__ == "AccessLog" for m in app.user_middleware)
