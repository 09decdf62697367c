"""The layering: capability packages and the core never import the web, API or CLI stack."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "puente"
CAPABILITIES = ("border", "trade", "sanctions", "travel", "exchanges", "security")
"""A capability never imports another one, at module level or inside a function: what one
shows of another (travel's state page shows trade figures) is passed in by the interfaces."""
SHARED = ("store", "state", "auth", "ingest", "geo")
AGGREGATES = ("relations", "highlights", "watch", "jobs")
"""Pages made of every capability's data (the relations page's claims, highlights of what
changed, portfolios monitored against the lists) and work over a capability (batch screening
jobs): they may read the capabilities; nothing below them imports them."""
INTERFACES = ("api", "web", "cli")
CORE = [
    *SHARED,
    *CAPABILITIES,
    *AGGREGATES,
    "config.py",
    "results.py",
    "errors.py",
    "text.py",
    "freshness.py",
    "csvout.py",
    "jsonsafe.py",
    "filenames.py",
    "countries.py",
    "logs.py",
    "catalogs.py",
    "languages.py",
]
FORBIDDEN = (
    "fastapi",
    "starlette",
    "jinja2",
    "typer",
    "rich",
    "uvicorn",
    "puente.api",
    "puente.web",
    "puente.cli",
)


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("part", CORE)
def test_core_does_not_import_interfaces(part: str) -> None:
    target = SRC / part
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    offenders = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in files
        for name in imports_of(path)
        if name.startswith(FORBIDDEN)
    ]
    assert offenders == []


def files_of(part: str) -> list[Path]:
    target = SRC / part
    return [target] if target.is_file() else sorted(target.rglob("*.py"))


def test_every_package_is_in_a_layer() -> None:
    """A new package must be placed (and so checked) before it can land."""
    placed = {*CAPABILITIES, *SHARED, *AGGREGATES, *INTERFACES}
    packages = {p.name for p in SRC.iterdir() if (p / "__init__.py").is_file()}
    assert packages - placed == set()


@pytest.mark.parametrize("part", [*CAPABILITIES, *SHARED])
def test_capabilities_do_not_import_each_other(part: str) -> None:
    """Every import counts, also one inside a function."""
    others = tuple(f"puente.{c}" for c in (*CAPABILITIES, *AGGREGATES) if c != part)
    offenders = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in files_of(part)
        for name in imports_of(path)
        if name.startswith(others) and name.split(".")[1] != part
    ]
    assert offenders == []


@pytest.mark.parametrize("part", AGGREGATES)
def test_aggregates_do_not_import_each_other(part: str) -> None:
    others = tuple(f"puente.{a}" for a in AGGREGATES if a != part)
    offenders = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in files_of(part)
        for name in imports_of(path)
        if name.startswith(others)
    ]
    assert offenders == []


@pytest.mark.parametrize(("part", "other"), [("api", "web"), ("web", "api"), ("cli", "web")])
def test_interfaces_do_not_import_each_other(part: str, other: str) -> None:
    """The API and the pages share puente.httpdeps; only the application factory, which
    puts the two together, names both."""
    offenders = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in files_of(part)
        if path.name != "application.py"
        for name in imports_of(path)
        if name.startswith(f"puente.{other}")
    ]
    assert offenders == []
