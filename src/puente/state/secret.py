"""The server secret: 32 random bytes kept outside the database, in a file of mode 0600 beside
it (`<db>.secret`) or given as a setting. It keys the audit chain (HMAC-SHA256), derives the
Ed25519 key that signs checkpoints, and keys CSRF tokens; each use gets its own derived key, so
one never stands in for another."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from puente.errors import ConfigError

SECRET_BYTES = 32


@dataclass(frozen=True, slots=True)
class ServerSecret:
    value: bytes
    created: bool = False
    """True when this process made the secret (a new file, or an in-memory database)."""
    where: str = ""

    def derive(self, purpose: str) -> bytes:
        return hmac.new(self.value, b"puente:" + purpose.encode(), hashlib.sha256).digest()


def default_secret_path(db: str | Path) -> Path | None:
    target = str(db)
    return None if target == ":memory:" else Path(f"{target}.secret")


def load_secret(path: Path | None, given: str | None = None) -> ServerSecret:
    """The secret from the setting, else from the file (created, 0600, when missing), else a
    new one for this process (an in-memory database)."""
    if given:
        try:
            value = bytes.fromhex(given.strip())
        except ValueError as exc:
            raise ConfigError("PUENTE_AUDIT_SECRET is not hex; expected 64 hex digits") from exc
        if len(value) < 16:
            raise ConfigError("PUENTE_AUDIT_SECRET is too short; expected 64 hex digits")
        return ServerSecret(value, where="PUENTE_AUDIT_SECRET")
    if path is None:
        return ServerSecret(secrets.token_bytes(SECRET_BYTES), created=True, where="memory")
    if path.is_file():
        value = _read(path)
        return ServerSecret(value, where=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_bytes(SECRET_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return ServerSecret(_read(path), where=str(path))
    with os.fdopen(fd, "w") as handle:
        handle.write(value.hex() + "\n")
    return ServerSecret(value, created=True, where=str(path))


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        text = path.read_text().strip()
        value = bytes.fromhex(text)
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"{path} is not a Puente secret (64 hex digits); restore it from your backup"
        ) from exc
    if len(value) < 16:
        raise ConfigError(f"{path} is too short to be a Puente secret; restore it from backup")
    return value
