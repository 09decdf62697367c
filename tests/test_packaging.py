"""Packaging: the licence, the distribution metadata, the Dockerfile and the compose file.

Docker cannot run on the development machine, so the compose file is parsed (PyYAML) and its
shape checked: what an operator would notice missing if it broke."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_distribution_metadata_is_complete() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == "puente-mx"  # "puente" is taken on PyPI
    assert project["scripts"]["puente"] == "puente.cli.main:main"
    assert project["license"] == "MIT"
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert project["authors"]
    assert project["keywords"]
    assert "Programming Language :: Python :: 3.11" in project["classifiers"]
    assert {"Homepage", "Source", "Issues"} <= set(project["urls"])


def test_dockerfile_runs_as_a_user_with_pinned_installs_and_mounts() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    code = [line for line in lines if line and not line.startswith("#")]
    assert code[0] == "FROM python:3.11-slim"
    assert any("pip install -c constraints.txt ." in line for line in code)
    users = [line.split()[1] for line in code if line.startswith("USER ")]
    assert users
    assert users[-1] not in ("root", "0")
    env = " ".join(line for line in code if "PUENTE_" in line)
    assert "PUENTE_DB=/data/db/" in env
    assert "PUENTE_MIRROR=/data/mirror" in env


def _compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert isinstance(data, dict)
    return data


def _target(volume: str) -> str:
    """The container path of a "source:target[:mode]" mount (the source may hold ${X:-y})."""
    return next(part for part in volume.split(":") if part.startswith("/data/"))


def test_compose_runs_postgres_two_replicas_and_an_updater() -> None:
    services = _compose()["services"]
    assert services["postgres"]["image"].startswith("postgres:")
    apps = [name for name, s in services.items() if s.get("build") and "command" not in s]
    assert len(apps) == 2
    assert services["updater"]["command"] == ["puente", "updater"]
    ports = set()
    for name in [*apps, "updater"]:
        service = services[name]
        env = service["environment"]
        assert env["PUENTE_STATE_URL"].startswith("postgresql://")
        assert "@postgres:5432/" in env["PUENTE_STATE_URL"]
        mounts = {_target(v): v for v in service["volumes"]}
        assert mounts["/data/mirror"].endswith(":ro")
        assert "/data/db" in mounts
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        ports.update(p.split(":")[0] for p in service.get("ports", []))
    assert len(ports) == 2
    # Each replica has its own database volume: DuckDB files are not shared between processes.
    dbs = [next(v for v in services[n]["volumes"] if v.endswith(":/data/db")) for n in apps]
    assert len(set(dbs)) == 2
