"""`puente screen`: screen one name, or a CSV file of them, against the SDN list in force.

Every screening is written to the audit log with the OS user's name. When `puente serve`
holds the database, the screening goes through the running server's /api/screen.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from puente.cli.context import call, read_server_file, remote, server_file, settings_of
from puente.cli.output import console, emit, err_console, real_console, table
from puente.errors import InvalidInput, StoreLocked

if TYPE_CHECKING:
    from puente.config import Settings
    from puente.sanctions import batch
    from puente.store import Store


app = typer.Typer()


@app.command("screen")
def screen(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Argument(help='The name to screen, e.g. "Joaquin Guzman Loera".')
    ] = None,
    dob: Annotated[
        str | None, typer.Option("--dob", help="Birth date or year: 1957, 1957-04-04.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Country (ISO code or name), e.g. MX.")
    ] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="individual, entity, vessel or aircraft.")
    ] = None,
    id_number: Annotated[
        str | None, typer.Option("--id", help="An identity document number.")
    ] = None,
    threshold: Annotated[
        float | None, typer.Option(help="Match at or above this score (0..1).")
    ] = None,
    limit: Annotated[int, typer.Option(help="Candidates to show.")] = 5,
    lists: Annotated[
        str | None,
        typer.Option("--lists", help="Lists to screen, e.g. ofac-sdn,bis-dpl (default: all)."),
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="A CSV of names (column name, ...).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write the results CSV (- for stdout).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON.")] = False,
    fail_on_match: Annotated[
        bool,
        typer.Option("--fail-on-match", help="Exit with status 1 when any candidate matches."),
    ] = False,
) -> None:
    """Screen a name (or --file customers.csv --out results.csv) against the SDN list.

    Birth date and country raise or lower a score, never make a match alone; an identical
    ID number is strong evidence. Each screening is recorded in the audit log.
    """
    from puente.sanctions.audit import actor_for_cli
    from puente.sanctions.multilist import screen_lists
    from puente.sanctions.screener import check_threshold

    settings = settings_of(ctx)
    cutoff = check_threshold(threshold, settings.screen_threshold)
    if file is not None:
        if name is not None:
            raise InvalidInput("give a name or --file, not both")
        matched = _screen_file(settings, file, out, cutoff)
        if fail_on_match and matched:
            raise typer.Exit(1)
        return
    if name is None:
        raise InvalidInput('give a name to screen, e.g. puente screen "Joaquin Guzman", or --file')
    query = {
        "name": name,
        "type": type_,
        "birth_date": dob,
        "country": country,
        "id_number": id_number,
    }
    query = {k: v for k, v in query.items() if v is not None}

    def local(store: Store) -> Any:
        return screen_lists(
            store, [query], cutoff, actor_for_cli(), "cli", limit=limit, lists=lists
        )

    data = call(
        settings,
        local,
        "POST",
        "/api/screen",
        body={"queries": [query], "threshold": cutoff, "limit": limit, "lists": lists},
    )
    emit(data, as_json, _render)
    if fail_on_match and any(m["match"] for r in data["results"] for m in r["matches"]):
        raise typer.Exit(1)


def _render(data: dict[str, Any]) -> None:
    result = data["results"][0]
    matches = result["matches"]
    version = data["list_version"]
    hits = sum(1 for m in matches if m["match"])
    verdict = f"[bold red]{hits} match(es)[/]" if hits else "[bold green]no match[/]"
    console.print(f"{result['query']['name']}: {verdict} at threshold {data['threshold']:.2f}")
    if matches:
        table(
            None,
            [("score", "r"), "match", "list", "id", "listed name", "programs", "why"],
            [
                [
                    f"{m['score']:.3f}",
                    "MATCH" if m["match"] else "",
                    m.get("dataset", version["dataset"]),
                    m["entity_id"],
                    _listed(m),
                    ", ".join(m["programs"]),
                    m["explanation"],
                ]
                for m in matches
            ],
        )
    screened = data.get("list_versions") or [version]
    names = ", ".join(
        f"{v['dataset']} version {v['version']} (sha256 {v['sha256'][:12]})" for v in screened
    )
    console.print(f"[dim]Lists: {names}; audit row {data.get('audit_id')}[/]")


def _listed(match: dict[str, Any]) -> str:
    primary = match.get("primary_name") or match["name"]
    return match["name"] if primary == match["name"] else f"{match['name']} (alias of {primary})"


def _screen_file(settings: Settings, file: Path, out: Path | None, cutoff: float) -> int:
    """Screen a CSV file (`-`: standard input) into `out`; the number of matching rows."""
    from puente.sanctions import batch
    from puente.sanctions.audit import actor_for_cli
    from puente.store import open_store

    if out is None:
        raise InvalidInput("give --out results.csv (or --out - for standard output)")
    from_stdin = str(file) == "-"
    if not from_stdin and not file.is_file():
        raise InvalidInput(f"no such file: {file}")
    raw = sys.stdin.buffer.read() if from_stdin else file.read_bytes()
    where = "standard input" if from_stdin else str(file)
    parsed = batch.parse_csv(batch.decode_csv(raw, where), where)
    actor = actor_for_cli()
    try:
        store: Store | None = open_store(settings.db, keep_versions=settings.keep_versions)
        via: Callable[[list[dict[str, Any]]], dict[str, Any]] | None = None
    except StoreLocked:
        server = read_server_file(settings.db)
        if server is None:
            raise
        store = None

        def via(queries: list[dict[str, Any]]) -> dict[str, Any]:
            out_data: dict[str, Any] = remote(
                server,
                "POST",
                "/api/screen",
                body={"queries": queries, "threshold": cutoff, "limit": 1},
            )
            return out_data

        err_console.print(
            f"[dim]The database is held by a server; screening through it "
            f"({server_file(settings.db)})[/]"
        )
    try:
        return _write(
            parsed,
            out,
            lambda progress: batch.screen_batch(store, parsed, cutoff, actor, "cli", progress, via),
        )
    finally:
        if store is not None:
            store.close()


def _write(parsed: batch.BatchInput, out: Path, rows_for: Callable[[Any], Any]) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from puente.sanctions import batch

    total = len(parsed.rows)
    counts = {"match": 0, "error": 0}

    def counted(rows: Any) -> Any:
        for index, row in enumerate(rows):
            if index:  # the header row comes first
                counts["match"] += row[-4] == "true"
                counts["error"] += bool(row[-1])
            yield row

    with Progress(
        TextColumn("[bold]screening[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=real_console(err_console),
        disable=not err_console.is_terminal,
    ) as bar:
        task = bar.add_task("rows", total=total)
        rows = counted(rows_for(lambda n: bar.advance(task, n)))
        handle = sys.stdout if str(out) == "-" else out.open("w", encoding="utf-8", newline="")
        try:
            for text in batch.rows_to_csv(rows):
                handle.write(text)
        finally:
            if handle is not sys.stdout:
                handle.close()
    where = "standard output" if str(out) == "-" else str(out)
    err_console.print(
        f"{total:,} rows screened: {counts['match']:,} match(es), {counts['error']:,} row "
        f"error(s); results in {where}"
    )
    return counts["match"]
