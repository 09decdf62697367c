"""`puente border`: ports and crossings, as tables or --json (the API's own JSON)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from puente.cli.context import read, settings_of
from puente.cli.output import JsonOption, console, emit, number, percent, source_line, table

if TYPE_CHECKING:
    from puente.border.results import BorderCrossings, BorderPort, BorderPorts, BorderSummary

app = typer.Typer(
    help="U.S.–Mexico border crossings since 1996, by port, measure and month.",
    no_args_is_help=True,
)


@app.command("summary")
def summary(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option(help="Year (default: the latest complete year).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The border in one year: totals by measure, change on the year before, top ports."""
    from puente.border import crossings
    from puente.border.results import BorderSummary

    data = read(
        settings_of(ctx),
        lambda cur: crossings.summary(cur, year),
        "/api/border/summary",
        {"year": year},
        model=BorderSummary,
    )

    def render(s: BorderSummary) -> None:
        partial = "" if s.complete_year else f" ({len(s.months)} months)"
        before = s.compared_with.label
        console.print(
            f"[bold]U.S.–Mexico border, {s.label}{partial}[/]: "
            f"{number(s.people)} people crossed "
            f"northbound ({percent(s.people_change)} on {before}), "
            f"{number(s.people_per_day)} a day"
        )
        table(
            "By measure",
            ["measure", (s.label, "r"), (before, "r"), ("change", "r")],
            [
                [m["measure"], number(m["value"]), number(m["previous"]), percent(m["change"])]
                for m in s.measures
            ],
        )
        table(
            "Top ports by people crossing",
            [("#", "r"), "port", "code", "state", ("people", "r"), ("share", "r")],
            [
                [
                    p["rank"],
                    p["port_name"],
                    p["port_code"],
                    p["state"],
                    number(p["people"]),
                    percent(p["share"], False),
                ]
                for p in s.top_ports[:10]
            ],
        )
        source_line(s.version)

    emit(data, as_json, render)


@app.command("port")
def port(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="BTS port code, e.g. 2504 (San Ysidro).")],
    measure: Annotated[
        str | None, typer.Option(help="Only this measure, by year (e.g. Pedestrians).")
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="Year of the totals (default: latest complete).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """One port: totals by measure in a year, or one measure year by year."""
    from puente.border import crossings
    from puente.border.results import BorderCrossings, BorderPort

    settings = settings_of(ctx)
    if measure:
        series = read(
            settings,
            lambda cur: crossings.crossings(cur, port=code, measure=measure, group="year"),
            "/api/border/crossings",
            {"port": code, "measure": measure, "group": "year"},
            model=BorderCrossings,
        )

        def render_series(d: BorderCrossings) -> None:
            p = d.port or {}
            table(
                f"{p['name']} ({p['code']}), {d.rows[0]['measure'] if d.rows else measure} by year",
                ["year", ("crossings", "r")],
                [[r["period"], number(r["value"])] for r in d.rows],
            )

        emit(series, as_json, render_series)
        return

    data = read(
        settings,
        lambda cur: crossings.port_profile(cur, code, year),
        f"/api/border/ports/{code}",
        {"year": year},
        model=BorderPort,
    )

    def render(d: BorderPort) -> None:
        p = d.port
        twin = f" – {', '.join(p['mexican_cities'])}" if p["mexican_cities"] else ""
        console.print(
            f"[bold]{p['name']}, {p['state']}{twin}[/] (port {p['code']}, "
            f"data {p['first_period']} to {p['last_period']})"
        )
        table(
            f"Crossings in {d.label}",
            ["measure", (d.label, "r"), (d.compared_with.label, "r"), ("change", "r")],
            [
                [m["measure"], number(m["value"]), number(m["previous"]), percent(m["change"])]
                for m in d.measures
                if m["value"] or m["previous"]
            ],
        )

    emit(data, as_json, render)


@app.command("ports")
def list_ports(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Every U.S.–Mexico land port with its code, state and twin city."""
    from puente.border import ports
    from puente.border.results import BorderPorts

    data = read(settings_of(ctx), ports.registry, "/api/border/ports", model=BorderPorts)

    def render(d: BorderPorts) -> None:
        table(
            "U.S.–Mexico land ports of entry",
            ["code", "port", "state", "across the border", "data from", "to"],
            [
                [
                    p["code"],
                    p["name"],
                    p["state"],
                    ", ".join(p["mexican_cities"]),
                    p["first_period"],
                    p["last_period"],
                ]
                for p in d.ports
            ],
        )

    emit(data, as_json, render)
