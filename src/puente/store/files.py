"""The files Puente keeps: private modes (they hold every screened name and the secrets), and
one clear line for each way a file can fail (locked, damaged, read-only, full disk)."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from puente.errors import StoreError, StoreLocked

PRIVATE = 0o600


def protect(path: Path) -> None:
    """Make an existing file readable and writable by its owner only (a no-op if it is
    missing or not ours to change)."""
    with contextlib.suppress(OSError):
        if path.exists() and (path.stat().st_mode & 0o777) != PRIVATE:
            path.chmod(PRIVATE)


def write_private(path: Path, text: str) -> Path:
    """Write a small file (a secret, the server address) that only its owner can read,
    whatever mode an earlier file at that path had; replaced whole, never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    try:
        os.fchmod(fd, PRIVATE)
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


class StoreDamaged(StoreError):
    """The database file is damaged (truncated, checksums that fail, a missing table)."""


def damaged_message(target: str, problem: str) -> str:
    return (
        f"{target} is damaged ({problem}); Puente will not serve it. Move it aside (keep it: "
        "its audit log is evidence), then restore a backup, or load the data again into a new "
        "file with `puente ingest --all`."
    )


_FULL = ("no space left", "disk full", "not enough space", "file too large")
_READ_ONLY = (
    "permission denied",
    "operation not permitted",
    "read-only file system",
    "read-only mode",
    "access is denied",
)
_DAMAGED = (
    "not a valid duckdb database",
    "could not read enough bytes",
    "corrupt database",
    "checksum",
    "serialization error",
    "invalid block",
)


def store_error(exc: BaseException, target: str) -> StoreError:
    """The one-line StoreError for an error from DuckDB or the file system."""
    text = str(exc)
    lowered = text.lower()
    code = getattr(exc, "errno", None)
    if ("lock" in lowered and "conflicting lock" in lowered) or "could not set lock" in lowered:
        return StoreLocked(f"{target} is in use by another process (is `puente serve` running?)")
    if code in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) or any(w in lowered for w in _FULL):
        return StoreError(
            f"the disk holding {target} is full; nothing was changed. Free some space and "
            "run the command again."
        )
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or any(w in lowered for w in _READ_ONLY):
        return StoreError(
            f"{target} cannot be written (permission denied or a read-only file system). "
            "Fix its permissions, or serve it as it is with `puente serve --read-only`."
        )
    if any(w in lowered for w in _DAMAGED):
        return StoreDamaged(damaged_message(target, text.splitlines()[0][:200]))
    if "lock" in lowered:
        return StoreLocked(f"{target} is in use by another process (is `puente serve` running?)")
    return StoreError(f"cannot open {target}: {text.splitlines()[0][:300] if text else exc!r}")
