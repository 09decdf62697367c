"""The layering: capability packages and the core never import the web, API or CLI stack."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "puente"
CORE = [
    "store",
    "ingest",
    "border",
    "trade",
    "sanctions",
    "travel",
    "exchanges",
    "config.py",
    "errors.py",
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
