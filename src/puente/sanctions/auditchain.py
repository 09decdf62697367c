"""The audit chain: each row's keyed hash, the check of the whole log, signed checkpoints.

A row's hash is HMAC-SHA256 (key derived from the server secret) over every field: id, time,
actor, channel, dataset, list version and checksum, threshold, query and match counts, the
queries, the results, and the previous row's hash. Rows written before the chain was keyed are
`legacy`: their old unkeyed hash is checked, they must come first, and the seal written when
the secret was made (their count and last hash, keyed) must match.

A checkpoint is a statement of (last id, last hash, row count, time) signed with Ed25519 (key
derived from the same secret). An auditor keeps it elsewhere: rows removed from the end of the
log, or the whole log, are then found by `verify_chain(..., checkpoints=[...])`. The server
records one periodically, inside the database, as a second line of defence.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from puente.errors import InvalidInput
from puente.state import GENESIS, LEGACY_SEAL, AuditRow, ServerSecret, State, legacy_seal

CHAIN = "hmac-v1"
LEGACY = "legacy"
STATEMENT = "puente-audit-checkpoint/1"

__all__ = ["CHAIN", "GENESIS", "LEGACY", "make_checkpoint", "row_digest", "verify_chain"]


def _canonical(values: list[Any]) -> bytes:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()


def row_digest(secret: ServerSecret, row: AuditRow) -> str:
    payload = _canonical(
        [
            CHAIN,
            row.id,
            row.screened_at.astimezone(UTC).isoformat(),
            row.actor,
            row.channel,
            row.dataset,
            row.list_version,
            row.list_sha256,
            row.threshold,
            row.query_count,
            row.match_count,
            row.queries,
            row.results,
            row.prev_hash,
        ]
    )
    return hmac.new(secret.derive("audit-chain"), payload, hashlib.sha256).hexdigest()


def legacy_digest(row: AuditRow) -> str:
    """The hash rows had before the chain was keyed (it left out id and the counts)."""
    content = json.dumps(
        [
            row.prev_hash,
            row.screened_at.astimezone(UTC).isoformat(),
            row.actor,
            row.channel,
            row.dataset,
            row.list_version,
            row.list_sha256,
            row.threshold,
            row.queries,
            row.results,
        ],
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode()).hexdigest()


# Checkpoints


def _signing_key(secret: ServerSecret) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(secret.derive("audit-checkpoint"))


def public_key_hex(secret: ServerSecret) -> str:
    raw = _signing_key(secret).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return raw.hex()


def _signed_part(statement: dict[str, Any]) -> bytes:
    return _canonical([[k, statement[k]] for k in sorted(statement) if k != "signature"])


def make_checkpoint(state: State, database: str) -> dict[str, Any]:
    """A signed statement of the log's end as it is now."""
    tail = state.store.audit_tail()
    last_id, last_hash = tail if tail else (0, GENESIS)
    statement: dict[str, Any] = {
        "statement": STATEMENT,
        "database": database,
        "last_id": last_id,
        "last_hash": last_hash,
        "rows": state.store.audit_count(),
        "at": datetime.now(UTC).isoformat(),
        "public_key": public_key_hex(state.secret),
    }
    signature = _signing_key(state.secret).sign(_signed_part(statement))
    statement["signature"] = signature.hex()
    return statement


def record_checkpoint(state: State, database: str) -> dict[str, Any] | None:
    """Keep a checkpoint in the database, unless the last kept one already says as much."""
    statement = make_checkpoint(state, database)
    kept = state.store.list_checkpoints()
    if kept:
        last = json.loads(kept[-1])
        if last.get("last_id") == statement["last_id"]:
            return None
    state.store.add_checkpoint(json.dumps(statement, sort_keys=True))
    return statement


def read_checkpoint(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"cannot read the checkpoint {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise InvalidInput(f"{path} is not a checkpoint: not JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("statement") != STATEMENT:
        raise InvalidInput(f"{path} is not a checkpoint: expected statement {STATEMENT!r}")
    return data


def _checkpoint_problem(secret: ServerSecret, statement: dict[str, Any]) -> str | None:
    """Why a checkpoint cannot be trusted, or None when its signature is ours and good."""
    try:
        if statement.get("public_key") != public_key_hex(secret):
            return "it was signed with another key (not this database's secret)"
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(str(statement["public_key"])))
        key.verify(bytes.fromhex(str(statement["signature"])), _signed_part(statement))
        int(statement["last_id"])
        str(statement["last_hash"])
    except (KeyError, ValueError, TypeError):
        return "it lacks a field or a field is malformed"
    except InvalidSignature:
        return "its signature does not match its content (it was edited)"
    return None


# Verification


@dataclass(slots=True)
class _Walk:
    rows: int = 0
    legacy_rows: int = 0
    last_id: int = 0
    last_hash: str = GENESIS
    problem: str | None = None
    first_bad_id: int | None = None
    wanted: dict[int, str] = field(default_factory=dict)
    """Row ids named by checkpoints -> the hash the log has for them."""

    def fail(self, row_id: int | None, problem: str) -> None:
        if self.problem is None:
            self.problem, self.first_bad_id = problem, row_id


def _seal(state: State, walk: _Walk) -> tuple[int, str] | None:
    text = state.store.get_meta(LEGACY_SEAL)
    if text is None:
        return None
    try:
        data = json.loads(text)
        last_id, last_hash = int(data["last_id"]), str(data["last_hash"])
    except (ValueError, KeyError, TypeError):
        walk.fail(None, "the seal of the rows written before keying is damaged")
        return None
    if not hmac.compare_digest(legacy_seal(state.secret, last_id, last_hash), text):
        walk.fail(
            None,
            "the seal of the log does not match this secret (the secret is not the one the "
            "log was written with, or the seal was changed)",
        )
        return None
    return last_id, last_hash


def _check_row(state: State, walk: _Walk, row: AuditRow, seal: tuple[int, str] | None) -> None:
    expected_id = walk.last_id + 1
    if row.id != expected_id:
        if row.id > expected_id:
            gap = str(expected_id) if row.id == expected_id + 1 else f"{expected_id}–{row.id - 1}"
            walk.fail(expected_id, f"row(s) {gap} are missing (the log jumps to row {row.id})")
        else:
            walk.fail(row.id, f"row {row.id} appears twice or out of order")
        return
    if row.chain == LEGACY:
        if seal is None or row.id > seal[0]:
            walk.fail(row.id, f"row {row.id} is marked legacy (unkeyed) but was not sealed as one")
            return
        try:
            queries, results = json.loads(row.queries), json.loads(row.results)
            from puente.sanctions.audit import count_matches

            counts = (len(queries), count_matches(results))
        except (ValueError, TypeError, AttributeError):
            counts = (-1, -1)
        if counts != (row.query_count, row.match_count):
            walk.fail(row.id, f"row {row.id} was changed (its counts do not match its content)")
            return
        expected = legacy_digest(row)
        walk.legacy_rows += 1
    elif row.chain == CHAIN:
        expected = row_digest(state.secret, row)
    else:
        walk.fail(row.id, f"row {row.id} has an unknown chain {row.chain!r}")
        return
    if row.prev_hash != walk.last_hash:
        walk.fail(
            row.id,
            f"row {row.id} does not follow row {row.id - 1} (a row before it was changed or "
            "removed)",
        )
        return
    if not hmac.compare_digest(row.hash, expected):
        walk.fail(row.id, f"row {row.id} was changed (its hash does not match its content)")
        return
    if seal is not None and row.id == seal[0] and row.hash != seal[1]:
        walk.fail(row.id, f"row {row.id} is not the last row sealed before keying")
        return
    walk.rows += 1
    walk.last_id, walk.last_hash = row.id, row.hash
    if row.id in walk.wanted:
        walk.wanted[row.id] = row.hash


def _check_against(walk: _Walk, statement: dict[str, Any], where: str) -> None:
    last_id, last_hash = int(statement["last_id"]), str(statement["last_hash"])
    seen = f"the checkpoint of {statement.get('at', '?')} ({where}) saw {last_id:,} rows"
    if last_id == 0:
        return
    if walk.last_id < last_id:
        start = walk.last_id + 1
        gap = str(start) if start == last_id else f"{start}–{last_id}"
        walk.fail(start, f"row(s) {gap} are missing: {seen}")
    elif walk.wanted.get(last_id) != last_hash:
        walk.fail(last_id, f"row {last_id} differs from what {seen} recorded")


def verify_chain(state: State, checkpoints: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """Check every row, the seal of legacy rows, the checkpoints kept in the database and
    any given; the first problem is reported with the row it concerns."""
    walk = _Walk()
    given = [(c, "given") for c in checkpoints]
    kept = [(json.loads(c), "kept in the database") for c in state.store.list_checkpoints()]
    usable: list[tuple[dict[str, Any], str]] = []
    for statement, where in given + kept:
        problem = _checkpoint_problem(state.secret, statement)
        if problem is not None:
            walk.fail(None, f"a checkpoint ({where}) cannot be trusted: {problem}")
            continue
        usable.append((statement, where))
        walk.wanted[int(statement["last_id"])] = ""
    seal = _seal(state, walk)
    for row in state.store.audit_rows():
        if walk.problem is not None and walk.first_bad_id is not None:
            break
        _check_row(state, walk, row, seal)
    if walk.problem is None and seal is not None and walk.last_id < seal[0]:
        start = walk.last_id + 1
        walk.fail(start, f"row(s) {start}–{seal[0]} (written before keying) are missing")
    if walk.problem is None:
        for statement, where in usable:
            _check_against(walk, statement, where)
    return {
        "ok": walk.problem is None,
        "rows": walk.rows,
        "legacy_rows": walk.legacy_rows,
        "last_id": walk.last_id,
        "last_hash": walk.last_hash,
        "checkpoints": len(usable),
        "first_bad_id": walk.first_bad_id,
        "problem": walk.problem,
    }
