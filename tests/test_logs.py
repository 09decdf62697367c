"""Log events: key-value lines on stderr at the configured level; structlog is loaded only
when an event at that level is written."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )


def test_an_event_under_the_level_is_dropped_and_loads_nothing() -> None:
    out = _run(
        "import sys\nfrom puente.logs import configure_logging, get_logger\n"
        "configure_logging('WARNING')\nlog = get_logger('x')\n"
        "log.info('quiet.event', n=1)\nlog.debug('quieter')\n"
        "print('structlog' in sys.modules)"
    )
    assert out.stdout.strip() == "False"
    assert "quiet.event" not in out.stderr


def test_an_event_at_the_level_is_one_key_value_line_on_stderr() -> None:
    out = _run(
        "from puente.logs import configure_logging, get_logger\n"
        "log = get_logger('x')\nconfigure_logging('info')\n"
        "log.info('store.opened', path='a b')\nlog.warning('store.slow', seconds=3)\n"
        "print('done')"
    )
    assert out.stdout == "done\n"  # stdout stays clean (it may be a CSV)
    lines = out.stderr.splitlines()
    assert len(lines) == 2, out.stderr
    assert lines[0].startswith("event='store.opened'")
    assert "path='a b'" in lines[0]
    assert "level='info'" in lines[0]
    assert lines[1].startswith("event='store.slow'")
    assert "seconds=3" in lines[1]


def test_a_new_level_applies_to_loggers_already_made() -> None:
    out = _run(
        "from puente.logs import configure_logging, get_logger\n"
        "log = get_logger('x')\nconfigure_logging('info')\nlog.info('first')\n"
        "configure_logging('error')\nlog.info('second')\nlog.warning('third')\n"
        "log.error('fourth')"
    )
    events = [line.split()[0] for line in out.stderr.splitlines()]
    assert events == ["event='first'", "event='fourth'"]
