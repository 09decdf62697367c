"""`puente relations check`: the relations page's claims against the data, as a table or
--json (the API's own JSON, /api/relations)."""

from __future__ import annotations

from typing import Any

import typer

from puente.cli.context import read, settings_of
from puente.cli.output import JsonOption, console, emit, table

app = typer.Typer(
    help="The State Department's U.S.–Mexico relations page, checked against the data.",
    no_args_is_help=True,
)


def _value(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:,}" if isinstance(value, int | float) else str(value)


@app.command("check")
def check(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Each claim of the page: what it states, what the data gives, the verdict, the source.
    Prints the table; the exit status is 0 whatever the verdicts."""
    from puente.relations.page import relations_page

    data = read(settings_of(ctx), relations_page, "/api/relations")

    def render(r: dict[str, Any]) -> None:
        for paragraph in r["paragraphs"]:
            console.print(paragraph + "\n")
        table(
            f"Claims of {r['page']['title']} ({r['page']['url']})",
            ["claim", "stated", "page year", "latest", "verdict", "datasets"],
            [
                [
                    row["claim"],
                    row["stated"],
                    f"{_value(row['page_value'])} ({row['page_year'] or '—'})",
                    f"{_value(row['latest_value'])} ({row['latest_year'] or '—'})",
                    row["verdict"],
                    row["datasets"] or "—",
                ]
                for row in r["rows"]
            ],
        )
        counts = ", ".join(f"{n} {verdict}" for verdict, n in sorted(r["verdicts"].items()))
        console.print(f"[dim]Verdicts: {counts}[/]")

    emit(data, as_json, render)
