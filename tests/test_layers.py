"""The layering: capability packages and the core never import the web, API or CLI stack."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "puente"
CORE = [
    "store",
    "state",
    "auth",
    "ingest",
    "geo",
    "border",
    "trade",
    "sanctions",
    "travel",
    "exchanges",
    "config.py",
    "errors.py",
    "text.py",
    "freshness.py",
]
CAPABILITIES = ("border", "trade", "sanctions", "travel", "exchanges")
SHARED = ("store", "ingest", "geo")
"""What capabilities share lives in the core; a capability never imports another one (travel's
state page shows trade figures through a guarded import inside a function, which is allowed:
it is optional wiring, not a dependency)."""
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


def top_level_imports_of(path: Path) -> set[str]:
    """Imports at module level (not inside a function: those are optional wiring)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("part", [*CAPABILITIES, *SHARED])
def test_capabilities_do_not_import_each_other(part: str) -> None:
    others = tuple(f"puente.{c}" for c in CAPABILITIES if c != part)
    offenders = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in sorted((SRC / part).rglob("*.py"))
        for name in top_level_imports_of(path)
        if name.startswith(others) and name.split(".")[1] != part
    ]
    assert offenders == []
