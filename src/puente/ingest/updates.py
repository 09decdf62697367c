"""Keeping every dataset current from its official publisher.

For each dataset the updater asks the publisher whether anything changed: a conditional GET
(If-None-Match / If-Modified-Since) where the server sent an ETag or Last-Modified before,
else a full GET whose SHA-256 is compared with the last one. Only when some file changed is the
dataset loaded, as a new version through the ingest runner (one transaction, then the post-load
hooks). Each check is recorded in `dataset_checks`: last check, last change, next check and
the last error. A failing publisher is backed off and never stops the others.
See docs/decisions/0013-updater.md.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from puente.errors import InvalidInput, PuenteError
from puente.ingest.base import FileSpec, RawFile, Source
from puente.ingest.fetch import download_conditional
from puente.ingest.hooks import batch
from puente.ingest.runner import ingest_source
from puente.logs import get_logger
from puente.store import Store

log = get_logger(__name__)

# Schedule: how long after a failed check the next one comes (doubling from the first value,
# never more than the regular interval), and how much the regular interval is spread so that
# many instances do not ask a publisher at the same moment.
BACKOFF_FIRST = timedelta(minutes=15)
JITTER_FRACTION = 0.1
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> timedelta:
    """'6h', '30m', '1d', '90s' -> a timedelta (at least one minute)."""
    found = _DURATION.match(text)
    if found is None:
        raise InvalidInput(f"interval {text!r} is not valid; expected e.g. 30m, 6h or 1d")
    seconds = float(found.group(1)) * _UNITS[found.group(2)]
    if seconds < 60:
        raise InvalidInput(f"interval {text!r} is too short; expected at least 1m")
    return timedelta(seconds=seconds)


def online_files(source: Source, timeout: float = 60.0) -> list[tuple[FileSpec, str]]:
    """The files a publisher serves over HTTP(S), found from its listing page where the
    source knows how (`discover_urls`), else the addresses in its file specs."""
    discover = getattr(source, "discover_urls", None)
    if callable(discover):
        found: list[tuple[FileSpec, str]] = discover(timeout=timeout)
        return found
    return [(s, s.url) for s in source.files if s.url.startswith(("http://", "https://"))]


@dataclass(slots=True)
class CheckState:
    """What `dataset_checks` holds for one dataset."""

    dataset: str
    publisher_url: str
    validators: dict[str, dict[str, str | None]] = field(default_factory=dict)
    last_check: datetime | None = None
    last_change: datetime | None = None
    next_check: datetime | None = None
    last_error: str | None = None
    failures: int = 0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["validators"]
        for key in ("last_check", "last_change", "next_check"):
            value = getattr(self, key)
            data[key] = value.isoformat() if value else None
        return data


@dataclass(slots=True)
class UpdateReport:
    dataset: str
    outcome: str  # unchanged | updated | would-update | failed | not-online
    publisher_url: str
    detail: str = ""
    version: int | None = None
    changed_files: list[str] = field(default_factory=list)
    next_check: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_STATE_COLUMNS = (
    "dataset, publisher_url, validators, last_check, last_change, next_check, last_error, failures"
)


def load_states(cur: duckdb.DuckDBPyConnection) -> dict[str, CheckState]:
    rows = cur.execute(f"SELECT {_STATE_COLUMNS} FROM dataset_checks").fetchall()
    return {
        row[0]: CheckState(
            row[0],
            row[1],
            json.loads(row[2]) if row[2] else {},
            row[3],
            row[4],
            row[5],
            row[6],
            row[7],
        )
        for row in rows
    }


def _save_state(store: Store, state: CheckState) -> None:
    with store.write() as cur:
        cur.execute(
            f"INSERT OR REPLACE INTO dataset_checks ({_STATE_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                state.dataset,
                state.publisher_url,
                json.dumps(state.validators),
                state.last_check,
                state.last_change,
                state.next_check,
                state.last_error,
                state.failures,
            ],
        )


def _next(now: datetime, interval: timedelta, failures: int, rng: random.Random) -> datetime:
    if failures:
        wait = min(interval, BACKOFF_FIRST * (2 ** (failures - 1)))
    else:
        wait = interval * (1 + rng.uniform(-JITTER_FRACTION, JITTER_FRACTION))
    moment: datetime = now + wait
    return moment


def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def update_dataset(
    store: Store,
    source: Source,
    *,
    dry_run: bool = False,
    timeout: float = 60.0,
    interval: timedelta = timedelta(hours=6),
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> UpdateReport:
    """Check one dataset with its publisher and load what changed. Never raises for a
    publisher's failure: the error is recorded and returned."""
    moment = now or datetime.now(UTC)
    chooser = rng or random.Random()
    with store.read() as cur:
        state = load_states(cur).get(source.name)
    listing_error: str | None = None
    try:
        files = online_files(source, timeout)
    except PuenteError as exc:
        files, listing_error = [], exc.detail
    except Exception as exc:  # a listing page that trips a bug fails this dataset alone
        files, listing_error = [], _unexpected(source, exc)
    url = "; ".join(u for _, u in files) or (source.files[0].url if source.files else "")
    state = state or CheckState(source.name, url)
    state.publisher_url = url
    if not files and listing_error is None:
        return UpdateReport(
            source.name,
            "not-online",
            url,
            f"not published online; load it with `puente ingest {source.name} --from FILE`",
        )
    report = _check(store, source, files, state, dry_run, timeout, listing_error)
    state.last_check = moment
    if report.outcome == "failed":
        state.failures += 1
        state.last_error = f"{moment.isoformat(timespec='seconds')}: {report.detail}"
    else:
        state.failures = 0
        state.last_error = None
        if report.outcome == "updated":
            state.last_change = moment
    state.next_check = _next(moment, interval, state.failures, chooser)
    report.next_check = state.next_check.isoformat()
    if not dry_run:
        _save_state(store, state)
    log.info("update.checked", dataset=source.name, outcome=report.outcome)
    return report


def _check(
    store: Store,
    source: Source,
    files: list[tuple[FileSpec, str]],
    state: CheckState,
    dry_run: bool,
    timeout: float,
    listing_error: str | None,
) -> UpdateReport:
    url = state.publisher_url
    if listing_error is not None:
        return UpdateReport(source.name, "failed", url, listing_error)
    with tempfile.TemporaryDirectory(prefix="puente-update-") as tmp:
        workdir = Path(tmp)
        fetched: list[RawFile] = []
        changed: list[str] = []
        seen: dict[str, dict[str, str | None]] = {}
        try:
            for spec, where in files:
                known = state.validators.get(where, {})
                got = download_conditional(
                    where,
                    workdir / Path(spec.mirror).name,
                    timeout,
                    known.get("etag"),
                    known.get("last_modified"),
                )
                if got.status == 304 or got.path is None:
                    seen[where] = known
                    continue
                digest = _sha(got.path)
                seen[where] = {
                    "etag": got.etag,
                    "last_modified": got.last_modified,
                    "sha256": digest,
                }
                size = got.path.stat().st_size
                fetched.append(RawFile(spec, got.path, where, digest, size))
                if digest != known.get("sha256"):
                    changed.append(where)
            if not changed:
                state.validators = seen
                return UpdateReport(source.name, "unchanged", url, "the publisher has nothing new")
            if dry_run:
                return UpdateReport(
                    source.name, "would-update", url, "changed at the publisher", None, changed
                )
            if len(fetched) < len(files):
                # Some files answered 304: fetch those again whole, so the new version is built
                # from one consistent set of files.
                for spec, where in files:
                    if where in {raw.origin for raw in fetched}:
                        continue
                    got = download_conditional(where, workdir / Path(spec.mirror).name, timeout)
                    if got.path is None:
                        raise InvalidInput(f"{where} answered 304 to an unconditional GET")
                    digest = _sha(got.path)
                    seen[where] = {
                        "etag": got.etag,
                        "last_modified": got.last_modified,
                        "sha256": digest,
                    }
                    fetched.append(RawFile(spec, got.path, where, digest, got.path.stat().st_size))
            result = ingest_source(store, source, timeout=timeout, fetched=fetched)
        except PuenteError as exc:
            return UpdateReport(source.name, "failed", url, exc.detail, None, changed)
        except Exception as exc:  # a file that trips a bug in its parser: this dataset alone
            return UpdateReport(source.name, "failed", url, _unexpected(source, exc), None, changed)
    state.validators = seen
    detail = f"version {result.version} in force, {result.rows} rows"
    if not result.changed:
        detail = f"same content as version {result.version}"
    outcome = "updated" if result.changed else "unchanged"
    return UpdateReport(source.name, outcome, url, detail, result.version, changed)


def _unexpected(source: Source, exc: Exception) -> str:
    """What a check records of an error Puente does not name: its kind, never its message
    (which may hold a server path); the traceback goes to the log."""
    log.exception("update.unexpected_error", dataset=source.name, error=type(exc).__name__)
    return (
        f"unexpected {type(exc).__name__} while checking or loading {source.name}; "
        "nothing was loaded (details in the server log)"
    )


def update_all(
    store: Store,
    sources: list[Source],
    *,
    dry_run: bool = False,
    timeout: float = 60.0,
    interval: timedelta = timedelta(hours=6),
    due_only: bool = False,
) -> list[UpdateReport]:
    """Check each dataset in turn; with `due_only`, only those whose next check has come."""
    now = datetime.now(UTC)
    with store.read() as cur:
        states = load_states(cur)
    reports = []
    with batch(store):  # the post-load work runs once, after every dataset of the round
        for source in sources:
            state = states.get(source.name)
            if due_only and state and state.next_check and state.next_check > now:
                continue
            reports.append(
                update_dataset(store, source, dry_run=dry_run, timeout=timeout, interval=interval)
            )
    return reports


def describe_checks(cur: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """What /datasets shows of the updater: per dataset, its check state."""
    return {name: state.as_dict() for name, state in load_states(cur).items()}


def update_named(
    store: Store,
    names: list[str],
    *,
    dry_run: bool = False,
    timeout: float = 60.0,
    interval: timedelta = timedelta(hours=6),
    due_only: bool = False,
) -> dict[str, Any]:
    """`puente update [DATASET...]` and its admin endpoint: the named datasets, or all."""
    from puente.ingest.registry import all_sources, get_source

    sources = [get_source(n) for n in (names or sorted(all_sources()))]
    reports = update_all(
        store, sources, dry_run=dry_run, timeout=timeout, interval=interval, due_only=due_only
    )
    return {"dry_run": dry_run, "reports": [r.as_dict() for r in reports]}
