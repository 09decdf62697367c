"""`puente border waits` and `puente border best-time`: wait times by weekday and hour, and the
best time to cross, as tables or --json (the API's own JSON). The commands register themselves
on the border group when this module is imported (see COMMAND_MODULES in cli/main.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from puente.cli.context import read, settings_of
from puente.cli.output import JsonOption, console, emit, source_line, table

if TYPE_CHECKING:
    from puente.border.results import BorderBestTime, BorderPortWaits, WaitQuestion
    from puente.results import VersionRef

# `border waits` and `border best-time`: cli.main adds these to the border group.
app = typer.Typer()

PortArg = Annotated[str, typer.Argument(help="BTS port code, e.g. 2504 (San Ysidro), 2402.")]
LaneOption = Annotated[
    str | None, typer.Option("--lane", help="passenger (default), pedestrian or commercial.")
]
TypeOption = Annotated[
    str | None, typer.Option("--type", help="Lane type: general (default), ready, sentri, fast.")
]
DayOption = Annotated[
    str | None, typer.Option("--day", help="A weekday, e.g. sunday or domingo (default: all).")
]
MonthOption = Annotated[int | None, typer.Option("--month", help="1-12 (default: all year).")]
CrossingOption = Annotated[
    str | None, typer.Option("--crossing", help="One crossing of the port, by name.")
]


def _params(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _minutes(value: float | None) -> str:
    return "closed" if value is None else f"{value:.0f}"


def _heading(d: WaitQuestion) -> str:
    month = f", month {d.month}" if d.month else ""
    return (
        f"[bold]{d.port['port_name']} (port {d.port['port_code']})[/]: "
        f"{d.lane_label}, {d.type_label}{month}; minutes, local time"
    )


@app.command("waits")
def port_waits(
    ctx: typer.Context,
    port: PortArg,
    now_port: Annotated[
        str | None,
        typer.Argument(help="With `now`: the port, e.g. `puente border waits now 2504`."),
    ] = None,
    lane: LaneOption = None,
    lane_type: TypeOption = None,
    day: DayOption = None,
    month: MonthOption = None,
    crossing: CrossingOption = None,
    as_json: JsonOption = False,
) -> None:
    """Typical wait by hour: CBP's averages per weekday, and the observed median and 90th
    percentile (third-party data) where they exist. `waits now PORT`: the live wait now."""
    from puente.errors import InvalidInput

    if port == "now":
        if now_port is None:
            raise InvalidInput("give the port: puente border waits now 2504")
        from puente.cli.live import show_now

        show_now(settings_of(ctx), now_port, as_json)
        return
    if now_port is not None:
        raise InvalidInput(f"unexpected argument {now_port!r}; did you mean `waits now {port}`?")

    from puente.border import waits
    from puente.border.lanes import WEEKDAYS
    from puente.border.results import BorderPortWaits

    data = read(
        settings_of(ctx),
        lambda cur: waits.port_waits(cur, port, lane, lane_type, day, month, crossing),
        f"/api/border/waits/{port}",
        _params(lane=lane, type=lane_type, day=day, month=month, crossing=crossing),
        model=BorderPortWaits,
    )

    def render(d: BorderPortWaits) -> None:
        console.print(_heading(d))
        days = [d.weekday] if d.weekday is not None else list(range(7))
        for name in dict.fromkeys(r["crossing"] for r in d.averages):
            rows = [r for r in d.averages if r["crossing"] == name]
            grid = {(r["weekday"], r["hour"]): r["minutes"] for r in rows}
            table(
                f"{name}: CBP average wait",
                ["hour", *((WEEKDAYS[w][:3], "r") for w in days)],
                [[f"{h:02d}:00", *(_minutes(grid.get((w, h))) for w in days)] for h in range(24)],
            )
        # Over the whole week, by hour; or the chosen weekday's hours.
        observed = (
            d.observed_by_hour
            if d.weekday is None
            else [r for r in d.observed if r["weekday"] == d.weekday]
        )
        for name in dict.fromkeys(r["crossing"] for r in observed):
            table(
                f"{name}: observed wait ({d.observed_from} to {d.observed_to}, "
                "Bordify, third-party)",
                ["hour", ("median", "r"), ("90th pct", "r"), ("observations", "r")],
                [
                    [
                        f"{r['hour']:02d}:00",
                        f"{r['median']:.0f}",
                        f"{r['p90']:.0f}",
                        r["observations"],
                    ]
                    for r in observed
                    if r["crossing"] == name
                ],
            )
        if not d.averages and not observed:
            console.print("No wait times for this lane at this port.")
        _sources(d.versions)

    emit(data, as_json, render)


def _sources(versions: dict[str, VersionRef | None]) -> None:
    for v in versions.values():
        if v:
            source_line(v)


@app.command("best-time")
def best_time(
    ctx: typer.Context,
    port: PortArg,
    lane: LaneOption = None,
    lane_type: TypeOption = None,
    day: DayOption = None,
    month: MonthOption = None,
    crossing: CrossingOption = None,
    count: Annotated[int, typer.Option("--count", min=1, max=24, help="Hours to list.")] = 3,
    as_json: JsonOption = False,
) -> None:
    """The hours with the shortest and the longest expected wait at each crossing."""

    from puente.border import waits
    from puente.border.results import BorderBestTime

    data = read(
        settings_of(ctx),
        lambda cur: waits.best_time(cur, port, lane, lane_type, day, month, crossing, count),
        f"/api/border/waits/{port}/best-time",
        _params(lane=lane, type=lane_type, day=day, month=month, crossing=crossing, count=count),
        model=BorderBestTime,
    )

    def render(d: BorderBestTime) -> None:
        console.print(_heading(d) + (f"; {d.day}" if d.day else "; any day"))
        if not d.answers:
            console.print("No wait times for this lane at this port.")
        for a in d.answers:
            basis = (
                "CBP historical averages"
                if a["basis"] == "cbp-averages"
                else "observed median (Bordify, third-party)"
            )
            table(
                f"{a['crossing']}: {basis}",
                ["", "when", ("minutes", "r")],
                [["best", s["label"], _minutes(s["minutes"])] for s in a["best"]]
                + [["worst", s["label"], _minutes(s["minutes"])] for s in a["worst"]],
            )
        _sources(d.versions)

    emit(data, as_json, render)
