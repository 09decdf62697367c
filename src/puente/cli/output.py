"""Printing: rich tables on a terminal, JSON for scripts, progress only where it helps."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console()
err_console = Console(stderr=True, soft_wrap=True)


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
    out = Table(title=title, title_justify="left")
    for col in columns:
        if isinstance(col, tuple):
            out.add_column(col[0], justify="right")
        else:
            out.add_column(col)
    for row in rows:
        out.add_row(*("—" if v is None else str(v) for v in row))
    console.print(out)


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
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.fields[label]}[/] {task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("starting", label=label, total=None)
        yield lambda phase: bar.update(task, description=phase)
