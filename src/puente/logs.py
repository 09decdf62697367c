"""structlog set-up: key-value events, to stderr, never print().

structlog (which pulls in rich's tracebacks) is imported when the first event at or above the
configured level is logged, not when a module asks for its logger: a command that logs nothing
(`puente screen NAME` at the default WARNING level) never pays for it.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from typing import Any

_LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "warn": logging.WARNING,
    "error": logging.ERROR,
    "exception": logging.ERROR,
    "critical": logging.CRITICAL,
    "fatal": logging.CRITICAL,
}


class _Setup:
    level = logging.NOTSET
    """Set by `configure_logging`; until then every event goes to structlog as it is
    configured by default."""
    configured = True
    """structlog is configured with `level`, or needs no configuring (never asked for)."""


class _StderrLogger:
    """Writes to whatever sys.stderr is at the time (test runners swap it)."""

    def msg(self, message: str) -> None:
        with contextlib.suppress(ValueError):  # stderr closed underneath us
            sys.stderr.write(message + "\n")

    log = debug = info = warning = warn = error = critical = exception = fatal = msg


def _configure_structlog() -> None:
    import structlog

    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso"),
            structlog.processors.KeyValueRenderer(key_order=["event"]),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(_Setup.level),
        logger_factory=lambda *_: _StderrLogger(),
        cache_logger_on_first_use=False,
    )
    _Setup.configured = True


def configure_logging(level: str = "WARNING") -> None:
    numeric = logging.getLevelName(level.upper())
    _Setup.level = numeric if isinstance(numeric, int) else logging.WARNING
    if "structlog" in sys.modules:
        _configure_structlog()  # loggers already made follow the new level at once
    else:
        _Setup.configured = False  # when the first event comes


def _drop(*args: Any, **kwargs: Any) -> None:
    return None


class Logger:
    """A structlog logger made when first needed. Events under the configured level are
    dropped here, as structlog's filtering logger would drop them."""

    __slots__ = ("_name", "_real")

    def __init__(self, name: str) -> None:
        self._name = name
        self._real: Any = None

    def __getattr__(self, attr: str) -> Any:
        level = _LEVELS.get(attr)
        if level is not None and level < _Setup.level:
            return _drop
        if self._real is None:
            import structlog

            if not _Setup.configured:
                _configure_structlog()
            self._real = structlog.get_logger(self._name)
        return getattr(self._real, attr)


def get_logger(name: str) -> Logger:
    return Logger(name)
