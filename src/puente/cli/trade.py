"""`puente trade`: goods trade, Mexico's rank, freight and energy, as tables or --json (the
API's own JSON)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from puente.cli.context import read, settings_of
from puente.cli.output import JsonOption, console, emit, source_line, table
from puente.trade.partners import MEXICO_CODE  # a constant; partners imports nothing

if TYPE_CHECKING:
    from puente.results import Answer, VersionRef
    from puente.trade.results import (
        TradeCommodities,
        TradeEnergyOverview,
        TradeModes,
        TradePartners,
        TradeRanks,
        TradeSeries,
        TradeStates,
        TradeSummary,
    )

A = TypeVar("A", bound="Answer")

app = typer.Typer(
    help="U.S. goods trade with every partner since 1985, Mexico's rank, freight by mode, "
    "state and commodity, and energy exports.",
    no_args_is_help=True,
)
YearOption = Annotated[int | None, typer.Option(help="Year (default: the latest complete year).")]
PartnerOption = Annotated[str, typer.Option(help="Census code or name, e.g. 2010 or Mexico.")]


def _usd(value: float | None) -> str:
    """$609.6B, $77.7M: dollars in the units people read."""
    if value is None:
        return "—"
    sign = "-" if value < 0 else ""
    amount = abs(value)
    for size, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if amount >= size:
            return f"{sign}${amount / size:,.1f}{unit}"
    return f"{sign}${amount:,.0f}"


def _pct(value: float | None, signed: bool = True) -> str:
    if value is None:
        return "—"
    return f"{value:+.1f}%" if signed else f"{value:.1f}%"


def _source(version: VersionRef) -> None:
    source_line(version)


def _run(
    ctx: typer.Context,
    query: Callable[[Any], A],
    path: str,
    params: dict[str, Any],
    as_json: bool,
    render: Callable[[A], None],
    model: type[A],
) -> None:
    emit(read(settings_of(ctx), query, path, params, model=model), as_json, render)


@app.command("summary")
def summary(
    ctx: typer.Context,
    year: YearOption = None,
    partner: PartnerOption = MEXICO_CODE,
    as_json: JsonOption = False,
) -> None:
    """Exports, imports, balance and two-way trade in U.S. dollars, and the partner's rank
    among the United States' partner countries by each."""
    from puente.trade import goods
    from puente.trade.results import TradeSummary

    def render(s: TradeSummary) -> None:
        partial = "" if s.complete else f" ({s.months} months)"
        console.print(
            f"[bold]U.S. goods trade with {s.partner['name']}, {s.year}{partial}[/] ({s.basis})"
        )
        ranked = "exports_rank" in s.model_fields_set  # ranks are given for countries only
        rows = [
            [
                label,
                _usd(getattr(s, f"{key}_usd")),
                _pct(getattr(s, f"{key}_change_pct", None)) if key != "balance" else "—",
                (f"#{getattr(s, f'{key}_rank')}" if ranked and key != "balance" else "—"),
                (
                    _pct(getattr(s, f"{key}_share_pct"), False)
                    if ranked and key != "balance"
                    else "—"
                ),
            ]
            for label, key in (
                ("Exports", "exports"),
                ("Imports", "imports"),
                ("Balance", "balance"),
                ("Two-way", "two_way"),
            )
        ]
        table(
            None,
            ["", ("U.S. dollars", "r"), ("change", "r"), ("rank", "r"), ("share of U.S.", "r")],
            rows,
        )
        if ranked:
            console.print(
                f"Ranked among {s.countries_ranked} countries (regions and groups excluded)."
            )
        _source(s.version)

    _run(
        ctx,
        lambda cur: goods.summary(cur, year, partner),
        "/api/trade/summary",
        {"year": year, "partner": partner},
        as_json,
        render,
        model=TradeSummary,
    )


@app.command("ranks")
def ranks(
    ctx: typer.Context,
    partner: PartnerOption = MEXICO_CODE,
    start: Annotated[int | None, typer.Option(help="First year.")] = None,
    end: Annotated[int | None, typer.Option(help="Last year.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The partner's rank among countries by exports, imports and two-way trade, by year."""
    from puente.trade import goods
    from puente.trade.results import TradeRanks

    def render(d: TradeRanks) -> None:
        table(
            f"{d.partner['name']} among U.S. trading partners",
            [
                "year",
                ("exports", "r"),
                ("imports", "r"),
                ("two-way", "r"),
                ("countries", "r"),
                ("two-way trade", "r"),
                ("share", "r"),
            ],
            [
                [
                    f"{r['year']}{'' if r['complete'] else '*'}",
                    r["exports_rank"],
                    r["imports_rank"],
                    r["two_way_rank"],
                    r["countries_ranked"],
                    _usd(r["two_way_usd"]),
                    _pct(r["two_way_share_pct"], False),
                ]
                for r in d.rows
            ],
        )
        _source(d.version)

    _run(
        ctx,
        lambda cur: goods.partner_ranks(cur, partner, start, end),
        "/api/trade/ranks",
        {"partner": partner, "start": start, "end": end},
        as_json,
        render,
        model=TradeRanks,
    )


@app.command("series")
def series(
    ctx: typer.Context,
    partner: PartnerOption = MEXICO_CODE,
    frequency: Annotated[str, typer.Option(help="year or month.")] = "year",
    start: Annotated[int | None, typer.Option(help="First year.")] = None,
    end: Annotated[int | None, typer.Option(help="Last year.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Exports, imports, balance and two-way trade by year or month, with the change."""
    from puente.trade import goods
    from puente.trade.results import TradeSeries

    def render(d: TradeSeries) -> None:
        table(
            f"U.S. goods trade with {d.partner['name']}, by {d.frequency}",
            [
                "period",
                ("exports", "r"),
                ("imports", "r"),
                ("balance", "r"),
                ("two-way", "r"),
                ("change", "r"),
            ],
            [
                [
                    r["period"],
                    _usd(r["exports_usd"]),
                    _usd(r["imports_usd"]),
                    _usd(r["balance_usd"]),
                    _usd(r["two_way_usd"]),
                    _pct(r["two_way_change_pct"]),
                ]
                for r in d.rows
            ],
        )
        _source(d.version)

    _run(
        ctx,
        lambda cur: goods.trade_series(cur, partner, frequency, start, end),
        "/api/trade/series",
        {"partner": partner, "frequency": frequency, "start": start, "end": end},
        as_json,
        render,
        model=TradeSeries,
    )


@app.command("partners")
def partners(
    ctx: typer.Context,
    year: YearOption = None,
    measure: Annotated[str, typer.Option(help="exports, imports or two_way.")] = "two_way",
    limit: Annotated[int, typer.Option(help="How many.")] = 15,
    as_json: JsonOption = False,
) -> None:
    """The largest U.S. trading partners in a year."""
    from puente.trade import goods
    from puente.trade.results import TradePartners

    def render(d: TradePartners) -> None:
        table(
            f"Largest U.S. partners by {d.measure}, {d.year}",
            [("#", "r"), "partner", ("exports", "r"), ("imports", "r"), ("two-way", "r")],
            [
                [
                    r[f"{d.measure}_rank"],
                    r["name"],
                    _usd(r["exports_usd"]),
                    _usd(r["imports_usd"]),
                    _usd(r["two_way_usd"]),
                ]
                for r in d.rows
            ],
        )
        _source(d.version)

    _run(
        ctx,
        lambda cur: goods.top_partners(cur, year, measure, limit),
        "/api/trade/partners",
        {"year": year, "measure": measure, "limit": limit},
        as_json,
        render,
        model=TradePartners,
    )


def _shares(
    title: str, label: str, key: str, data: TradeStates | TradeCommodities, value: str
) -> None:
    table(
        title,
        [label, (value.replace("_usd", "").replace("_", "-"), "r"), ("share", "r")],
        [[r[key], _usd(r[value]), _pct(r["share_pct"], False)] for r in data.rows],
    )
    _source(data.version)


@app.command("modes")
def modes(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option(help="Year.")] = None,
    as_json: JsonOption = False,
) -> None:
    """U.S.–Mexico trade by mode of transport (truck, rail, pipeline, vessel, air...)."""
    from puente.trade import freight
    from puente.trade.results import TradeModes

    _run(
        ctx,
        lambda cur: freight.by_mode(cur, year),
        "/api/trade/modes",
        {"year": year},
        as_json,
        _modes_table,
        model=TradeModes,
    )


def _tonnes(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _modes_table(data: TradeModes) -> None:
    table(
        f"U.S.–Mexico trade by mode, {data.year}",
        ["mode", ("two-way", "r"), ("share", "r"), ("imports-tonnes", "r")],
        [
            [
                r["mode"],
                _usd(r["two_way_usd"]),
                _pct(r["share_pct"], False),
                _tonnes(r.get("import_tonnes")),
            ]
            for r in data.rows
        ],
    )
    console.print("imports-tonnes: shipping weight of U.S. imports, metric tonnes (BTS SHIPWT).")
    _source(data.version)


@app.command("states")
def states(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option(help="Year.")] = None,
    as_json: JsonOption = False,
) -> None:
    """U.S. exports by Mexican state of destination (surface modes)."""
    from puente.trade import freight
    from puente.trade.results import TradeStates

    _run(
        ctx,
        lambda cur: freight.by_state(cur, year),
        "/api/trade/states",
        {"year": year},
        as_json,
        lambda d: _shares(
            f"U.S. exports by Mexican state, {d.year}", "state", "name", d, "exports_usd"
        ),
        model=TradeStates,
    )


@app.command("commodities")
def commodities(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option(help="Year.")] = None,
    state: Annotated[str | None, typer.Option(help="A Mexican state.")] = None,
    as_json: JsonOption = False,
) -> None:
    """U.S. exports to Mexico by commodity group, for all states or one."""
    from puente.trade import freight
    from puente.trade.results import TradeCommodities

    _run(
        ctx,
        lambda cur: freight.by_commodity(cur, year, state),
        "/api/trade/commodities",
        {"year": year, "state": state},
        as_json,
        lambda d: _shares(
            f"U.S. exports to Mexico by commodity group, {d.year}"
            + (f", {d.state['name']}" if d.state else ""),
            "commodity group",
            "commodity_group",
            d,
            "exports_usd",
        ),
        model=TradeCommodities,
    )


@app.command("energy")
def energy_cmd(
    ctx: typer.Context,
    year: YearOption = None,
    destination: Annotated[str, typer.Option(help="Destination.")] = "Mexico",
    as_json: JsonOption = False,
) -> None:
    """Natural gas, crude oil and petroleum products exported to a destination, and its rank
    among all destinations."""
    from puente.trade import energy
    from puente.trade.results import TradeEnergyOverview

    def render(d: TradeEnergyOverview) -> None:
        table(
            f"U.S. energy exports to {d.destination}, {d.year}",
            ["product", ("volume", "r"), "unit", ("per day", "r"), "", ("rank", "r")],
            [
                [
                    p["product"].replace("_", " "),
                    f"{p['value']:,.0f}",
                    p["unit"],
                    f"{p['per_day']:,.2f}",
                    p["per_day_unit"],
                    f"#{p['rank']} of {p['destinations']}",
                ]
                for p in d.products
            ],
        )
        _source(d.version)

    _run(
        ctx,
        lambda cur: energy.energy_overview(cur, year, destination),
        "/api/trade/energy/overview",
        {"year": year, "destination": destination},
        as_json,
        render,
        model=TradeEnergyOverview,
    )
