"""`puente audit`: the screening audit log: export it, check its hash chain."""

from __future__ import annotations

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
        with store.read() as cur:
            return "".join(audit.export_audit(cur, format_))
    finally:
        store.close()


@app.command("verify")
def verify(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Recompute the hash chain; exit 1 if a row was edited or removed."""

    from puente.sanctions import audit

    def local(store: Store) -> Any:
        with store.read() as cur:
            return audit.verify_chain(cur)

    data = call(settings_of(ctx), local, "GET", "/api/audit/verify", admin=True)
    emit(
        data,
        as_json,
        lambda d: console.print(
            f"audit log intact: {d['rows']:,} rows"
            if d["ok"]
            else f"[red]audit log broken at row {d['first_bad_id']}[/] ({d['rows']:,} rows good)"
        ),
    )
    if not data["ok"]:
        raise typer.Exit(1)
