"""`puente audit`: the screening audit log: export it, verify its chain, write checkpoints.

Nothing here edits or deletes a row: the log is append-only through every command."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from puente.cli.context import call, read_server_file, settings_of
from puente.cli.output import console, emit, err_console
from puente.errors import InvalidInput, StoreLocked

if TYPE_CHECKING:
    from puente.config import Settings
    from puente.store import Store

app = typer.Typer(help="The append-only log of every screening.", no_args_is_help=True)


@app.command("export")
def export(
    ctx: typer.Context,
    format_: Annotated[str, typer.Option("--format", help="jsonl or csv.")] = "jsonl",
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default or -: stdout).")
    ] = None,
) -> None:
    """Every screening, oldest first: when, who, the queries, list version, threshold and
    results."""

    text = _export_text(settings_of(ctx), format_)
    if out is None or str(out) == "-":
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        lines = text.count("\n") - (1 if format_ == "csv" else 0)
        err_console.print(f"{lines:,} screenings written to {out}")


def _export_text(settings: Settings, format_: str) -> str:
    """The export from the database file, or from the running server that holds it."""
    import httpx

    from puente.sanctions import audit
    from puente.state import state_from_settings
    from puente.store import open_store

    try:
        store = open_store(settings.db, keep_versions=settings.keep_versions)
    except StoreLocked:
        server = read_server_file(settings.db)
        if server is None:
            raise
        response = httpx.get(
            str(server["url"]).rstrip("/") + "/api/audit/export",
            params={"format": format_},
            headers={"X-Puente-Token": str(server.get("token", ""))},
            timeout=600,
        )
        if response.status_code >= 400:
            raise InvalidInput(response.json().get("detail", response.text)) from None
        return response.text
    try:
        return "".join(audit.export_audit(state_from_settings(store, settings), format_))
    finally:
        store.close()


@app.command("verify")
def verify(
    ctx: typer.Context,
    checkpoint: Annotated[
        Path | None,
        typer.Option("--checkpoint", help="A checkpoint written by `puente audit checkpoint`."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check every row's keyed hash and link, the checkpoints the server kept, and the one
    given; exit 1 naming the first bad row or the missing range."""
    from puente.sanctions import auditchain
    from puente.state import state_from_settings

    settings = settings_of(ctx)
    given = [auditchain.read_checkpoint(checkpoint)] if checkpoint else []

    def local(store: Store) -> Any:
        return auditchain.verify_chain(state_from_settings(store, settings), given)

    body = {"checkpoint": given[0]} if given else {}
    data = call(settings, local, "POST", "/api/audit/verify", body=body)
    emit(data, as_json, _render_verify)
    if not data["ok"]:
        raise typer.Exit(1)


def _render_verify(data: dict[str, Any]) -> None:
    if data["ok"]:
        legacy = f", {data['legacy_rows']:,} of them legacy" if data.get("legacy_rows") else ""
        checked = f"; {data['checkpoints']} checkpoint(s) match" if data.get("checkpoints") else ""
        console.print(f"audit log intact: {data['rows']:,} rows{legacy}{checked}")
    else:
        console.print(
            f"[red]audit log broken:[/] {data['problem']} ({data['rows']:,} rows good before it)",
            markup=True,
            highlight=False,
        )


@app.command("checkpoint")
def checkpoint(
    ctx: typer.Context,
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Write a signed statement of the log's end (last id, last hash, time). Keep it away
    from the server: `puente audit verify --checkpoint FILE` then finds rows removed since."""
    from puente.sanctions import auditchain
    from puente.state import state_from_settings

    settings = settings_of(ctx)

    def local(store: Store) -> Any:
        return auditchain.make_checkpoint(state_from_settings(store, settings), settings.db.name)

    data = call(settings, local, "GET", "/api/audit/checkpoint")
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    if out is None:
        sys.stdout.write(text)
        return
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    err_console.print(f"checkpoint of row {data['last_id']:,} written to {out}")
