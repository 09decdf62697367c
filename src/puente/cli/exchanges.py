"""`puente exchanges`: the exchange programs directory. `--json` prints the API's JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from puente.cli.context import read, settings_of
from puente.cli.output import JsonOption, console, emit, table

if TYPE_CHECKING:
    from puente.exchanges.results import ExchangesProgram, ExchangesPrograms

app = typer.Typer(
    help="U.S.–Mexico exchange programs: who can go, where, for how long.", no_args_is_help=True
)
AUDIENCE_HELP = "students, youth, teachers, professionals, scholars, leaders ..."
DURATION_HELP = "short (up to 8 weeks), medium (up to 6 months) or long."


def _ages(p: dict[str, Any]) -> str:
    if p["min_age"] is None and p["max_age"] is None:
        return "not stated"
    return (
        f"{p['min_age'] if p['min_age'] is not None else '…'}–"
        f"{p['max_age'] if p['max_age'] is not None else '…'}"
    )


@app.command("list")
def list_command(
    ctx: typer.Context,
    audience: Annotated[str | None, typer.Option(help=AUDIENCE_HELP)] = None,
    direction: Annotated[str | None, typer.Option(help="to_us, to_mexico, in_mexico.")] = None,
    age: Annotated[int | None, typer.Option(help="The participant's age.")] = None,
    duration: Annotated[str | None, typer.Option(help=DURATION_HELP)] = None,
    q: Annotated[str | None, typer.Option(help="Words in the name or description.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Exchange programs, filtered by audience, direction, age and length."""
    from puente.exchanges import programs
    from puente.exchanges.results import ExchangesPrograms

    data = read(
        settings_of(ctx),
        lambda cur: programs.list_programs(cur, audience, direction, age, duration, q),
        "/api/exchanges/programs",
        {
            "audience": audience,
            "direction": direction,
            "age": age,
            "duration": duration,
            "q": q,
        },
        model=ExchangesPrograms,
    )

    def render(d: ExchangesPrograms) -> None:
        table(
            f"Exchange programs ({d.count})",
            ["slug", "program", "direction", "ages", "length"],
            [
                [
                    p["slug"],
                    p["program"],
                    p["direction_label"],
                    _ages(p),
                    p["duration"] or "not stated",
                ]
                for p in d.programs
            ],
        )
        if d.not_stated:
            console.print(
                "[dim]Not shown, the sources do not state whether they fit: "
                + ", ".join(f"{n['program']} ({n['missing']})" for n in d.not_stated)
                + "[/]"
            )

    emit(data, as_json, render)


@app.command("show")
def show_command(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="A program's slug or name, e.g. ylai.")],
    as_json: JsonOption = False,
) -> None:
    """One exchange program."""
    from puente.exchanges import programs
    from puente.exchanges.results import ExchangesProgram

    data = read(
        settings_of(ctx),
        lambda cur: programs.get_program(cur, slug),
        f"/api/exchanges/programs/{slug}",
        model=ExchangesProgram,
    )

    def render(d: ExchangesProgram) -> None:
        p = d.program
        fields = [
            "sponsor",
            "implementer",
            "direction",
            "audience",
            "eligibility",
            "duration",
            "scale",
            "mexico_notes",
            "source",
        ]
        table(p["program"], ["", ""], [[f, p[f] or "—"] for f in fields] + [["ages", _ages(p)]])

    emit(data, as_json, render)
