"""`puente keys`: API keys with roles (viewer, screener, admin). A new key is printed once;
only its SHA-256 is kept. Works on the database file, or through the running server."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from puente.cli.context import call, settings_of
from puente.cli.output import console, emit, err_console, table

if TYPE_CHECKING:
    from puente.auth.keys import KeyRing
    from puente.config import Settings
    from puente.store import Store


def _keys(store: Store, settings: Settings) -> KeyRing:
    from puente.auth.keys import keyring
    from puente.state import state_from_settings

    return keyring(state_from_settings(store, settings).store)


app = typer.Typer(help="API keys: create, list, revoke.", no_args_is_help=True)


@app.command("create")
def create(
    ctx: typer.Context,
    role: Annotated[str, typer.Option(help="viewer, screener or admin.")],
    name: Annotated[str, typer.Option(help='Who holds it, e.g. "Ana (compliance)".')],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Make a key and print it, once: it cannot be shown again."""
    settings = settings_of(ctx)

    def local(store: Store) -> Any:
        from puente.auth.actors import local_user
        from puente.auth.keys import new_key_answer

        return new_key_answer(_keys(store, settings), name, role, local_user().label)

    data = call(settings, local, "POST", "/api/keys", body={"name": name, "role": role})
    emit(data, as_json, _show_new)


def _show_new(data: dict[str, Any]) -> None:
    console.print(data["key"], markup=False, highlight=False, soft_wrap=True)
    err_console.print(
        f"Key {data['id']} ({data['role']}) for {data['name']}: keep it now, it is not shown "
        "again. Send it as `Authorization: Bearer <key>` (or X-Api-Key), or sign in at /signin."
    )


@app.command("list")
def list_keys(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every key: id, name, role, when and by whom it was made, whether it is revoked."""
    settings = settings_of(ctx)

    def local(store: Store) -> Any:
        from puente.auth.keys import key_as_dict

        return {"keys": [key_as_dict(k) for k in _keys(store, settings).list()]}

    data = call(settings, local, "GET", "/api/keys")
    emit(
        data,
        as_json,
        lambda d: table(
            None,
            ["id", "name", "role", "created", "by", "state"],
            [
                [
                    k["id"],
                    k["name"],
                    k["role"],
                    k["created_at"][:10],
                    k["created_by"],
                    "active" if k["active"] else f"revoked {k['revoked_at'][:19]}",
                ]
                for k in d["keys"]
            ],
        ),
    )


@app.command("revoke")
def revoke(
    ctx: typer.Context,
    key_id: Annotated[str, typer.Argument(help="The key's id, from `puente keys list`.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Revoke a key: it stops working at once, and its web sessions end."""
    settings = settings_of(ctx)

    def local(store: Store) -> Any:
        from puente.auth.keys import key_as_dict

        return key_as_dict(_keys(store, settings).revoke(key_id))

    data = call(settings, local, "DELETE", f"/api/keys/{key_id}")
    emit(data, as_json, lambda d: err_console.print(f"Key {d['id']} ({d['name']}) is revoked."))
