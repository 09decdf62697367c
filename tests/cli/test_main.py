"""The command line starts fast: `puente --help` loads no store, web app, HTTP client or rich."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from puente.cli.main import COMMANDS, app

# What a command imports when it runs; none of it may load for `puente --help`.
HEAVY = (
    "duckdb",
    "httpx",
    "rich",
    "fastapi",
    "starlette",
    "jinja2",
    "pydantic",
    "pydantic_settings",
    "structlog",
    "uvicorn",
    "rapidfuzz",
    "openpyxl",
    "puente.api",
    "puente.web",
    "puente.store",
    "puente.ingest",
    "puente.config",
    "puente.border",
    "puente.sanctions",
    "puente.travel",
    "puente.security",
)


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_importing_the_cli_loads_nothing_heavy() -> None:
    loaded = _modules_after("import puente.cli.main")
    assert "puente.cli.border" in loaded  # every command module is imported, and is light
    assert [m for m in HEAVY if m in loaded] == []


def test_puente_help_loads_nothing_heavy() -> None:
    loaded = _modules_after(
        "import sys\nsys.argv = ['puente', '--help']\nfrom puente.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert [m for m in HEAVY if m in loaded] == []


def test_every_registered_module_shows_in_help() -> None:
    runner = CliRunner()
    top = runner.invoke(app, ["--help"]).output
    for sub, group in COMMANDS:
        for command in sub.registered_commands:
            name = command.name or ""
            if group is None:
                assert name in top
            else:
                out = runner.invoke(app, [group, "--help"])
                assert out.exit_code == 0, out.output
                assert name in out.output, (group, name)


def test_a_command_group_named_twice_keeps_both_modules_commands() -> None:
    out = CliRunner().invoke(app, ["border", "--help"]).output
    assert "summary" in out  # cli/border.py
    assert "best-time" in out  # cli/waits.py
