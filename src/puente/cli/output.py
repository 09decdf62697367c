"""Printing: rich tables on a terminal, JSON for scripts, progress only where it helps.

rich is imported on first use, so `puente --help` and `--json` runs never load it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

if TYPE_CHECKING:
    from rich.console import Console

JsonOption = Annotated[bool, typer.Option("--json", help="Print the API's JSON instead of tables.")]


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
        return getattr(self.get(), name)


# Typed as Console: every attribute is the real Console's (see real_console for rich's own use).
console = cast("Console", _LazyConsole())
err_console = cast("Console", _LazyConsole(stderr=True, soft_wrap=True))


def real_console(lazy: Console) -> Console:
    """The Console itself, for rich objects (Progress) that need one, not a stand-in."""
    return lazy.get() if isinstance(lazy, _LazyConsole) else lazy


def source_line(version: dict[str, Any]) -> None:
    """The footer under every figure: which dataset version it came from."""
    console.print(
        f"[dim]Source: {version['dataset']} version {version['version']} ({version['source']})[/]"
    )


def emit(data: Any, as_json: bool, render: Callable[[Any], None]) -> None:
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        render(data)


def table(
    title: str | None,
    columns: Sequence[str | tuple[str, str]],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Columns are names, or (name, "right") for numbers."""
    from rich.table import Table

    out = Table(title=title, title_justify="left")
    for col in columns:
        if isinstance(col, tuple):
            out.add_column(col[0], justify="right")
        else:
            out.add_column(col)
    for row in rows:
        out.add_row(*("—" if v is None else str(v) for v in row))
    real = real_console(console)
    if real.is_terminal:
        console.print(out)
        return
    # In a pipe or a file there is no screen to fit: the table takes the width its cells
    # need, so no name or URL is cut (rich would otherwise wrap or crop at 80 columns).
    from rich.measure import Measurement

    wide = Measurement.get(real, real.options.update(width=100_000), out).maximum
    width = real.width
    real.width = max(width, wide)
    try:
        real.print(out)
    finally:
        real.width = width


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
