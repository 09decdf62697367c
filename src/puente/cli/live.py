"""`puente update`, `puente updater`, `puente waits poll` and `puente border forecast`: keeping
the data current from the publishers, recording the live border-wait feed, and the forecast.

When `puente serve` holds the database, `update` and `waits poll` send their work to it
(`/api/admin/update`, `/api/admin/waits/poll`): DuckDB allows one writer process."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from puente.cli.context import call, read, settings_of
from puente.cli.output import JsonOption, console, emit, err_console, table
from puente.errors import InvalidInput, PuenteError

if TYPE_CHECKING:
    from puente.config import Settings
    from puente.store import Store

# Top-level `update` and `updater`; `border forecast`; the `waits` group (cli.main adds them).
app = typer.Typer()
border_app = typer.Typer()
waits_app = typer.Typer(help="The live CBP border-wait feed: record it into the store.")

_OUTCOMES = {
    "unchanged": "unchanged",
    "updated": "[green]updated[/]",
    "would-update": "[yellow]changed at the publisher (dry run: not loaded)[/]",
    "failed": "[red]failed[/]",
    "not-online": "[dim]not published online[/]",
}


def run_update(
    store: Store, names: list[str], dry_run: bool, settings: Settings, due_only: bool = False
) -> dict[str, Any]:
    from puente.ingest.updates import parse_interval, update_named

    return update_named(
        store,
        names,
        dry_run=dry_run,
        timeout=settings.download_timeout,
        interval=parse_interval(settings.update_every),
        due_only=due_only,
    )


@app.command("update")
def update(
    ctx: typer.Context,
    datasets: Annotated[
        list[str] | None, typer.Argument(help="Datasets to check (default: all).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Ask the publishers; load nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the reports as JSON.")] = False,
) -> None:
    """Ask each dataset's official publisher whether anything changed and load what did.

    Conditional GET (ETag / Last-Modified) where the publisher offers it, a content hash
    otherwise; a new version is loaded atomically. One failing publisher never stops the
    others; the command exits non-zero if any failed.
    """
    from puente.ingest.registry import get_source
    from puente.ingest.updates import parse_interval

    settings = settings_of(ctx)
    names = list(datasets or [])
    for name in names:
        get_source(name)  # unknown names fail before any request
    parse_interval(settings.update_every)
    data = call(
        settings,
        lambda store: run_update(store, names, dry_run, settings),
        "POST",
        "/api/admin/update",
        body={"datasets": names, "dry_run": dry_run},
        admin=True,
    )

    def render(d: dict[str, Any]) -> None:
        rows = [
            [
                r["dataset"],
                _OUTCOMES.get(r["outcome"], r["outcome"]),
                r["detail"],
                (r["next_check"] or "")[:16],
            ]
            for r in d["reports"]
        ]
        table("Update from the publishers", ["dataset", "outcome", "detail", "next check"], rows)

    emit(data, as_json, render)
    if any(r["outcome"] == "failed" for r in data["reports"]):
        raise typer.Exit(1)


@app.command("updater")
def updater(
    ctx: typer.Context,
    every: Annotated[
        str | None, typer.Option("--every", help="Check interval (default $PUENTE_UPDATE_EVERY).")
    ] = None,
    waits_every: Annotated[
        str | None,
        typer.Option("--waits-every", help="Live-wait poll interval ($PUENTE_WAITS_POLL_EVERY)."),
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="One round, then exit.")] = False,
    publish_to: Annotated[
        Path | None,
        typer.Option(
            "--publish",
            help="A snapshot folder for replicas (`puente serve --snapshot DIR`): publish the "
            "data there at start when it has none of the versions in force, and after every "
            "round that loads a new version.",
        ),
    ] = None,
) -> None:
    """Keep checking the publishers (and polling the live waits) on a schedule, with jitter
    and back-off. Sends its loads to a running `puente serve` if one holds the database."""
    from puente.ingest.updates import parse_interval

    settings = settings_of(ctx)
    interval = parse_interval(every or settings.update_every)
    poll_interval = parse_interval(waits_every or settings.waits_poll_every)
    settings = settings.model_copy(update={"update_every": every or settings.update_every})
    last_poll = 0.0
    if publish_to is not None:
        publish_to = publish_to.expanduser().absolute()
        publish_to.mkdir(parents=True, exist_ok=True)
        _publish(settings, publish_to, only_if_stale=True)
    while True:
        try:
            result = call(
                settings,
                lambda store: run_update(store, [], False, settings, due_only=True),
                "POST",
                "/api/admin/update",
                body={"datasets": [], "dry_run": False, "due_only": True},
                admin=True,
            )
            for r in result["reports"]:
                if r["outcome"] in ("updated", "failed"):
                    err_console.print(f"{r['dataset']}: {r['outcome']}: {r['detail']}")
            if publish_to is not None and any(r["outcome"] == "updated" for r in result["reports"]):
                _publish(settings, publish_to)
        except PuenteError as exc:
            err_console.print(f"[red]update round failed: {exc.detail}[/]")
        if time.monotonic() - last_poll >= poll_interval.total_seconds():
            try:
                _poll(settings, settings.waits_feed_url)
            except PuenteError as exc:
                err_console.print(f"[red]waits poll failed: {exc.detail}[/]")
            last_poll = time.monotonic()
        if once:
            return
        time.sleep(min(interval, poll_interval).total_seconds() / 10)


def _publish(settings: Settings, folder: Path, only_if_stale: bool = False) -> None:
    """A snapshot of the database in `folder` (unless, with `only_if_stale`, the newest there
    already has the versions in force); a failure is reported and the loop goes on."""
    from puente.store.publish import newest_matching, publish

    def local(store: Store) -> dict[str, Any]:
        if only_if_stale and newest_matching(folder, store) is not None:
            return {"path": None}
        path, _ = publish(store, folder)
        return {"path": str(path)}

    try:
        result = call(
            settings, local, "POST", "/api/admin/publish", body={"out": str(folder)}, admin=True
        )
    except PuenteError as exc:
        err_console.print(f"[red]publish failed: {exc.detail}[/]")
        return
    if result.get("path"):
        err_console.print(f"published {result['path']}")


def _poll(settings: Settings, location: str) -> dict[str, Any]:
    from puente.border import live
    from puente.border.fitting import after_poll

    result: dict[str, Any] = call(
        settings,
        lambda store: after_poll(
            store,
            live.poll_feed(
                store, location, settings.download_timeout, mirror=settings.mirror
            ).as_dict(),
        ),
        "POST",
        "/api/admin/waits/poll",
        body={"location": location},
        admin=True,
    )
    return result


@waits_app.command("poll")
def poll(
    ctx: typer.Context,
    origin: Annotated[
        str | None,
        typer.Option("--from", help="A feed URL or a saved feed file ($PUENTE_WAITS_FEED_URL)."),
    ] = None,
    every: Annotated[
        str | None, typer.Option("--every", help="Keep polling at this interval, e.g. 10m.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Record the CBP live border-wait feed (JSON API, XML or RSS) into the store: each lane's
    figure is stored when it changed."""
    from puente.ingest.updates import parse_interval

    settings = settings_of(ctx)
    location = origin or settings.waits_feed_url
    if not location.startswith(("http://", "https://")):
        from pathlib import Path

        location = str(Path(location).resolve())
    pause = parse_interval(every).total_seconds() if every else None
    while True:
        data = _poll(settings, location)

        def render(d: dict[str, Any]) -> None:
            unmapped = (
                f"; not in the ports registry: {', '.join(d['unmapped'])}" if d["unmapped"] else ""
            )
            err_console.print(
                f"{d['readings']} lane figures read, {d['stored']} new "
                f"(feed {d['format']}, published {d['published_at'] or 'unknown'}){unmapped}"
            )

        emit(data, as_json, render)
        if pause is None:
            return
        time.sleep(pause)


def _age(minutes: int | None) -> str:
    """Minutes, then hours and minutes under two days, then days (an old capture)."""
    if minutes is None:
        return "—"
    if minutes < 60:
        return f"{minutes} min ago"
    if minutes < 2880:
        return f"{minutes // 60} h {minutes % 60:02d} min ago"
    return f"{minutes // 1440} days ago"


def show_now(settings: Settings, port: str, as_json: bool) -> None:
    from puente.border import live

    data = read(
        settings, lambda cur: live.current_waits(cur, port), f"/api/border/waits/{port}/now"
    )

    def render(d: dict[str, Any]) -> None:
        rows = []
        for r in d["rows"]:
            wait = f"{r['delay_minutes']} min" if r["delay_minutes"] is not None else r["status"]
            rows.append(
                [
                    r["crossing"],
                    r["lane_label"],
                    r["type_label"],
                    wait,
                    "" if r["lanes_open"] is None else str(r["lanes_open"]),
                    r["update_label"] or "—",
                    _age(r["age_minutes"]) + (" (stale)" if r["stale"] else ""),
                ]
            )
        table(
            f"Port {d['port_code']}: wait now (CBP Border Wait Times, as recorded)",
            ["crossing", "lane", "type", ("wait", "r"), ("open", "r"), "CBP time", "age"],
            rows,
        )
        if not rows:
            console.print("No live figures recorded for this port yet: run `puente waits poll`.")

    emit(data, as_json, render)


@border_app.command("forecast")
def forecast(
    ctx: typer.Context,
    port: Annotated[str, typer.Argument(help="BTS port code, e.g. 2504 (San Ysidro).")],
    lane: Annotated[str | None, typer.Option("--lane", help="passenger (default), ...")] = None,
    lane_type: Annotated[str | None, typer.Option("--type", help="general (default), ...")] = None,
    crossing: Annotated[str | None, typer.Option("--crossing", help="One crossing.")] = None,
    at: Annotated[
        str | None, typer.Option("--at", help="A future time, e.g. 2026-12-05T07:00 (local).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The expected wait for the next hours (or at --at), with its expected error."""
    from puente.border import forecast as forecasting
    from puente.border.forecast import parse_at

    moment = parse_at(at)
    if moment is not None and moment.tzinfo is not None and moment < datetime.now(UTC):
        raise InvalidInput(f"--at {at} is in the past; expected a future time")
    params = {k: v for k, v in {"lane": lane, "type": lane_type, "crossing": crossing,
                                "at": at}.items() if v}  # fmt: skip
    data = read(
        settings_of(ctx),
        lambda cur: forecasting.forecast(cur, port, lane, lane_type, crossing, moment),
        f"/api/border/waits/{port}/forecast",
        params,
    )

    def render(d: dict[str, Any]) -> None:
        # A method not scored on the backtest (no model where its fit failed) has no MAE.
        mae = {
            k: "—" if v is None or v != v else f"{v:.1f}"
            for k, v in d["backtest"]["mae_next_hours"].items()
        }
        console.print(
            f"[bold]{d['crossing']}[/] {d['lane_label']}, {d['type_label']}; last observed "
            f"{d['last_observation']} ({d['last_observation_minutes']:.0f} min)"
        )
        table(
            "Forecast wait (minutes)",
            ["time", ("wait", "r"), ("range", "r"), "basis"],
            [
                [r["at"][:16], str(r["minutes"]), f"{r['low']}–{r['high']}", r["basis"]]
                for r in d["rows"]
            ],
        )
        console.print(
            f"[dim]Backtest {d['backtest']['holdout']}: MAE model {mae['model']} min, "
            f"same hour last week {mae['same_hour_last_week']}, "
            f"CBP average {mae['cbp_average']}. {d['model']}.[/]"
        )
        method = d["backtest"].get("method", "model")
        console.print(
            f"Forecast by: [bold]{d.get('method_label', method)}[/] (expected error over the "
            f"next hours {mae.get(method, mae['model'])} min)"
        )

    emit(data, as_json, render)
