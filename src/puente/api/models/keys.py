"""Response models of /api/keys (puente.auth.keys)."""

from __future__ import annotations

from pydantic import Field

from puente.api.models.common import Answer


class KeyInfo(Answer):
    """A key as listed: never the key itself or its hash."""

    id: str
    name: str
    role: str
    created_at: str
    created_by: str | None
    revoked_at: str | None
    active: bool


class NewKey(KeyInfo):
    key: str = Field(description="The key, shown this once")


class KeyList(Answer):
    keys: list[KeyInfo]
