"""What the answers of a data generation are computed from: the dataset versions in force
and the code that renders them, as one short tag (part of every kept answer's ETag).

The generation counter starts again at 0 when a process starts; the tag does not, so a
browser's ETag stays valid across a restart that changed nothing, and changes after any
load, rollback or new release.
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from puente import __version__
from puente.store import Store

_PACKAGE = Path(__file__).resolve().parents[1]
_CODE_SUFFIXES = (".py", ".html", ".po", ".css", ".js", ".csv", ".json")
_lock = threading.Lock()
_tags: dict[tuple[int, int], str] = {}


@lru_cache(maxsize=1)
def code_tag() -> str:
    """A hash of the package's code, templates, catalogs and bundled data."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(_PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def data_tag_now(store: Store) -> str:
    """The tag of the dataset versions in force and the code (a read transaction)."""
    with store.read() as cur:
        rows = cur.execute(
            "SELECT d.dataset, v.version, v.sha256, CAST(v.loaded_at AS VARCHAR) "
            "FROM datasets d JOIN dataset_versions v "
            "ON v.dataset = d.dataset AND v.version = d.current_version ORDER BY d.dataset"
        ).fetchall()
    digest = hashlib.sha256(code_tag().encode())
    for row in rows:
        digest.update("\0".join(str(part) for part in row).encode() + b"\n")
    return digest.hexdigest()[:16]


async def data_tag(store: Store, generation: int) -> str:
    """data_tag_now, computed once per store and generation."""
    key = (id(store), generation)
    with _lock:
        known = _tags.get(key)
    if known is not None:
        return known
    tag = await run_in_threadpool(data_tag_now, store)
    with _lock:
        if len(_tags) > 256:
            _tags.clear()
        _tags[key] = tag
    return tag
