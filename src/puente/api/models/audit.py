"""Response models of /api/audit (puente.sanctions.auditchain)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from puente.api.models.common import Answer


class AuditVerification(Answer):
    ok: bool = Field(description="True when every record and checkpoint checks out")
    rows: int
    legacy_rows: int = Field(0, description="Records written before the chain was keyed")
    last_id: int
    last_hash: str
    checkpoints: int = Field(0, description="Checkpoints checked against the log")
    first_bad_id: int | None = Field(description="The first record that fails, if any")
    problem: str | None = Field(description="What is wrong, in words")


class AuditCheckpoint(Answer):
    """A signed statement of the log's end (Ed25519), to keep outside the database."""

    statement: str
    last_id: int
    last_hash: str
    rows: int
    at: str
    public_key: str
    signature: str


VerifyBody = dict[str, Any]
