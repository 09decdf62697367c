"""`puente ingest`, `puente datasets`, `puente rollback`: loading data and its versions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from puente.cli.context import call, settings_of
from puente.cli.output import emit, err_console, number, progress_reporter, table
from puente.errors import InvalidInput, PuenteError

if TYPE_CHECKING:
    from puente.store import Store


def _describe(report: dict[str, Any]) -> str:
    if not report["changed"]:
        return (
            f"{report['dataset']}: unchanged (version {report['version']} already has these bytes)"
        )
    dups = report["stats"].get("exact_duplicates")
    extra = f", {number(dups)} exact duplicate rows stored once" if dups else ""
    if conflicting := report["stats"].get("conflicting_rows"):
        shown = "; ".join(
            f"{c['port_name']} {c['period']} {c['measure']}: "
            + " vs ".join(number(v) for v in c["values"])
            for c in report["stats"].get("conflicts", [])[:3]
        )
        extra += (
            f", {number(conflicting)} conflicting rows (same port, month and measure, "
            f"different values; kept as published: {shown})"
        )
    return (
        f"{report['dataset']}: version {report['version']} in force, "
        f"{number(report['rows'])} rows{extra} (from {report['source']})"
    )


app = typer.Typer()


@app.command("ingest")
def ingest(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Argument(help="Dataset to load (see `puente datasets`).")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Load every dataset.")] = False,
    origin: Annotated[
        str | None,
        typer.Option(
            "--from", help="A file, folder or URL to read instead of the mirror/publisher."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the load reports as JSON.")
    ] = False,
) -> None:
    """Load a dataset (or --all) as a new version, atomically.

    Reads --from when given, else PUENTE_MIRROR (a folder laid out like shared/data), else
    downloads from the official publisher. Loading the same bytes again changes nothing.
    A failed load leaves the store as it was and exits non-zero.
    """
    from puente.ingest.hooks import batch
    from puente.ingest.registry import all_sources, get_source
    from puente.ingest.runner import ingest_source

    settings = settings_of(ctx)
    if all_ == (name is not None):
        raise InvalidInput("give one dataset name or --all")
    if origin is not None and not origin.startswith(("http://", "https://")):
        origin = str(Path(origin).resolve())
    names = sorted(all_sources()) if all_ else [name or ""]
    if not all_:
        get_source(names[0])  # unknown names fail before any work
    shown = quiet or as_json
    printed: list[str] = []  # the datasets whose outcome the local path has printed

    def local(store: Store) -> dict[str, Any]:
        # One store and one batch for every dataset: the post-load work (the forecast refit)
        # runs once at the end, and one failing dataset never stops the others.
        reports: list[dict[str, Any]] = []
        failures: list[str] = []
        with batch(store):
            for dataset in names:
                try:
                    with progress_reporter(dataset, shown) as say:
                        report = ingest_source(
                            store,
                            get_source(dataset),
                            origin,
                            settings.mirror,
                            say,
                            timeout=settings.download_timeout,
                            allow_private=settings.fetch_allow_private,
                        ).as_dict()
                except PuenteError as exc:
                    if not all_:
                        raise
                    failures.append(f"{dataset}: {exc.detail}")
                    _show(None, failures[-1], shown)
                else:
                    reports.append(report)
                    _show(report, None, shown)
                printed.append(dataset)
        return {"reports": reports, "failures": failures}

    result = call(
        settings,
        local,
        "POST",
        "/api/admin/ingest",
        body={
            "dataset": None if all_ else names[0],
            "all": all_,
            "origin": origin,
            "mirror": str(settings.mirror.resolve()) if settings.mirror else None,
        },
        admin=True,
        timeout=_ALL_TIMEOUT if all_ else 600.0,
    )
    reports, failures = result["reports"], result.get("failures", [])
    if not printed:  # the server did the work: say what it did
        for report in reports:
            _show(report, None, shown)
        for failure in failures:
            _show(None, failure, shown)
    if as_json:
        emit({"reports": reports, "failures": failures}, True, lambda _: None)
    if failures:
        raise typer.Exit(1)


_ALL_TIMEOUT = 3600.0
"""How long `ingest --all` waits for a server that loads every dataset in one request."""


def _show(report: dict[str, Any] | None, failure: str | None, quiet: bool) -> None:
    if quiet:
        return
    if report is not None:
        err_console.print(_describe(report))
    if failure is not None:
        err_console.print(f"[red]{failure.replace(': ', ': failed: ', 1)}[/]")


@app.command("datasets")
def datasets(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (as /api/datasets).")] = False,
) -> None:
    """List the datasets, their kept versions and where each came from."""
    from puente.ingest.registry import describe_datasets

    data = call(settings_of(ctx), describe_datasets, "GET", "/api/datasets")

    def render(payload: dict[str, Any]) -> None:
        rows = []
        for ds in payload["datasets"]:
            if not ds["versions"]:
                rows.append([ds["dataset"], "not loaded", "", "", "", ""])
            for v in ds["versions"]:
                rows.append(
                    [
                        ds["dataset"],
                        f"{v['version']}{' *' if v['current'] else ''}",
                        number(v["rows"]),
                        f"{v['coverage_start'] or ''}–{v['coverage_end'] or ''}",
                        v["loaded_at"][:19],
                        v["sha256"][:12],
                    ]
                )
        table(
            "Datasets (* = in force)",
            ["dataset", "version", ("rows", "r"), "coverage", "loaded", "sha256"],
            rows,
        )
        checks = []
        for ds in payload["datasets"]:
            check = ds.get("check") or {}
            checks.append(
                [
                    ds["dataset"],
                    ds.get("publisher_url") or "not published online",
                    _utc_minute(check.get("last_check")) or "never",
                    _utc_minute(check.get("last_change")) or "—",
                    _utc_minute(check.get("next_check")) or "—",
                    check.get("last_error") or "",
                ]
            )
        table(
            "Publishers (puente update)",
            [
                "dataset",
                "publisher URL",
                "last check (UTC)",
                "last change (UTC)",
                "next check (UTC)",
                "last error",
            ],
            checks,
        )

    emit(data, as_json, render)


def _utc_minute(moment: str | None) -> str | None:
    """An ISO time from the API as the minute in UTC ("2026-12-01 12:00"), whatever zone the
    database session gave it."""
    if not moment:
        return None
    from datetime import UTC, datetime

    parsed = datetime.fromisoformat(moment)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC)
    return parsed.strftime("%Y-%m-%d %H:%M")


@app.command("rollback")
def rollback(
    ctx: typer.Context,
    dataset: Annotated[str, typer.Argument(help="Dataset to return to its previous version.")],
    expect: Annotated[
        int | None,
        typer.Option(
            "--expect",
            help="Roll back only if this version is still the one in force (refused, and "
            "nothing changed, if a load landed meanwhile).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Put the previous kept version of a dataset back in force."""
    from puente.ingest.registry import get_source
    from puente.ingest.runner import rollback_dataset

    get_source(dataset)

    def local(store: Store) -> Any:
        return rollback_dataset(store, dataset, expect).as_dict()

    data = call(
        settings_of(ctx),
        local,
        "POST",
        "/api/admin/rollback",
        body={"dataset": dataset, "expect": expect},
        admin=True,
    )
    emit(
        data,
        as_json,
        lambda v: err_console.print(f"{v['dataset']}: version {v['version']} in force"),
    )
