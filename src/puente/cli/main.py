"""`puente`: load the data, ask it questions, serve the app."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from puente.config import Settings, get_settings
from puente.errors import PuenteError
from puente.logs import configure_logging


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

# Command groups, one per capability, as "module:typer_app:name".
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("puente.cli.border", "app", "border"),
    ("puente.cli.trade", "app", "trade"),
    ("puente.cli.travel", "app", "travel"),
    ("puente.cli.exchanges", "app", "exchanges"),
    ("puente.cli.sanctions", "app", "sanctions"),
    ("puente.cli.audit", "app", "audit"),
    ("puente.cli.keys", "app", "keys"),
    ("puente.cli.relations", "app", "relations"),
    ("puente.cli.security", "app", "security"),
)
# Modules whose top-level commands register themselves on `app` when imported.
COMMAND_MODULES: tuple[str, ...] = ("puente.cli.data", "puente.cli.serve", "puente.cli.screen")
COMMAND_MODULES += ("puente.cli.waits",)  # border waits / best-time, on the border group
COMMAND_MODULES += ("puente.cli.highlights",)  # top-level `puente highlights`


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Database file (default: $PUENTE_DB or var/puente.duckdb)."),
    ] = None,
) -> None:
    settings = get_settings()
    if db is not None:
        settings = settings.model_copy(update={"db": db})
    configure_logging(settings.log_level)
    ctx.obj = settings


def settings_of(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else get_settings()


for _module in COMMAND_MODULES:
    import_module(_module)
for _module, _attr, _name in GROUPS:
    app.add_typer(getattr(import_module(_module), _attr), name=_name)


def main() -> None:
    app()
