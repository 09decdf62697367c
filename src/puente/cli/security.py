"""`puente security`: drug seizures, currency seizures and Southwest border encounters, as
tables or --json (the API's own JSON)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from puente.cli.context import read, settings_of
from puente.cli.output import JsonOption, console, emit, number, percent, source_line, table

app = typer.Typer(
    help="Security cooperation from CBP data: drug and currency seizures, border encounters. "
    "Arms (firearms/ammunition) data is not available.",
    no_args_is_help=True,
)
FyOption = Annotated[
    int | None, typer.Option("--fy", help="CBP fiscal year, Oct–Sep (default: the latest).")
]
RegionOption = Annotated[
    str, typer.Option(help='CBP region, e.g. "Southwest Border" (default), or "all".')
]


def _window(data: dict[str, Any]) -> str:
    months = data["months"]
    span = "" if data["complete"] else f", {months[0]}–{months[-1]} ({len(months)} months)"
    compared = (
        f"; changes on the same months of FY{data['fiscal_year'] - 1}"
        if data["compared_with"]
        else "; no year before to compare"
    )
    return f"FY{data['fiscal_year']}{span}{compared}"


def _source(data: dict[str, Any]) -> None:
    source_line(data["version"])
    for note in data["notes"]:
        console.print(f"[dim]{note}[/]")


@app.command("drugs")
def drugs_command(
    ctx: typer.Context,
    drug: Annotated[str | None, typer.Option(help="Only this drug, e.g. Fentanyl.")] = None,
    fy: FyOption = None,
    region: RegionOption = "Southwest Border",
    as_json: JsonOption = False,
) -> None:
    """Drug seizures in pounds and events: by drug, by area of responsibility, by year."""
    from puente.security import drugs

    data = read(
        settings_of(ctx),
        lambda cur: drugs.drug_seizures(cur, drug, fy, region),
        "/api/security/drugs",
        {"drug": drug, "fy": fy, "region": region},
    )

    def render(d: dict[str, Any]) -> None:
        what = d["drug"] or "all drugs"
        t = d["total"]
        console.print(
            f"[bold]{what} seized, {d['region']}, {_window(d)}[/]: {number(t['lbs'])} lbs in "
            f"{number(t['events'])} events ({percent(t['change'])})"
        )
        table(
            "By drug",
            ["drug", ("lbs", "r"), ("events", "r"), ("lbs year before", "r"), ("change", "r")],
            [
                [r["drug_type"], number(r["lbs"]), number(r["events"]),
                 number(r["previous_lbs"]), percent(r["change"])]
                for r in d["by_drug"]
            ],
        )  # fmt: skip
        table(
            "By area of responsibility",
            ["area", "component", ("lbs", "r"), ("events", "r"), ("change", "r")],
            [
                [r["area_of_responsibility"], r["component"], number(r["lbs"]),
                 number(r["events"]), percent(r["change"])]
                for r in d["by_area"][:15]
            ],
        )  # fmt: skip
        table(
            "By fiscal year",
            ["FY", ("months", "r"), ("lbs", "r"), ("events", "r")],
            [
                [r["fiscal_year"], r["months"], number(r["lbs"]), number(r["events"])]
                for r in d["by_year"]
            ],
        )
        _source(d)

    emit(data, as_json, render)


@app.command("money")
def money_command(
    ctx: typer.Context,
    fy: FyOption = None,
    region: RegionOption = "Southwest Border",
    as_json: JsonOption = False,
) -> None:
    """Currency seizures inbound and outbound (the loaded file is a sample of CBP's)."""
    from puente.security import money

    data = read(
        settings_of(ctx),
        lambda cur: money.currency_seizures(cur, fy, region),
        "/api/security/money",
        {"fy": fy, "region": region},
    )

    def render(m: dict[str, Any]) -> None:
        console.print(f"[yellow]{m['sample_note']}[/]")
        t = m["total"]
        console.print(
            f"[bold]Currency seized, {m['region']}, {_window(m)}[/]: "
            f"${number(t['usd'])} in {number(t['events'])} events ({percent(t['change'])})"
        )
        table(
            "By direction",
            ["direction", ("USD", "r"), ("events", "r"), ("USD year before", "r"), ("change", "r")],
            [
                [r["direction"], number(r["usd"]), number(r["events"]),
                 number(r["previous_usd"]), percent(r["change"])]
                for r in m["by_direction"]
            ],
        )  # fmt: skip
        _source(m)

    emit(data, as_json, render)


@app.command("encounters")
def encounters_command(
    ctx: typer.Context, fy: FyOption = None, as_json: JsonOption = False
) -> None:
    """Southwest land border encounters by citizenship (Mexico first), demographic, title."""
    from puente.security import encounters

    data = read(
        settings_of(ctx),
        lambda cur: encounters.southwest_encounters(cur, fy),
        "/api/security/encounters",
        {"fy": fy},
    )

    def render(e: dict[str, Any]) -> None:
        t = e["total"]
        console.print(
            f"[bold]Southwest border encounters, {_window(e)}[/]: {number(t['encounters'])} "
            f"({percent(t['change'])}); Mexican citizens {number(t['mexico'])} "
            f"({percent(t['mexico_share'], False)})"
        )
        for key, dim, title in (
            ("by_citizenship", "citizenship", "By citizenship"),
            ("by_demographic", "demographic", "By demographic"),
            ("by_title", "title_of_authority", "By title of authority"),
        ):
            table(
                title,
                [dim, ("encounters", "r"), ("year before", "r"), ("change", "r")],
                [
                    [r[dim], number(r["encounters"]), number(r["previous_encounters"]),
                     percent(r["change"])]
                    for r in e[key]
                ],
            )  # fmt: skip
        _source(e)

    emit(data, as_json, render)
