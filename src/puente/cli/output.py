"""Printing: rich tables on a terminal, JSON or CSV for scripts, progress only where it helps.

rich is imported on first use, so `puente --help` and `--json` runs never load it.

Every command with `--json` also takes `--csv` (added in one place, `with_csv_option`): its
tables are written to stdout as CSV (cells a spreadsheet would run are neutralised, as in
every CSV Puente writes; several tables are separated by one empty line) and everything else
it prints goes to stderr. In a pipe, without `--csv`, tables are printed at their full width:
no column is cut to fit 80 characters.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from puente.results import VersionRef

JsonOption = Annotated[bool, typer.Option("--json", help="Print the API's JSON instead of tables.")]


class _Mode:
    """How this invocation prints: `csv` when --csv was given (reset by the root command)."""

    csv = False
    tables = 0


def reset_mode() -> None:
    _Mode.csv = False
    _Mode.tables = 0


def _use_csv(value: bool) -> None:
    if value:
        _Mode.csv = True


def _csv_flag(
    _csv: Annotated[
        bool,
        typer.Option(
            "--csv",
            expose_value=False,
            callback=_use_csv,
            help="Print the tables as CSV (messages go to stderr).",
        ),
    ] = False,
) -> None:
    """Only its parameter is used: `--csv` as typer itself builds an option."""


@cache
def _csv_param() -> Any:
    import typer.main

    holder = typer.Typer()
    holder.command()(_csv_flag)
    return typer.main.get_command(holder).params[0]


def with_csv_option(command: Any) -> Any:
    """`--csv` beside `--json` on every command (and group member) that has `--json`."""
    subcommands = getattr(command, "commands", None)
    if isinstance(subcommands, dict):
        for sub in subcommands.values():
            with_csv_option(sub)
        return command
    opts = {opt for param in command.params for opt in getattr(param, "opts", ())}
    if "--json" in opts and "--csv" not in opts:
        command.params.append(_csv_param())
    return command


class _LazyConsole:
    """A rich Console made the first time something is printed through it."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def get(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        if _Mode.csv and self is not _ERR:  # with --csv, stdout holds the tables alone
            return getattr(_ERR.get(), name)
        return getattr(self.get(), name)


# Typed as Console: every attribute is the real Console's (see real_console for rich's own use).
_ERR = _LazyConsole(stderr=True, soft_wrap=True)
console = cast("Console", _LazyConsole())
err_console = cast("Console", _ERR)


def real_console(lazy: Console) -> Console:
    """The Console itself, for rich objects (Progress) that need one, not a stand-in."""
    return lazy.get() if isinstance(lazy, _LazyConsole) else lazy


def source_line(version: VersionRef | dict[str, Any]) -> None:
    """The footer under every figure: which dataset version it came from."""
    if not isinstance(version, dict):
        version = version.as_json()
    console.print(
        f"[dim]Source: {version['dataset']} version {version['version']} ({version['source']})[/]"
    )


def emit(data: Any, as_json: bool, render: Callable[[Any], None]) -> None:
    if as_json and _Mode.csv:
        from puente.errors import InvalidInput

        raise InvalidInput("give --json or --csv, not both")
    if as_json:
        from puente.results import plain

        text = json.dumps(plain(data), ensure_ascii=False, indent=2, default=str)
        sys.stdout.write(text + "\n")
    else:
        render(data)


def table(
    title: str | None,
    columns: Sequence[str | tuple[str, str]],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Columns are names, or (name, "right") for numbers."""
    if _Mode.csv:
        _csv_table(title, [c[0] if isinstance(c, tuple) else c for c in columns], rows)
        return
    cells = [["—" if v is None else str(v) for v in row] for row in rows]
    from rich.measure import Measurement
    from rich.table import Table

    out = Table(title=title, title_justify="left")
    for col in columns:
        if isinstance(col, tuple):
            out.add_column(col[0], justify="right")
        else:
            out.add_column(col)
    for row in cells:
        out.add_row(*row)
    if console.is_terminal:
        console.print(out)
        return
    # In a pipe the console is 80 columns: print the table at the width its cells need.
    real = real_console(console)
    wide = real.options.update(max_width=1_000_000)
    needed = Measurement.get(real, wide, out).maximum
    narrow = real.width
    real.width = max(needed, narrow)
    try:
        real.print(out)
    finally:
        real.width = narrow


def _csv_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from puente.csvout import csv_line

    if _Mode.tables:
        sys.stdout.write("\n")
    _Mode.tables += 1
    if title:
        err_console.print(title, markup=False, highlight=False)
    sys.stdout.write(csv_line(columns, "\n"))
    for row in rows:
        sys.stdout.write(csv_line(row, "\n"))  # None is an empty cell


def number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def percent(value: float | None, signed: bool = True) -> str:
    if value is None:
        return "—"
    return f"{value:+.1%}" if signed else f"{value:.1%}"


@contextmanager
def progress_reporter(label: str, quiet: bool) -> Iterator[Callable[[str], None]]:
    """A spinner with the current phase on a terminal; silent in pipes or with --quiet."""
    if quiet or not err_console.is_terminal:
        yield lambda _phase: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.fields[label]}[/] {task.description}"),
        TimeElapsedColumn(),
        console=real_console(err_console),
        transient=True,
    ) as bar:
        task = bar.add_task("starting", label=label, total=None)
        yield lambda phase: bar.update(task, description=phase)
