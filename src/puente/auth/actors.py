"""The actor an audit row records: a key (its id and name), the local OS user, or anonymous."""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    kind: str
    """key, local (the OS user: the CLI on the file, or the server's own token) or anonymous."""
    id: str
    name: str
    role: str
    """viewer, screener or admin; anonymous-local callers may only screen."""

    @property
    def label(self) -> str:
        """As written in the audit log: `key:3f9a1c2b (Ana (compliance))`,
        `local:maria`, `anonymous-local@127.0.0.1`."""
        if self.kind == "key":
            return f"key:{self.id} ({self.name})"
        if self.kind == "local":
            return f"local:{self.name}"
        return f"anonymous-local@{self.id}" if self.id else "anonymous-local"

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id, "name": self.name, "role": self.role}


def os_user() -> str:
    """The user the process runs as, from its uid (not LOGNAME or USER, which anyone sets)."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid-{uid}"


def local_user() -> Actor:
    """The CLI working on the database file directly."""
    return Actor("local", str(os.getuid()), os_user(), "admin")


def server_token_actor() -> Actor:
    """The holder of the token `puente serve` wrote beside the database (mode 0600, so the
    server's own OS user): a local admin."""
    return Actor("local", str(os.getuid()), os_user() + " (server token)", "admin")


def anonymous_local(client: str | None) -> Actor:
    return Actor("anonymous", client or "", "anonymous", "screener")
