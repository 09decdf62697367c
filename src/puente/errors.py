"""The error tree. Every error Puente raises on purpose is a PuenteError.

The HTTP status is a class attribute, read when the error is rendered; the CLI turns any
PuenteError into a one-line message and a non-zero exit.
"""

from __future__ import annotations


class PuenteError(Exception):
    """Root of every error Puente raises on purpose."""

    status_code: int = 500
    error: str = "error"
    exit_code: int = 1

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(PuenteError):
    """Something asked for does not exist (an unknown port, dataset or entity)."""

    status_code = 404
    error = "not_found"


class InvalidInput(PuenteError):
    """A parameter, form field or uploaded file is not what was expected."""

    status_code = 400
    error = "invalid_input"
    exit_code = 2


class SourceError(PuenteError):
    """An upstream file or URL could not be read or does not parse.

    The message names the file, line and column and what was expected.
    """

    status_code = 422
    error = "source_error"

    def __init__(
        self,
        detail: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        where = []
        if file:
            where.append(str(file))
        if line is not None:
            where.append(f"line {line}")
        if column:
            where.append(f"column {column!r}")
        message = f"{', '.join(where)}: {detail}" if where else detail
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column


class StoreError(PuenteError):
    """The database cannot be opened or written."""

    status_code = 503
    error = "store_error"


class StoreLocked(StoreError):
    """Another process (usually `puente serve`) holds the database file."""


class StateUnavailable(PuenteError):
    """The shared state store (PostgreSQL) does not answer: keys, sessions, the audit log and
    jobs wait for it; reads of the data go on (docs/decisions/0021-shared-state-postgresql.md)."""

    status_code = 503
    error = "state_unavailable"


class ConfigError(PuenteError):
    """A setting has a value Puente cannot use."""

    status_code = 500
    error = "config_error"


class Unauthorized(PuenteError):
    """No credential, or one that is not valid (unknown, revoked or expired key)."""

    status_code = 401
    error = "unauthorized"


class Forbidden(PuenteError):
    """A valid credential whose role does not allow this."""

    status_code = 403
    error = "forbidden"
