"""`puente`: load the data, ask it questions, serve the app.

Every command module imports only typer and the light helpers in cli.output and cli.context at
the top; what a command needs (the store, the capability package, httpx, rich) it imports when
it runs. So `puente --help` loads none of it (tests/cli/test_main.py checks).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from puente.cli import (
    audit,
    border,
    data,
    exchanges,
    highlights,
    relations,
    sanctions,
    screen,
    security,
    serve,
    trade,
    travel,
    waits,
)
from puente.errors import PuenteError


class _Group(TyperGroup):
    """Turns a PuenteError into one line on stderr and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PuenteError as exc:
            typer.echo(f"Error: {exc.detail}", err=True)
            raise typer.Exit(exc.exit_code) from exc


app = typer.Typer(
    cls=_Group,
    help="Puente: the U.S.–Mexico relationship from public data. "
    "Load datasets, query them, screen names, and serve the web app and JSON API.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Every command, one line per module: (its typer app, the group it joins). None puts the
# module's commands at the top level (`puente ingest`); a group named twice gets the commands
# of both modules (`border waits` sits beside `border summary`).
COMMANDS: tuple[tuple[typer.Typer, str | None], ...] = (
    (data.app, None),  # ingest, datasets, rollback
    (serve.app, None),  # serve
    (screen.app, None),  # screen
    (highlights.app, None),  # highlights
    (border.app, "border"),
    (waits.app, "border"),  # border waits, border best-time
    (trade.app, "trade"),
    (travel.app, "travel"),
    (exchanges.app, "exchanges"),
    (sanctions.app, "sanctions"),
    (audit.app, "audit"),
    (relations.app, "relations"),
    (security.app, "security"),
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Database file (default: $PUENTE_DB or var/puente.duckdb)."),
    ] = None,
) -> None:
    from puente.config import get_settings
    from puente.logs import configure_logging

    settings = get_settings()
    if db is not None:
        settings = settings.model_copy(update={"db": db})
    configure_logging(settings.log_level)
    ctx.obj = settings


def register(root: typer.Typer, commands: tuple[tuple[typer.Typer, str | None], ...]) -> None:
    groups: dict[str, typer.Typer] = {}
    for sub, group in commands:
        if group is None:
            root.add_typer(sub)
        elif group in groups:
            groups[group].add_typer(sub)
        else:
            root.add_typer(sub, name=group)
            groups[group] = sub


register(app, COMMANDS)


def main() -> None:
    app()
