"""Response models of the screening answers: POST /api/screen (puente.sanctions.screened)
and a screening's receipt (puente.sanctions.receipts). They state the schema; the routes send
the services' own dataclasses as JSON (the screening answer is on the hot path, so it is not
validated a second time)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from puente.results import Answer, VersionRef


class EvidencePart(Answer):
    """One structured reason behind a score (puente.sanctions.screening.query.Evidence)."""

    kind: str = Field(
        description="token, missing, extra, note, birth_date, country, id_number or type"
    )
    text: str
    query: str
    listed: str
    verdict: str
    effect: float = Field(description="What it added to or took from the score")


class Candidate(Answer):
    """A listed entry a query was compared with, best first."""

    entity_id: str
    name: str = Field(description="The list name (primary or alias) that matched best")
    score: float
    match: bool = Field(description="At or above the threshold")
    programs: list[str]
    explanation: str
    entity_type: str
    name_score: float
    parts: list[EvidencePart]
    primary_name: str
    dataset: str = Field(description="The list's dataset name, e.g. ofac-sdn")
    # `list` in the JSON (an attribute of that name would hide the builtin in this class)
    list_name: str = Field(alias="list", description="The list's short name, e.g. OFAC SDN")
    list_version: int


class QueryResult(Answer):
    """One query's answer: the query as read and its candidates (or why it was not screened)."""

    query: dict[str, Any]
    matches: list[Candidate]
    error: str | None = Field(None, description="Present when this query could not be screened")


class ScreenResult(Answer):
    """POST /api/screen: candidates per query, the list versions screened, the audit id."""

    list_version: VersionRef = Field(description="The SDN list's version, else the first list's")
    list_versions: list[VersionRef]
    lists: list[str]
    threshold: float
    results: list[QueryResult]
    audit_id: int = Field(description="The audit row; its receipt is /api/screen/receipts/{id}")


class ListUsed(Answer):
    dataset: str
    version: int | None
    sha256: str | None


class ScreeningReceipt(Answer):
    """GET /api/screen/receipts/{audit_id}: who screened, when, through which channel, against
    which list versions, at which threshold, what was asked and answered, and the record's
    place in the keyed hash chain."""

    id: int
    screened_at: str
    actor: str
    channel: str = Field(description="api, web or cli: where the screening was asked")
    threshold: float
    lists: list[ListUsed]
    list_sha256: str | None = Field(description="The one list's sha256, or a digest of them all")
    queries: list[dict[str, Any]]
    results: list[dict[str, Any]]
    query_count: int
    match_count: int
    hash: str
    prev_hash: str
    chain: str
    hash_ok: bool | None = Field(description="The stored hash is the server's HMAC of the record")
