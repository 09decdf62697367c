"""What the processes of the multi-process tests run (spawned: importable by name)."""

from __future__ import annotations

from typing import Any

SECRET = "5e" * 32
"""The audit secret every process of a test shares (PUENTE_AUDIT_SECRET)."""


def open_shared(url: str) -> Any:
    """A store of this process's own (the data) and the shared state at `url`."""
    from puente.state import open_state, use_state
    from puente.store import open_store

    store = open_store(":memory:")
    use_state(store, open_state(store, secret=SECRET, url=url))
    return store


def append_audit_rows(url: str, writer: int, count: int, start: Any) -> list[int]:
    """Screen `count` names as writer `writer`, once `start` is set; the ids written."""
    from puente.sanctions.audit import AuditEntry, record_screening

    store = open_shared(url)
    start.wait(60)
    ids = []
    for i in range(count):
        entry = AuditEntry(
            actor=f"key:writer{writer}",
            channel="api",
            threshold=0.8,
            queries=[{"name": f"writer {writer} name {i}"}],
            results=[{"matches": [{"entity_id": str(i), "score": 0.9, "match": i % 3 == 0}]}],
        )
        ids.append(record_screening(store, entry))
    return ids


def claim_jobs(url: str, job_ids: list[str], start: Any) -> list[str]:
    """Try to claim every job; the ids this process won."""
    from puente.jobs.states import job_states

    store = open_shared(url)
    states = job_states(store, url)
    start.wait(60)
    return [job_id for job_id in job_ids if states.claim(job_id)]


def verify_key(url: str, key: str) -> str | None:
    """The actor a key verifies as in this process, or None."""
    from puente.auth.keys import keyring
    from puente.state import state_for

    store = open_shared(url)
    actor = keyring(state_for(store).store).verify(key)
    return actor.label if actor is not None else None


def open_and_migrate(url: str, start: Any) -> int:
    """Open the state store (its migrations run on first use) once `start` is set."""
    from puente.state import open_state
    from puente.store import open_store

    store = open_store(":memory:")
    start.wait(60)
    state = open_state(store, secret=SECRET, url=url)
    return state.store.audit_count()
