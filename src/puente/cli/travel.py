"""`puente travel`: the advisory by state, which post serves a place, the nearest posts,
a state's profile, entry requirements and vaccinations. `--json` prints the API's JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from puente.cli.context import read, settings_of
from puente.cli.output import JsonOption, console, emit, percent, table
from puente.errors import InvalidInput

if TYPE_CHECKING:
    from puente.results import VersionRef
    from puente.travel.results import (
        TravelAdvisory,
        TravelChanges,
        TravelNearest,
        TravelServing,
        TravelState,
        TravelStateAdvisory,
    )

app = typer.Typer(
    help="Travel to Mexico: advisory levels, U.S. posts, entry requirements, vaccinations.",
    no_args_is_help=True,
)
StateOption = Annotated[str | None, typer.Option(help="One state, e.g. Sonora or 'nuevo leon'.")]
ChangesOption = Annotated[
    bool, typer.Option("--changes", help="What changed since the advisory before.")
]


def _fresh(f: dict[str, Any]) -> str:
    if f["status"] == "undated":
        return "[yellow]undated[/]"
    label = f"as of {f['as_of']}"
    return f"[yellow]{label} (stale)[/]" if f["status"] == "stale" else label


def _sources(datasets: list[VersionRef]) -> None:
    shown = "; ".join(f"{d.dataset} v{d.version}" for d in datasets)
    console.print(f"[dim]Sources: {shown}[/]")


@app.command("advisory")
def advisory_command(
    ctx: typer.Context,
    state: StateOption = None,
    date: Annotated[str | None, typer.Option(help="An advisory date, e.g. 2024-09.")] = None,
    changes: ChangesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Each state's advisory level and risk indicators, one state's history, or the changes."""
    from puente.travel import advisory
    from puente.travel.results import TravelAdvisory, TravelChanges, TravelStateAdvisory

    settings = settings_of(ctx)
    if changes:
        found_changes = read(
            settings,
            lambda cur: advisory.advisory_changes(cur, after=date),
            "/api/travel/advisory/changes",
            {"after": date},
            model=TravelChanges,
        )

        def render_changes(d: TravelChanges) -> None:
            table(
                f"Level changes, {d.before} → {d.after}",
                ["state", "before", "after"],
                [[c["name"], c["before"], c["after"]] for c in d.level_changes],
            )
            country = d.country
            if country["added"] or country["removed"]:
                console.print(
                    f"Country-wide: added {', '.join(country['added']) or '—'}; "
                    f"removed {', '.join(country['removed']) or '—'}"
                )
            _sources(d.datasets)

        emit(found_changes, as_json, render_changes)
        return
    if state:
        history = read(
            settings,
            lambda cur: advisory.state_advisory(cur, state),
            "/api/travel/advisory",
            {"state": state},
            model=TravelStateAdvisory,
        )

        def render_state(d: TravelStateAdvisory) -> None:
            table(
                f"Travel advisory: {d.state['name']} ({d.state['code']})",
                ["advisory", "level", "advice", "risk indicators", "as of"],
                [
                    [
                        h["advisory_date"],
                        h["level"],
                        h["level_label"],
                        ", ".join(h["reasons"]) if h["reasons"] is not None else "not confirmed",
                        _fresh(h["freshness"]),
                    ]
                    for h in d.history
                ],
            )
            _sources(d.datasets)

        emit(history, as_json, render_state)
        return

    levels = read(
        settings,
        lambda cur: advisory.advisory_levels(cur, date),
        "/api/travel/advisory",
        {"date": date},
        model=TravelAdvisory,
    )

    def render(d: TravelAdvisory) -> None:
        console.print(
            f"[bold]Mexico, advisory of {d.advisory_date}[/]: country Level "
            f"{d.country_level} ({', '.join(d.country_reasons or [])}) "
            f"{_fresh(d.freshness) if d.freshness else ''}"
        )
        table(
            None,
            ["state", ("level", "r"), "advice", "risk indicators", "before"],
            [
                [
                    s["name"],
                    s["level"],
                    s["level_label"],
                    ", ".join(s["reasons"]) if s["reasons"] is not None else "not confirmed",
                    s["previous_level"],
                ]
                for s in d.states
            ],
        )
        _sources(d.datasets)

    emit(levels, as_json, render)


def _render_serving(d: TravelServing) -> None:
    where = f"{d.city['name']}, {d.state['name']}" if d.city else d.state["name"]
    table(
        f"U.S. post serving {where}",
        ["post", "part", "basis", "address"],
        [[p["post_name"], p["part"], p["basis"], p["address"] or "not confirmed"] for p in d.posts],
    )
    if not d.resolved:
        console.print(
            "[yellow]The state is split by area and the data cannot tell which part "
            "this place is in.[/]"
        )
    if d.agencies_in_state:
        console.print(
            "Consular agencies in the state: "
            + ", ".join(a["post_name"] for a in d.agencies_in_state)
        )
    _sources(d.datasets)


def _render_nearest(d: TravelNearest) -> None:
    origin = (
        d.origin["city"]["name"]
        if d.origin["city"]
        else (f"{d.origin['latitude']}, {d.origin['longitude']}")
    )
    table(
        f"Posts nearest to {origin}",
        ["post", "type", ("km", "r"), "coordinates"],
        [
            [p["post_name"], p["post_type"], f"{p['distance_km']:,.1f}", p["coord_source"]]
            for p in d.posts
        ],
    )
    _sources(d.datasets)


@app.command("post")
def post_command(
    ctx: typer.Context,
    state: Annotated[str | None, typer.Option(help="Which post serves this state.")] = None,
    city: Annotated[str | None, typer.Option(help="Which post serves this city.")] = None,
    near: Annotated[str | None, typer.Option(help="The posts nearest to this city.")] = None,
    lat: Annotated[float | None, typer.Option(help="Latitude of a point (with --lon).")] = None,
    lon: Annotated[float | None, typer.Option(help="Longitude of a point (with --lat).")] = None,
    limit: Annotated[int, typer.Option(help="How many nearest posts.")] = 3,
    as_json: JsonOption = False,
) -> None:
    """Which U.S. post serves a state or city, or the nearest posts to a city or point."""
    from puente.travel import posts
    from puente.travel.results import TravelNearest, TravelServing

    settings = settings_of(ctx)
    if near or lat is not None or lon is not None:
        nearest = read(
            settings,
            lambda cur: posts.nearest_posts(cur, lat=lat, lon=lon, near=near, limit=limit),
            "/api/travel/posts/nearest",
            {"near": near, "lat": lat, "lon": lon, "limit": limit},
            model=TravelNearest,
        )
        emit(nearest, as_json, _render_nearest)
        return
    if not state and not city:
        raise InvalidInput("give --state, --city, --near or --lat/--lon")

    serving = read(
        settings,
        lambda cur: posts.serving_post(cur, state=state, city=city),
        "/api/travel/posts/serving",
        {"state": state, "city": city},
        model=TravelServing,
    )
    emit(serving, as_json, _render_serving)


@app.command("posts")
def posts_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Every post: the Embassy, consulates general and consular agencies."""
    from puente.travel import posts
    from puente.travel.results import TravelPosts

    data = read(settings_of(ctx), posts.posts_overview, "/api/travel/posts", model=TravelPosts)
    emit(
        data,
        as_json,
        lambda d: table(
            "U.S. posts in Mexico",
            ["id", "post", "city", "serves", "as of"],
            [
                [
                    p["post_id"],
                    p["post_name"],
                    p["city"],
                    ", ".join(
                        s["name"] + ("" if s["whole_state"] else " (part)")
                        for s in p["states_served"]
                    ),
                    _fresh(p["freshness"]),
                ]
                for p in d.posts
            ],
        ),
    )


@app.command("state")
def state_command(
    ctx: typer.Context,
    state: Annotated[str, typer.Argument(help="A state: Sonora, 'Nuevo León', MX-CMX.")],
    as_json: JsonOption = False,
) -> None:
    """One state: advisory, serving post, ports of entry on its border."""
    from puente.trade import freight
    from puente.travel import profile
    from puente.travel.results import TravelState

    data = read(
        settings_of(ctx),
        lambda cur: profile.state_profile(cur, state, trade_by_state=freight.by_state),
        f"/api/travel/states/{state}",
        model=TravelState,
    )

    def render(d: TravelState) -> None:
        st = d.state
        console.print(f"[bold]{st['name']}[/] ({st['code']})")
        cur = (d.advisory or {}).get("current")
        if cur:
            console.print(
                f"Advisory {cur['advisory_date']}: Level {cur['level']} "
                f"{cur['level_label']} {_fresh(cur['freshness'])}"
            )
        if d.posts:
            for p in d.posts["posts"]:
                console.print(f"Served by {p['post_name']} ({p['part']})")
        if reasons := (cur or {}).get("reasons"):
            console.print(f"Risk indicators: {', '.join(reasons)}")
        for v in d.state_specific_health or []:
            console.print(
                f"Health: {v['item']}: {v['recommended_for'] or 'no data'} {_fresh(v['freshness'])}"
            )
        crossings = d.ports["crossings"]
        if crossings:
            table(
                "Ports of entry",
                ["crossing", "U.S. side", "Mexican city"],
                [
                    [c["crossing"], f"{c['us_city']}, {c['us_state']}", c["mexican_city"]]
                    for c in crossings
                ],
            )
        trade = d.trade or {}
        if trade.get("available"):
            millions = trade["exports_usd"] / 1e6
            console.print(
                f"Trade {trade['year']}: ${millions:,.1f} million of U.S. exports "
                f"(rank {trade['rank']} of {trade['states']} states, "
                f"{percent(trade['share_pct'] / 100, signed=False)}); {trade['scope']}"
            )
        if d.cities:
            table(
                "Cities",
                ["city", "municipality", "latitude", "longitude"],
                [[c["name"], c["municipality"], c["latitude"], c["longitude"]] for c in d.cities],
            )
        _sources(d.datasets)

    emit(data, as_json, render)


@app.command("entry")
def entry_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Entry requirements, with who each applies to."""
    from puente.travel import entry
    from puente.travel.results import TravelEntry

    data = read(settings_of(ctx), entry.entry_requirements, "/api/travel/entry", model=TravelEntry)
    emit(
        data,
        as_json,
        lambda d: table(
            "Entering Mexico",
            ["requirement", "value", "applies to", "as of"],
            [
                [r["label"], r["value"] or "not confirmed", r["applies_to"], _fresh(r["freshness"])]
                for r in d.requirements
            ],
        ),
    )


@app.command("vaccinations")
def vaccinations_command(
    ctx: typer.Context,
    state: Annotated[str | None, typer.Option(help="Only what applies in this state.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Vaccines and medicines for Mexico, with who each is for."""
    from puente.travel import entry
    from puente.travel.results import TravelVaccinations

    data = read(
        settings_of(ctx),
        lambda cur: entry.vaccinations(cur, state),
        "/api/travel/vaccinations",
        {"state": state},
        model=TravelVaccinations,
    )
    emit(
        data,
        as_json,
        lambda d: table(
            "Vaccines and medicines",
            ["item", "who it is for", "as of"],
            [
                [v["item"], v["recommended_for"] or "not confirmed", _fresh(v["freshness"])]
                for v in d.vaccinations
            ],
        ),
    )
