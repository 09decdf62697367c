"""`puente`: load the data, ask it questions, serve the app.

Every command module imports only typer and the light helpers in cli.output and cli.context at
the top; what a command needs (the store, the capability package, httpx, rich) it imports when
it runs. So `puente --help` loads none of it (tests/cli/test_main.py checks).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperGroup
from typer.models import DefaultPlaceholder

from puente.cli import (
    audit,
    border,
    data,
    exchanges,
    highlights,
    keys,
    live,
    relations,
    sanctions,
    screen,
    security,
    serve,
    trade,
    travel,
    waits,
    watch,
)
from puente.cli.output import reset_mode, with_csv_option
from puente.errors import PuenteError

# Command groups by name, turned into click commands only when used: building one inspects the
# signature of every command in it, which would cost `puente --help` more than all the imports.
_GROUPS: dict[str, typer.Typer] = {}


@cache
def _build_group(name: str) -> Any:
    group = typer.main.get_group(_GROUPS[name])
    group.name = name
    return group


def _summary_of(name: str) -> Any:
    """A stand-in that carries only the group's help, for the root's list of commands."""
    info = _GROUPS[name].info
    text = info.help.value if isinstance(info.help, DefaultPlaceholder) else info.help
    # short_help: the whole line, so "U.S." does not end the summary as a sentence would.
    return TyperGroup(name=name, help=text, short_help=text)


class _Group(TyperGroup):
    """The root command: lazily built groups, and a PuenteError as one line on stderr and its
    exit code."""

    _listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in _GROUPS if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands or cmd_name not in _GROUPS:
            found = super().get_command(ctx, cmd_name)
        elif self._listing:
            return _summary_of(cmd_name)
        else:
            found = _build_group(cmd_name)
        return found if found is None else with_csv_option(found)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PuenteError as exc:
            typer.echo(f"Error: {exc.detail}", err=True)
            raise typer.Exit(exc.exit_code) from exc
        except OSError as exc:  # a full disk, a file that cannot be written: one line
            from puente.store.files import store_error

            where = exc.filename or "a file"
            typer.echo(f"Error: {store_error(exc, str(where)).detail}", err=True)
            raise typer.Exit(1) from exc


app = typer.Typer(
    cls=_Group,
    help="Puente: the U.S.–Mexico relationship from public data. "
    "Load datasets, query them, screen names, and serve the web app and JSON API.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help text: rich's help formatter costs more to import than the whole CLI.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
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
    (live.app, None),  # update, updater
    (live.border_app, "border"),  # border forecast
    (live.waits_app, "waits"),  # waits poll
    (trade.app, "trade"),
    (travel.app, "travel"),
    (exchanges.app, "exchanges"),
    (sanctions.app, "sanctions"),
    (audit.app, "audit"),
    (keys.app, "keys"),
    (relations.app, "relations"),
    (security.app, "security"),
    (watch.app, "watch"),
)


def _print_version(value: bool) -> None:
    if value:
        from puente import __version__

        typer.echo(f"puente {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Database file (default: $PUENTE_DB or var/puente.duckdb)."),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_print_version, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    from puente.config import get_settings
    from puente.logs import configure_logging

    reset_mode()
    settings = get_settings()
    if db is not None:
        settings = settings.model_copy(update={"db": db})
    configure_logging(settings.log_level)
    ctx.obj = settings


def register(root: typer.Typer, commands: tuple[tuple[typer.Typer, str | None], ...]) -> None:
    for sub, group in commands:
        sub.rich_markup_mode = None  # as the root's: plain help, rich never imported for it
        if group is None:
            root.add_typer(sub)
        elif group in _GROUPS:
            _GROUPS[group].add_typer(sub)
        else:
            _GROUPS[group] = sub


register(app, COMMANDS)


def main() -> None:
    app()
