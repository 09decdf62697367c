"""What a key costs a screening: verifying an API key (cached, constant-time hash compare)
beside the durable audit write every screening already makes, in one run.

    python -m bench.run auth_keys
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.common import machine
from puente.auth.keys import keyring
from puente.sanctions.audit import AuditEntry, record_screening
from puente.state import state_for
from puente.store import open_store

VERIFY = 20_000
WRITES = 300


def run() -> str:
    folder = tempfile.mkdtemp(prefix="puente-bench-keys-")
    store = open_store(Path(folder) / "keys.duckdb")
    ring = keyring(state_for(store).store)
    key = ring.create("bench", "screener", "bench").key
    ring.verify(key)  # the first lookup fills the cache
    started = time.perf_counter()
    for _ in range(VERIFY):
        assert ring.verify(key) is not None
    verify_us = (time.perf_counter() - started) / VERIFY * 1e6
    revoked = ring.create("gone", "screener", "bench")
    ring.revoke(revoked.stored.key_id)
    assert ring.verify(revoked.key) is None
    started = time.perf_counter()
    for i in range(WRITES):
        entry = AuditEntry("key:bench", "api", 0.8, [{"name": f"n{i}"}], [{"matches": []}])
        record_screening(store, entry)
    write_us = (time.perf_counter() - started) / WRITES * 1e6
    store.close()
    load = os.getloadavg()[0]
    return f"""## API keys

Command: `python -m bench.run auth_keys`. Machine: {machine()}; load average {load:.1f} while
it ran.

| what | µs per call |
|---|---|
| verify a screener key (`KeyRing.verify`, cached, SHA-256 + constant-time compare) | {verify_us:.1f} |
| baseline: one audit write (HMAC chain, its own commit), one caller at a time | {write_us:.0f} |

A key adds {verify_us / write_us:.2%} of an audit write to a screening.
"""
