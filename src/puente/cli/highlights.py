"""`puente highlights`: news items and items generated from data changes, newest first, or
--json (the API's own JSON, /api/highlights)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from puente.cli.context import read, settings_of
from puente.cli.output import console, emit

if TYPE_CHECKING:
    from puente.highlights.results import Highlights

app = typer.Typer()


@app.command("highlights")
def highlights(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many items, newest first.")] = 50,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the API's JSON instead of text.")
    ] = False,
) -> None:
    """Highlights: the relations page's news and what changed in the data."""
    from puente.highlights.items import list_highlights
    from puente.highlights.results import Highlights

    data = read(
        settings_of(ctx),
        lambda cur: list_highlights(cur, limit),
        "/api/highlights",
        {"limit": limit},
        model=Highlights,
    )

    def render(h: Highlights) -> None:
        if not h.items:
            console.print("No highlights yet.")
        for item in h.items:
            versions = ", ".join(f"{d['dataset']} v{d['version']}" for d in item["datasets"])
            console.print(f"[bold]{item['date']}[/]  {item['title']}")
            console.print(f"  {item['summary']}")
            console.print(f"  [dim]{item['link']} · {versions or item['source']}[/]")

    emit(data, as_json, render)
