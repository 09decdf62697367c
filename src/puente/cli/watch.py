"""`puente watch`: portfolios of customers and suppliers kept screened against every list.

    puente watch create clients --title "Our customers"
    puente watch add clients --file subjects.csv
    puente watch alerts clients [--status open] [--json]
    puente watch decide clients 12 --dismiss --reason "born 1990, not the listed person"
    puente watch rescreen --full --engine spark --master spark://host:7077

When `puente serve` holds the database, the commands go through its /api/watch endpoints
with the admin token it wrote beside the database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from puente.cli.context import call, settings_of
from puente.cli.output import console, emit, table
from puente.errors import InvalidInput

if TYPE_CHECKING:
    from puente.config import Settings
    from puente.results import Answer
    from puente.store import Store
    from puente.watch.service import WatchService


def watch_service(store: Store, settings: Settings) -> WatchService:
    from puente.watch import watch_service as build

    return build(store, settings)


def actor_for_cli() -> str:
    from puente.sanctions.audit import actor_for_cli as actor

    return actor()


def parse_subjects_csv(data: bytes, name: str) -> Any:
    from puente.watch.subjects import parse_subjects_csv as parse

    return parse(data, name)


def served(answer: Answer) -> dict[str, Any]:
    """A local answer as the running server would send it: the API's model, in its order."""
    return answer.model_dump(mode="json")


app = typer.Typer(help="Monitoring: portfolios re-screened on every new list version.")


@app.command("create")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Portfolio name: letters, digits, . _ -")],
    title: Annotated[str | None, typer.Option(help="A longer title.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Create an empty portfolio."""
    settings = settings_of(ctx)

    def local(store: Store) -> Any:
        from puente.api.models.watch import Portfolio

        service = watch_service(store, settings)
        created = service.create(name, title, actor_for_cli())
        return served(Portfolio.of(service.state.portfolio(created.name)))

    data = call(
        settings, local, "POST", "/api/watch", body={"name": name, "title": title}, admin=True
    )
    emit(data, as_json, lambda d: console.print(f"Portfolio {d['name']} created."))


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Portfolio name.")],
    file: Annotated[
        Path,
        typer.Option(
            "--file", help="CSV: subject_id, name, and type, birth_date, country, id_number."
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Add subjects from a CSV file (a subject id already there is replaced) and screen them
    against every loaded list."""
    settings = settings_of(ctx)
    if not file.is_file():
        raise InvalidInput(f"no such file: {file}")
    subjects = parse_subjects_csv(file.read_bytes(), file.name)

    def local(store: Store) -> Any:
        from puente.api.models.watch import Reports

        service = watch_service(store, settings)
        try:
            return served(Reports.of(service.add(name, subjects)))
        finally:
            service.flush()

    body = {
        "subjects": [
            {
                "subject_id": s.subject_id,
                "name": s.name,
                "type": s.subject_type,
                "birth_date": s.birth_date,
                "country": s.country,
                "id_number": s.id_number,
            }
            for s in subjects
        ]
    }
    data = call(settings, local, "POST", f"/api/watch/{name}/subjects", body=body, admin=True)
    emit(
        data,
        as_json,
        lambda d: console.print(
            f"{d['added']} added, {d['replaced']} replaced; alerts: {d['opened']} opened, "
            f"{d['reopened']} reopened, {d['closed']} closed."
        ),
    )


@app.command("alerts")
def alerts(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Portfolio name.")],
    status: Annotated[
        str | None, typer.Option(help="open, confirmed, dismissed or closed.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON.")] = False,
) -> None:
    """The portfolio's alerts: subject, listed entry, list and version, score, status."""
    settings = settings_of(ctx)

    def local(store: Store) -> Any:
        from puente.api.models.watch import Alert, Alerts

        found = watch_service(store, settings).alerts(name, status)
        return served(Alerts(portfolio=name, alerts=[Alert.of(a) for a in found]))

    data = call(
        settings,
        local,
        "GET",
        f"/api/watch/{name}/alerts",
        params={"status": status},
        admin=True,
    )
    emit(data, as_json, _render_alerts)


def _render_alerts(data: dict[str, Any]) -> None:
    rows = data["alerts"]
    if not rows:
        console.print(f"No alert in {data['portfolio']}.")
        return
    table(
        None,
        [("id", "r"), "subject", "listed as", "list", ("score", "r"), "status", "decided"],
        [
            [
                a["alert_id"],
                a["subject_id"],
                a["primary_name"],
                f"{a['dataset']} v{a['list_version']} {', '.join(a['programs'])}",
                f"{a['score']:.3f}",
                a["status"],
                " ".join(p for p in (a["decided_by"] or "", a["reason"] or "") if p),
            ]
            for a in rows
        ],
    )


@app.command("decide")
def decide(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Portfolio name.")],
    alert_id: Annotated[int, typer.Argument(help="The alert's id.")],
    confirm: Annotated[bool, typer.Option("--confirm", help="A true match.")] = False,
    dismiss: Annotated[bool, typer.Option("--dismiss", help="Not the listed party.")] = False,
    reopen: Annotated[bool, typer.Option("--reopen", help="Back to open.")] = False,
    reason: Annotated[str | None, typer.Option(help="Why (required to dismiss).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Record an analyst's decision on an alert (written to the audit log)."""
    flags = (("confirmed", confirm), ("dismissed", dismiss), ("open", reopen))
    picked = [decision for decision, on in flags if on]
    if len(picked) != 1:
        raise InvalidInput("give exactly one of --confirm, --dismiss or --reopen")
    settings = settings_of(ctx)

    def local(store: Store) -> Any:
        from puente.api.models.watch import Alert

        service = watch_service(store, settings)
        try:
            decided = service.decide(name, alert_id, picked[0], actor_for_cli(), reason, "cli")
        finally:
            service.flush()
        return served(Alert.of(decided))

    data = call(
        settings,
        local,
        "POST",
        f"/api/watch/{name}/alerts/{alert_id}",
        body={"decision": picked[0], "reason": reason},
        admin=True,
    )
    emit(data, as_json, lambda d: console.print(f"Alert {d['alert_id']}: {d['status']}."))


@app.command("rescreen")
def rescreen(
    ctx: typer.Context,
    dataset: Annotated[str | None, typer.Option("--list", help="One list (default: all).")] = None,
    full: Annotated[bool, typer.Option("--full", help="Every subject, every entry.")] = False,
    engine: Annotated[
        str | None,
        typer.Option(
            help="spark: a first or full re-screen on Apache Spark (the database must not be "
            "held by a server)."
        ),
    ] = None,
    master: Annotated[
        str | None,
        typer.Option(help="With --engine spark: local[2], spark://host:7077, ... (default local)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Bring every portfolio up to the list versions in force (ingest does this itself)."""
    settings = settings_of(ctx)
    if engine is None and master is not None:
        raise InvalidInput("--master goes with --engine spark")
    if engine is not None and engine != "spark":
        raise InvalidInput(f"--engine {engine!r} is not known; expected spark")

    def local(store: Store, many: Any = None) -> Any:
        from puente.api.models.watch import RescreenReport, RescreenReports

        service = watch_service(store, settings)
        datasets = [dataset] if dataset else service.loaded()
        try:
            reports = [RescreenReport.of(service.sync(d, full=full, many=many)) for d in datasets]
            return served(RescreenReports(reports=reports))
        finally:
            service.flush()

    if engine == "spark":
        data = _on_spark(settings, master, local)
    else:
        data = call(
            settings,
            local,
            "POST",
            "/api/watch-rescreen",
            body={"dataset": dataset, "full": full},
            admin=True,
        )

    def render(d: dict[str, Any]) -> None:
        for r in d["reports"]:
            console.print(
                f"{r['dataset']} v{r['version']} ({r['mode']}): {r['subjects_screened']} "
                f"subjects screened; {r['opened']} opened, {r['reopened']} reopened, "
                f"{r['closed']} closed."
            )

    emit(data, as_json, render)


def _on_spark(settings: Settings, master: str | None, local: Callable[..., Any]) -> Any:
    """`rescreen --engine spark`: run on the database file, every subject screened by Spark's
    executors (puente.sanctions.spark.screen_queries)."""
    from functools import partial

    from puente.cli.context import jsonable, open_for_spark
    from puente.sanctions import spark

    spark.require_pyspark()
    store = open_for_spark(settings, "re-screens on")
    try:
        with spark.session(master) as session:
            return jsonable(local(store, partial(spark.screen_queries, session)))
    finally:
        store.close()
