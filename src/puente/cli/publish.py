"""`puente publish`: an immutable snapshot of the data in force, for read-only replicas
(`puente serve --snapshot`); see docs/decisions/0023-workers-replicas-snapshots.md."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from puente.cli.context import call, settings_of
from puente.cli.output import console, emit

app = typer.Typer()


@app.command("publish")
def publish(
    ctx: typer.Context,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            help="The snapshot file to write, or a folder (ending in /) to add one to "
            "(default: <db>.snapshots/).",
        ),
    ] = None,
    keep: Annotated[
        int, typer.Option("--keep", min=1, help="In a folder, keep this many newest snapshots.")
    ] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON.")] = False,
) -> None:
    """Write a snapshot (a DuckDB file) of every dataset version this database serves, with
    the screening index, and its manifest (versions, SHA-256, when made) beside it.

    The snapshot carries no state: API keys, sessions, the audit log, jobs and monitoring stay
    in the primary (or the PostgreSQL state store). Replicas serve copies of it read-only.
    """
    settings = settings_of(ctx)
    target = None if out is None else _absolute(out)

    def local(store: Any) -> dict[str, Any]:
        from puente.store.publish import publish as write

        path, manifest = write(store, target, keep=keep)
        return {"path": str(path), "manifest": manifest.as_dict()}

    body = {"out": None if target is None else str(target), "keep": keep}
    data = call(settings, local, "POST", "/api/admin/publish", body=body, admin=True)

    def render(d: dict[str, Any]) -> None:
        m = d["manifest"]
        console.print(f"Published {d['path']} ({m['bytes']:,} bytes, sha256 {m['sha256']})")
        for name, v in sorted(m["versions"].items()):
            console.print(f"  {name} version {v['version']} ({v['rows']:,} rows)")

    emit(data, as_json, render)


def _absolute(out: str) -> Path:
    """The path as the user meant it, also for a server that runs in another folder; a
    trailing slash names a folder, made here when missing."""
    resolved = Path(out).expanduser().absolute()
    if out.endswith("/"):
        resolved.mkdir(parents=True, exist_ok=True)
    return resolved
