"""`puente security`: drug seizures, currency seizures and Southwest border encounters, as
tables or --json (the API's own JSON)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from puente.cli.context import read, settings_of
from puente.cli.output import JsonOption, console, emit, number, percent, source_line, table

if TYPE_CHECKING:
    from puente.security.results import (
        SecurityAmo,
        SecurityCrossings,
        SecurityDrugs,
        SecurityEncounters,
        SecurityEncountersByState,
        SecurityMoney,
        SecurityOrganization,
        SecurityOrganizations,
    )

    Windowed = (
        SecurityDrugs | SecurityMoney | SecurityEncounters | SecurityEncountersByState | SecurityAmo
    )

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


def _window(data: Windowed) -> str:
    months = data.months
    span = "" if data.complete else f", {months[0]}–{months[-1]} ({len(months)} months)"
    compared = (
        f"; changes on the same months of FY{data.fiscal_year - 1}"
        if data.compared_with
        else "; no year before to compare"
    )
    return f"FY{data.fiscal_year}{span}{compared}"


def _source(data: Windowed | SecurityCrossings) -> None:
    source_line(data.version)
    for note in data.notes:
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
    from puente.security.results import SecurityDrugs

    data = read(
        settings_of(ctx),
        lambda cur: drugs.drug_seizures(cur, drug, fy, region),
        "/api/security/drugs",
        {"drug": drug, "fy": fy, "region": region},
        model=SecurityDrugs,
    )

    def render(d: SecurityDrugs) -> None:
        what = d.drug or "all drugs"
        t = d.total
        console.print(
            f"[bold]{what} seized, {d.region}, {_window(d)}[/]: {number(t.lbs)} lbs in "
            f"{number(t.events)} events ({percent(t.change)})"
        )
        table(
            "By drug",
            ["drug", ("lbs", "r"), ("events", "r"), ("lbs year before", "r"), ("change", "r")],
            [
                [r["drug_type"], number(r["lbs"]), number(r["events"]),
                 number(r["previous_lbs"]), percent(r["change"])]
                for r in d.by_drug
            ],
        )  # fmt: skip
        table(
            "By area of responsibility",
            ["area", "component", ("lbs", "r"), ("events", "r"), ("change", "r")],
            [
                [r["area_of_responsibility"], r["component"], number(r["lbs"]),
                 number(r["events"]), percent(r["change"])]
                for r in d.by_area[:15]
            ],
        )  # fmt: skip
        table(
            "By fiscal year",
            ["FY", ("months", "r"), ("lbs", "r"), ("events", "r")],
            [
                [r["fiscal_year"], r["months"], number(r["lbs"]), number(r["events"])]
                for r in d.by_year
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
    from puente.security.results import SecurityMoney

    data = read(
        settings_of(ctx),
        lambda cur: money.currency_seizures(cur, fy, region),
        "/api/security/money",
        {"fy": fy, "region": region},
        model=SecurityMoney,
    )

    def render(m: SecurityMoney) -> None:
        console.print(f"[yellow]{m.sample_note}[/]")
        t = m.total
        console.print(
            f"[bold]Currency seized, {m.region}, {_window(m)}[/]: "
            f"${number(t.usd)} in {number(t.events)} events ({percent(t.change)})"
        )
        table(
            "By direction",
            ["direction", ("USD", "r"), ("events", "r"), ("USD year before", "r"), ("change", "r")],
            [
                [r["direction"], number(r["usd"]), number(r["events"]),
                 number(r["previous_usd"]), percent(r["change"])]
                for r in m.by_direction
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
    from puente.security.results import SecurityEncounters

    data = read(
        settings_of(ctx),
        lambda cur: encounters.southwest_encounters(cur, fy),
        "/api/security/encounters",
        {"fy": fy},
        model=SecurityEncounters,
    )

    def render(e: SecurityEncounters) -> None:
        t = e.total
        console.print(
            f"[bold]Southwest border encounters, {_window(e)}[/]: {number(t.encounters)} "
            f"({percent(t.change)}); Mexican citizens {number(t.mexico)} "
            f"({percent(t.mexico_share, False)})"
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
                    for r in getattr(e, key)
                ],
            )  # fmt: skip
        _source(e)

    emit(data, as_json, render)


@app.command("orgs")
def orgs_command(
    ctx: typer.Context,
    org: Annotated[
        int | None, typer.Argument(help="An organisation's list entry id: its members.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Designated criminal organisations tied to Mexico (SDNTK, TCO, FTO...), or one of them
    with its linked people and companies."""
    from puente.security import organizations
    from puente.security.results import SecurityOrganization, SecurityOrganizations

    settings = settings_of(ctx)
    if org is not None:
        one = read(
            settings,
            lambda cur: organizations.get_organization(cur, org),
            f"/api/security/organizations/{org}",
            model=SecurityOrganization,
        )

        def render_one(d: SecurityOrganization) -> None:
            o = d.organization
            console.print(
                f"[bold]{o['name']}[/] ({', '.join(o['programs'])}): "
                f"{o['individuals']} people, {o['entities']} companies and other entries"
            )
            table(
                "Linked entries",
                ["id", "name", "type", "how", "programs"],
                [
                    [m["entity_id"], m["name"], m["entity_type"],
                     m["via"] if m["via"] != "linked_to" else f"linked ({m['steps']} step)",
                     ", ".join(m["programs"])]
                    for m in d.members
                ],
            )  # fmt: skip
            _list_source(d)

        emit(one, as_json, render_one)
        return
    data = read(
        settings,
        organizations.list_organizations,
        "/api/security/organizations",
        model=SecurityOrganizations,
    )

    def render(d: SecurityOrganizations) -> None:
        console.print(f"[bold]{d.total} designated criminal organisations tied to Mexico[/]")
        table(
            None,
            ["id", "organisation", "programs", ("people", "r"), ("entities", "r")],
            [
                [o["entity_id"], o["name"], ", ".join(o["programs"]), o["individuals"],
                 o["entities"]]
                for o in d.organizations
            ],
        )  # fmt: skip
        _list_source(d)

    emit(data, as_json, render)


def _list_source(d: SecurityOrganization | SecurityOrganizations) -> None:
    v = d.version
    source_line(v)
    links = d.links_version
    if links and links.version != v.version:
        console.print(
            f"[dim]Links from version {links.version} (the version in force has no Remarks)[/]"
        )
    for note in d.notes:
        console.print(f"[dim]{note}[/]")


@app.command("crossings")
def crossings_command(
    ctx: typer.Context,
    drug: Annotated[str | None, typer.Option(help="Only this drug, e.g. Fentanyl.")] = None,
    fy: FyOption = None,
    as_json: JsonOption = False,
) -> None:
    """Seizures at the ports per million people crossing, and at versus between the ports."""
    from puente.security import areas
    from puente.security.results import SecurityCrossings

    data = read(
        settings_of(ctx),
        lambda cur: areas.seizures_beside_crossings(cur, fy, drug),
        "/api/security/crossings",
        {"drug": drug, "fy": fy},
        model=SecurityCrossings,
    )

    def render(c: SecurityCrossings) -> None:
        months = c.months
        span = "" if c.complete else f", {months[0]} to {months[-1]} ({len(months)} months)"
        console.print(f"[bold]{c.drug or 'All drugs'}, FY{c.fiscal_year}{span}[/]")
        table(
            "At the ports, per million people crossing",
            ["field office", ("people crossing", "r"), ("lbs", "r"), ("lbs/million", "r"),
             ("events/million", "r")],
            [
                [r["area"], number(r["people_crossing"]), number(r["lbs"]),
                 f"{r['lbs_per_million']:,.1f}" if r["lbs_per_million"] is not None else "—",
                 f"{r['events_per_million']:,.1f}" if r["events_per_million"] is not None else "—"]
                for r in c.field_offices
            ],
        )  # fmt: skip
        table(
            "At and between the ports",
            ["corridor", ("at ports lbs", "r"), ("between ports lbs", "r"), ("at ports", "r")],
            [
                [r["corridor"], number(r["at_ports_lbs"]), number(r["between_ports_lbs"]),
                 percent(r["share_at_ports"], False)]
                for r in c.corridors
            ],
        )  # fmt: skip
        _source(c)

    emit(data, as_json, render)


@app.command("amo")
def amo_command(
    ctx: typer.Context,
    drug: Annotated[str | None, typer.Option(help="Only this drug, e.g. Cocaine.")] = None,
    fy: FyOption = None,
    region: Annotated[str, typer.Option(help='A CBP region or "all" (default).')] = "all",
    as_json: JsonOption = False,
) -> None:
    """Air and Marine Operations drug seizures by state and branch."""
    from puente.security import amo
    from puente.security.results import SecurityAmo

    data = read(
        settings_of(ctx),
        lambda cur: amo.amo_seizures(cur, drug, fy, region),
        "/api/security/amo",
        {"drug": drug, "fy": fy, "region": region},
        model=SecurityAmo,
    )

    def render(a: SecurityAmo) -> None:
        t = a.total
        console.print(
            f"[bold]AMO seizures, {a.region}, {_window(a)}[/]: {number(t.lbs)} lbs in "
            f"{number(t.events)} events ({percent(t.change)})"
        )
        table(
            "By state",
            ["state", ("lbs", "r"), ("events", "r"), ("change", "r")],
            [[r["state"] or "not in one state", number(r["lbs"]), number(r["events"]),
              percent(r["change"])] for r in a.by_state],
        )  # fmt: skip
        _source(a)

    emit(data, as_json, render)


@app.command("states")
def states_command(
    ctx: typer.Context,
    fy: FyOption = None,
    region: Annotated[
        str, typer.Option(help='"Southwest Land Border", another region, or "all".')
    ] = "all",
    as_json: JsonOption = False,
) -> None:
    """Encounters by U.S. state, with Mexican citizens' share."""
    from puente.security import encounters
    from puente.security.results import SecurityEncountersByState

    data = read(
        settings_of(ctx),
        lambda cur: encounters.encounters_by_state(cur, fy, region),
        "/api/security/encounters/states",
        {"fy": fy, "region": region},
        model=SecurityEncountersByState,
    )

    def render(e: SecurityEncountersByState) -> None:
        console.print(f"[bold]Encounters by state, {e.region}, {_window(e)}[/]")
        table(
            None,
            ["state", "region", ("encounters", "r"), ("Mexican", "r"), ("share", "r"),
             ("change", "r")],
            [[r["state"], r["region"], number(r["encounters"]), number(r["mexico"]),
              percent(r["mexico_share"], False), percent(r["change"])] for r in e.by_state],
        )  # fmt: skip
        _source(e)

    emit(data, as_json, render)
