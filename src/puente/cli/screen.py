"""`puente screen`: screen one name, or a CSV file of them, against every list in force (or
those given with --lists).

Every screening is written to the audit log with the OS user's name. When `puente serve`
holds the database, the screening goes through the running server's /api/screen, and a file
through /api/screen/batch and its job (/api/screen/jobs/{id}). A file larger than
PUENTE_BATCH_SYNC_ROWS is screened as a job locally too (a worker process; the job and its
rows are audited the same way).
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import typer

from puente.cli.context import (
    call,
    open_for_spark,
    read_server_file,
    server_file,
    settings_of,
)
from puente.cli.output import console, emit, err_console, real_console, table
from puente.errors import InvalidInput, PuenteError, StoreError, StoreLocked

if TYPE_CHECKING:
    import httpx
    from rich.progress import Progress

    from puente.config import Settings
    from puente.sanctions import batch
    from puente.sanctions.screened import ScreeningAnswer
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
        Path | None, typer.Option("--out", help="The results CSV (default or -: stdout).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON.")] = False,
    engine: Annotated[
        str | None,
        typer.Option(help="spark: screen --file on Apache Spark (pip install 'puente[spark]')."),
    ] = None,
    master: Annotated[
        str | None,
        typer.Option(help="With --engine spark: local[2], spark://host:7077, ... (default local)."),
    ] = None,
    fail_on_match: Annotated[
        bool,
        typer.Option("--fail-on-match", help="Exit with status 1 when any candidate matches."),
    ] = False,
) -> None:
    """Screen a name (or --file customers.csv --out results.csv) against the SDN list.

    Birth date and country raise or lower a score, never make a match alone; an identical
    ID number is strong evidence. Each screening is recorded in the audit log.
    """
    # An empty name is refused before the settings, the lists or the store load.
    if file is None and engine is None and master is None and name is not None and not name.strip():
        raise InvalidInput("name is empty")
    from puente.sanctions.audit import actor_for_cli
    from puente.sanctions.multilist import screen_lists
    from puente.sanctions.screened import ScreeningAnswer
    from puente.sanctions.screener import check_threshold

    settings = settings_of(ctx)
    cutoff = check_threshold(threshold, settings.screen_threshold)
    if file is not None:
        if name is not None:
            raise InvalidInput("give a name or --file, not both")
        _MATCHED.clear()
        if engine is not None:
            _screen_engine(settings, engine, master, file, out, cutoff, lists)
        else:
            _screen_file(settings, file, out, cutoff, lists)
        if fail_on_match and any(_MATCHED):
            raise typer.Exit(1)
        return
    if engine is not None or master is not None:
        raise InvalidInput("--engine and --master go with --file")
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
    if not name.strip():
        raise InvalidInput("name is empty")

    def local(store: Store) -> Any:
        return screen_lists(
            store, [query], cutoff, actor_for_cli(), "cli", limit=limit, lists=lists
        ).as_dict()

    data = call(
        settings,
        local,
        "POST",
        "/api/screen",
        body={"queries": [query], "threshold": cutoff, "limit": limit, "lists": lists},
    )
    # The same answer either way: the API's JSON, read back as the typed answer.
    answer = ScreeningAnswer.from_dict(data)
    emit(answer.as_dict(), as_json, lambda _: _render(answer))
    if fail_on_match and answer.matched():
        raise typer.Exit(1)


def _render(data: ScreeningAnswer) -> None:
    result = data.results[0]
    matches = result["matches"]
    version = data.list_version
    hits = sum(1 for m in matches if m["match"])
    verdict = f"[bold red]{hits} match(es)[/]" if hits else "[bold green]no match[/]"
    console.print(f"{result['query']['name']}: {verdict} at threshold {data.threshold:.2f}")
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
    names = ", ".join(
        f"{v['dataset']} version {v['version']} (sha256 {v['sha256'][:12]})"
        for v in data.list_versions
    )
    console.print(f"[dim]Lists: {names}; audit row {data.audit_id}[/]")


def _listed(match: dict[str, Any]) -> str:
    primary = match.get("primary_name") or match["name"]
    return match["name"] if primary == match["name"] else f"{match['name']} (alias of {primary})"


def _screen_file(
    settings: Settings, file: Path, out: Path | None, cutoff: float, lists: str | None
) -> None:
    """Screen a CSV: on the database file (in this process for a small file, as a job in a
    worker process for a large one), or through the running server's jobs API."""
    from puente.sanctions import batch
    from puente.store import open_store

    if out is None:  # results go to standard output unless a file is named
        out = Path("-")
    from_stdin = str(file) == "-"  # `--file -`: the CSV on standard input
    if not from_stdin and not file.is_file():
        raise InvalidInput(f"no such file: {file}")
    data = sys.stdin.buffer.read() if from_stdin else file.read_bytes()
    where = "standard input" if from_stdin else str(file)
    name = "stdin.csv" if from_stdin else file.name
    parsed = batch.read_upload(data, where, lists)
    total = len(parsed.rows)
    read_as = "" if parsed.encoding == "utf-8" else f" (read as {parsed.encoding} text)"
    err_console.print(f"Screening {total:,} rows of {name}{read_as}")
    try:
        store = open_store(settings.db, keep_versions=settings.keep_versions)
    except StoreLocked:
        server = read_server_file(settings.db)
        if server is None:
            raise
        err_console.print(
            f"[dim]The database is held by a server; screening through it "
            f"({server_file(settings.db)})[/]"
        )
        _screen_remote(server, name, data, total, out, cutoff, lists)
        return
    try:
        if total <= settings.batch_sync_rows:
            _screen_here(store, parsed, out, cutoff)
        else:
            _screen_job(store, settings, parsed, name, data, out, cutoff)
    finally:
        store.close()


def _screen_engine(
    settings: Settings,
    engine: str,
    master: str | None,
    file: Path,
    out: Path | None,
    cutoff: float,
    lists: str | None,
) -> None:
    """`--engine spark`: the file screened on Spark (puente.sanctions.spark)."""

    if engine != "spark":
        raise InvalidInput(f"--engine {engine!r} is not known; expected spark")
    if out is None or str(out) == "-":
        raise InvalidInput("give --out results.csv or --out results.parquet with --engine spark")
    from puente.sanctions import spark
    from puente.sanctions.audit import actor_for_cli
    from puente.sanctions.lists import parse_lists

    spark.file_format(file, "input")
    spark.file_format(out, "output")
    if not file.is_file():
        raise InvalidInput(f"no such file: {file}")
    spark.require_pyspark()
    store = open_for_spark(settings, "reads the list from and audits into")
    try:
        with spark.session(master) as session:
            err_console.print(f"Screening {file.name} on Spark ({session.sparkContext.master})")
            done = spark.screen_file(
                store, session, file, out, cutoff, actor_for_cli(), lists=parse_lists(lists)
            )
    finally:
        store.close()
    _summary(done.rows, done.match_rows, done.error_rows, out)
    err_console.print(f"[dim]Audit record {done.audit_id}; results sha256 {done.output_sha256}[/]")


def _bar() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[bold]{task.description}[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=real_console(err_console),
        disable=not err_console.is_terminal,
    )


def _screen_here(store: Store, parsed: batch.BatchInput, out: Path, cutoff: float) -> None:
    from puente.sanctions import batch
    from puente.sanctions.audit import actor_for_cli

    with _bar() as bar:
        task = bar.add_task("loading the screening indexes", total=len(parsed.rows))
        batch.held_lists(store, parsed.lists)
        bar.update(task, description="screening")
        rows = list(
            batch.screen_batch(
                store, parsed, cutoff, actor_for_cli(), "cli", lambda n: bar.advance(task, n)
            )
        )
    _, matches, errors = batch.counts(rows[1:])
    _write_out(out, lambda handle: handle.writelines(t.encode() for t in batch.rows_to_csv(rows)))
    _summary(len(parsed.rows), matches, errors, out)


def _screen_job(
    store: Store,
    settings: Settings,
    parsed: batch.BatchInput,
    file_name: str,
    data: bytes,
    out: Path,
    cutoff: float,
) -> None:
    from puente.jobs import ACTIVE, DONE, JobRunner
    from puente.sanctions.audit import actor_for_cli

    runner = JobRunner(store, settings)
    try:
        job = runner.submit(
            parsed,
            actor=actor_for_cli(),
            channel="cli",
            file_name=file_name,
            threshold=cutoff,
            input_sha256=hashlib.sha256(data).hexdigest(),
        )
        with _bar() as bar:
            task = bar.add_task("preparing the screening index", total=job.rows_total)
            while job.state in ACTIVE:
                time.sleep(0.1)
                job = runner.get(job.id)
                if job.rows_done:
                    bar.update(task, description="screening", completed=job.rows_done)
        if job.state != DONE:
            raise PuenteError(f"job {job.id} {job.state}: {job.error}")
        _, path = runner.result(job.id, "csv")
        _write_out(out, lambda handle: _copy(path, handle))
    finally:
        runner.close()
    _summary(job.rows_total, job.match_rows, job.error_rows, out)
    err_console.print(f"[dim]Job {job.id}; audit record {job.audit_id}[/]")


def _screen_remote(
    server: dict[str, Any],
    file_name: str,
    data: bytes,
    total: int,
    out: Path,
    cutoff: float,
    lists: str | None,
) -> None:
    import httpx

    from puente.sanctions import batch

    base = str(server["url"]).rstrip("/")
    # The server's own token (0600, beside the database) makes this the local CLI user; no
    # header a client chooses names the actor.
    headers = {"X-Puente-Token": str(server.get("token", ""))}
    with httpx.Client(base_url=base, headers=headers, timeout=600) as client, _bar() as bar:
        task = bar.add_task("uploading", total=total)
        try:
            response = client.post(
                "/api/screen/batch",
                params={"threshold": cutoff, **({"lists": lists} if lists else {})},
                files={"file": (file_name, data, "text/csv")},
            )
            _raise_for(response)
            if response.status_code == 200:
                bar.update(task, completed=total)
                content = response.content
                _write_out(out, lambda handle: handle.write(content))
                rows = list(csv.reader(io.StringIO(response.text)))[1:]
                _, matches, errors = batch.counts(rows)
                _summary(total, matches, errors, out)
                return
            job: dict[str, Any] = response.json()
            bar.update(task, description="waiting for a worker")
            while job["state"] in ("queued", "running"):
                time.sleep(0.25)
                polled = client.get(response.headers["location"])
                _raise_for(polled)
                job = polled.json()
                if job["rows_done"] or job["state"] == "running":
                    bar.update(task, description="screening", completed=job["rows_done"])
            if job["state"] != "done":
                raise PuenteError(f"job {job['id']} {job['state']}: {job.get('error')}")
            with client.stream("GET", job["result"]["csv"]) as result:
                _raise_for(result)
                _write_out(out, lambda handle: handle.writelines(result.iter_bytes()))
        except httpx.HTTPError as exc:
            raise StoreError(f"the server at {base} does not answer ({exc})") from exc
    _summary(total, job["match_rows"], job["error_rows"], out)
    err_console.print(f"[dim]Job {job['id']}; audit record {job.get('audit_id')}[/]")


def _raise_for(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    response.read()
    try:
        detail = str(response.json().get("detail", response.text))
    except ValueError:
        detail = response.text
    if response.status_code == 503 and "retry-after" in response.headers:
        detail += f" (the server says: retry after {response.headers['retry-after']} s)"
    raise (InvalidInput if response.status_code == 400 else PuenteError)(detail)


def _copy(path: Path, handle: BinaryIO) -> None:
    with path.open("rb") as source:
        shutil.copyfileobj(source, handle)


def _write_out(out: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write the results to standard output, or to `out` through a temporary file renamed
    when complete (an interrupted run leaves no half-written results file)."""
    if str(out) == "-":
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    part = out.with_name(out.name + ".part")
    try:
        with part.open("wb") as handle:
            write(handle)
        part.replace(out)
    finally:
        part.unlink(missing_ok=True)


# Matching rows of each file screened in this command (for --fail-on-match).
_MATCHED: list[int] = []


def _summary(total: int, matches: int, errors: int, out: Path) -> None:
    _MATCHED.append(matches)
    where = "standard output" if str(out) == "-" else str(out)
    err_console.print(
        f"{total:,} rows screened: {matches:,} match(es), {errors:,} row "
        f"error(s); results in {where}"
    )
