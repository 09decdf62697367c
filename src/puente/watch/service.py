"""Monitoring: portfolios of subjects kept screened against every list as the lists change.

- Adding subjects screens them against the version in force of every loaded list.
- A new version of a list (the ingest runner's post-load hook) re-screens only what can have
  changed: the entries added or changed since the version last screened, against the subjects
  the reverse index finds for them; alerts on entries removed from the list are closed. The
  whole portfolio is re-screened only when the engine or the threshold changed.
- An alert is open, confirmed or dismissed (with analyst, reason and time), or closed (its
  entry left the list or no longer matches). A dismissed alert stays dismissed while its entry
  is unchanged and reopens when the entry changes. Each decision is written to the screening
  audit log; each change is an event, notified through the portfolio's Atom feed and webhooks.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from puente.errors import InvalidInput
from puente.logs import get_logger
from puente.sanctions import multilist, screener
from puente.sanctions.audit import AuditEntry, record_screening
from puente.sanctions.lists import LISTS
from puente.sanctions.records import ScreeningRecord
from puente.store import Store
from puente.store.catalog import current_version
from puente.watch.reverse import ReverseIndex
from puente.watch.state import (
    STATUSES,
    Alert,
    AlertWrite,
    DuckDbWatchState,
    EntryState,
    Event,
    ListState,
    Portfolio,
    Subject,
    WatchState,
)

log = get_logger(__name__)

CANDIDATES = 10
"""Candidates per subject and list kept from the engine (only those that match alert)."""
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
DECISIONS = ("open", "confirmed", "dismissed")
Notify = Callable[[str, list[Event], list[Alert]], None]


ScreenMany = Callable[[Any, Sequence[Any], float, int], Sequence[Any]]
"""(index, engine queries, threshold, limit) -> each query's matches or its InvalidInput, in
order: what `ScreeningIndex.screen_many` answers."""


def in_process(index: Any, queries: Sequence[Any], threshold: float, limit: int) -> Sequence[Any]:
    """The subjects screened in this process."""
    answers: Sequence[Any] = index.screen_many(queries, threshold=threshold, limit=limit)
    return answers


@lru_cache(maxsize=1)
def engine_signature() -> str:
    """A digest of the screening engine's code: when it changes, alerts may change for every
    subject, so the portfolios are re-screened in full."""
    import puente.sanctions.screening as package

    digest = hashlib.sha256()
    for path in sorted(Path(package.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:24]


def record_digest(record: ScreeningRecord) -> str:
    """What a list entry says that screening reads: a new digest is a new entry version."""
    return _digest(
        (
            record.entity_type,
            tuple((n.text, n.kind) for n in record.names),
            record.programs,
            record.birth_dates,
            record.countries,
            record.id_numbers,
        )
    )


def entry_state(record: ScreeningRecord) -> EntryState:
    facts = (
        record.entity_type,
        record.birth_dates,
        record.countries,
        record.id_numbers,
        record.nationalities,
    )
    return EntryState(
        record_digest(record), _digest(facts), tuple(dict.fromkeys(n.text for n in record.names))
    )


def check_name(name: str) -> str:
    text = (name or "").strip()
    if not _NAME.match(text):
        raise InvalidInput(
            f"portfolio name {text[:70]!r} is not valid; expected 1 to 64 letters, digits, "
            "'.', '_' or '-', starting with a letter or digit"
        )
    return text


@dataclass(slots=True)
class SyncReport:
    dataset: str
    version: int
    mode: str
    """initial, incremental, full or unchanged."""
    added: int = 0
    changed: int = 0
    removed: int = 0
    subjects_screened: int = 0
    opened: int = 0
    reopened: int = 0
    closed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(slots=True)
class AddReport:
    """What adding subjects to a portfolio did."""

    portfolio: str
    added: int
    replaced: int
    opened: int = 0
    reopened: int = 0
    closed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


_Key = tuple[str, str, str]
"""(portfolio, subject_id, entity_id)"""


class WatchService:
    def __init__(
        self,
        store: Store,
        threshold: float,
        state: WatchState | None = None,
        notify: Notify | None = None,
    ) -> None:
        self.store = store
        self.threshold = screener.check_threshold(threshold, 0.8)
        self.state: WatchState = state or DuckDbWatchState(store)
        self.notify = notify
        self._reverse: tuple[int, ReverseIndex, list[tuple[str, Subject]]] | None = None

    def flush(self, timeout: float = 60.0) -> None:
        """Wait for notifications in flight (a CLI process must not exit before its webhook
        deliveries are done)."""
        join = getattr(self.notify, "join", None)
        if callable(join):
            join(timeout)

    @property
    def signature(self) -> str:
        return f"{engine_signature()}@{self.threshold:.4f}"

    # Portfolios and subjects

    def create(self, name: str, title: str | None, actor: str) -> Portfolio:
        return self.state.create_portfolio(check_name(name), title, actor)

    def add(self, portfolio: str, subjects: list[Subject]) -> AddReport:
        """Add (or replace, by id) subjects and screen them against every loaded list."""
        self.state.portfolio(portfolio)
        if not subjects:
            raise InvalidInput("no subjects to add")
        ids = [s.subject_id for s in subjects]
        if len(set(ids)) != len(ids):
            dup = next(i for i in ids if ids.count(i) > 1)
            raise InvalidInput(f"subject id {dup!r} appears twice; expected one row per subject")
        added, replaced = self.state.add_subjects(portfolio, subjects)
        self._reverse = None
        scope = [(portfolio, s) for s in subjects]
        counts = {"opened": 0, "reopened": 0, "closed": 0}
        for dataset in self.loaded():
            self._ensure_state(dataset)
            index, version = multilist.list_index(self.store, dataset)
            matches = self._screen(scope, index, dataset, version.version, None)
            digests = {r.entity_id: record_digest(r) for r in index.records}
            result = self._reconcile(
                dataset,
                version.version,
                matches,
                digests,
                subjects_in_scope={(p, s.subject_id) for p, s in scope},
                entities_in_scope=None,
                removed=set(),
            )
            for key in counts:
                counts[key] += result[key]
        return AddReport(portfolio, added, replaced, **counts)

    def loaded(self) -> list[str]:
        with self.store.read() as cur:
            return [d for d in LISTS if current_version(cur, d) is not None]

    def _ensure_state(self, dataset: str) -> None:
        """The first time a list is watched: its version in force is the one screened."""
        if self.state.list_state(dataset) is not None:
            return
        index, version = multilist.list_index(self.store, dataset)
        self.state.save_list_state(
            ListState(dataset, version.version, version.sha256, self.signature),
            {r.entity_id: entry_state(r) for r in index.records},
        )

    # Screening

    def _screen(
        self,
        scope: list[tuple[str, Subject]],
        index: Any,
        dataset: str,
        version: int,
        entities: set[str] | None,
        many: ScreenMany | None = None,
    ) -> dict[_Key, dict[str, Any]]:
        """Matches (at or above the threshold) of the subjects, restricted to `entities`."""
        queries = [screener.to_engine_query(s.query()) for _, s in scope]
        answers = (many or in_process)(index, queries, self.threshold, CANDIDATES)
        found: dict[_Key, dict[str, Any]] = {}
        for (portfolio, subject), answer in zip(scope, answers, strict=True):
            if isinstance(answer, InvalidInput):
                continue
            for match in answer:
                if not match.match or (entities is not None and match.entity_id not in entities):
                    continue
                found[(portfolio, subject.subject_id, match.entity_id)] = {
                    "matched_name": match.name,
                    "primary_name": index.primary_name(match.entity_id) or match.name,
                    "programs": tuple(match.programs),
                    "score": float(match.score),
                    "explanation": match.explanation,
                }
        return found

    def reverse_index(self) -> tuple[ReverseIndex, list[tuple[str, Subject]]]:
        """The reverse index over every portfolio's subjects (rebuilt when subjects change)."""
        if self._reverse is None:
            subjects = self.state.subjects()
            index = ReverseIndex((s.name, s.subject_type, s.id_number) for _, s in subjects)
            self._reverse = (len(subjects), index, subjects)
        return self._reverse[1], self._reverse[2]

    def sync(self, dataset: str, full: bool = False, many: ScreenMany | None = None) -> SyncReport:
        """Bring every portfolio up to the version in force of one list. `many` screens a
        first or full re-screen (every subject) elsewhere, e.g. on Spark
        (`puente.sanctions.spark.screen_queries`); an incremental one (the subjects a changed
        entry can match) is screened here."""
        index, version = multilist.list_index(self.store, dataset)
        records = {r.entity_id: r for r in index.records}
        entries = {entity_id: entry_state(r) for entity_id, r in records.items()}
        digests = {entity_id: e.digest for entity_id, e in entries.items()}
        previous = self.state.list_state(dataset)
        if previous is None:
            # Never watched: nothing was screened against an older version.
            mode = "initial"
        elif previous.engine != self.signature or full:
            mode = "full"
        elif previous.version == version.version and previous.sha256 == version.sha256:
            return SyncReport(dataset, version.version, "unchanged")
        else:
            mode = "incremental"
        report = SyncReport(dataset, version.version, mode)
        if mode in ("initial", "full"):
            scope = self.state.subjects()
            matches = self._screen(scope, index, dataset, version.version, None, many)
            report.subjects_screened = len(scope)
            result = self._reconcile(
                dataset, version.version, matches, digests, None, None, removed=set()
            )
        else:
            old = self.state.entries(dataset)
            added = {e for e in digests if e not in old}
            changed = {e for e in digests if e in old and old[e].digest != digests[e]}
            removed = {e for e in old if e not in digests}
            report.added, report.changed, report.removed = len(added), len(changed), len(removed)
            targets = added | changed
            reverse, subjects = self.reverse_index()
            positions = reverse.candidates(_what_changed(records[e], old.get(e)) for e in targets)
            # Subjects alerted on a changed entry are re-screened whatever changed (the alert
            # takes the new entry version; a dismissed one reopens).
            held = {
                (a.portfolio, a.subject_id)
                for a in self.state.alerts()
                if a.dataset == dataset and a.entity_id in targets
            }
            positions |= {p for p, (pf, s) in enumerate(subjects) if (pf, s.subject_id) in held}
            scope = [subjects[p] for p in sorted(positions)]
            report.subjects_screened = len(scope)
            matches = self._screen(scope, index, dataset, version.version, targets)
            result = self._reconcile(
                dataset, version.version, matches, digests, None, targets, removed
            )
        report.opened, report.reopened, report.closed = (
            result["opened"],
            result["reopened"],
            result["closed"],
        )
        self.state.save_list_state(
            ListState(dataset, version.version, version.sha256, self.signature), entries
        )
        log.info("watch.synced", **report.as_dict())
        return report

    def _reconcile(
        self,
        dataset: str,
        version: int,
        matches: dict[_Key, dict[str, Any]],
        digests: dict[str, str],
        subjects_in_scope: set[tuple[str, str]] | None,
        entities_in_scope: set[str] | None,
        removed: set[str],
    ) -> dict[str, int]:
        now = datetime.now(UTC)
        existing = {
            (a.portfolio, a.subject_id, a.entity_id): a
            for a in self.state.alerts()
            if a.dataset == dataset
        }
        writes: list[AlertWrite] = []
        counts = {"opened": 0, "reopened": 0, "closed": 0}
        for key, found in matches.items():
            digest = digests[key[2]]
            held = existing.get(key)
            fields = {
                "entry_digest": digest,
                "list_version": version,
                "matched_name": found["matched_name"],
                "primary_name": found["primary_name"],
                "programs": found["programs"],
                "score": found["score"],
                "explanation": found["explanation"],
                "updated_at": now,
            }
            if held is None:
                alert = Alert(
                    0, key[0], key[1], dataset, key[2], status="open", created_at=now, **fields
                )
                writes.append(AlertWrite(alert, "opened", "system", new=True))
                counts["opened"] += 1
            elif held.status == "closed" or (
                held.status == "dismissed" and held.dismissed_digest != digest
            ):
                reason = (
                    "the entry changed since it was dismissed"
                    if held.status == "dismissed"
                    else "matches again"
                )
                writes.append(
                    AlertWrite(replace(held, status="open", **fields), "reopened", "system", reason)
                )
                counts["reopened"] += 1
            elif held.entry_digest != digest:
                writes.append(
                    AlertWrite(replace(held, **fields), "updated", "system", "the entry changed")
                )
        for key, held in existing.items():
            if key in matches or held.status == "closed":
                continue
            if key[2] in removed:
                reason = f"removed from {dataset} version {version}"
            elif (
                held.status == "open"
                and (subjects_in_scope is None or key[:2] in subjects_in_scope)
                and (entities_in_scope is None or key[2] in entities_in_scope)
            ):
                reason = f"no longer matches {dataset} version {version}"
            else:
                continue
            writes.append(
                AlertWrite(
                    replace(held, status="closed", updated_at=now, list_version=version),
                    "closed",
                    "system",
                    reason,
                )
            )
            counts["closed"] += 1
        self._write(writes, version)
        return counts

    def _write(self, writes: list[AlertWrite], version: int | None) -> list[Event]:
        events = self.state.write_alerts(writes, version)
        if self.notify is not None and events:
            by_portfolio: dict[str, list[Event]] = {}
            for event in events:
                by_portfolio.setdefault(event.portfolio, []).append(event)
            for portfolio, own in by_portfolio.items():
                ids = {e.alert_id for e in own}
                alerts = [a for a in self.state.alerts(portfolio) if a.alert_id in ids]
                self.notify(portfolio, own, alerts)
        return events

    # Alerts workflow

    def alerts(self, portfolio: str, status: str | None = None) -> list[Alert]:
        self.state.portfolio(portfolio)
        if status is not None and status not in STATUSES:
            raise InvalidInput(f"status {status!r} is unknown; expected one of {STATUSES}")
        return self.state.alerts(portfolio, status)

    def decide(
        self,
        portfolio: str,
        alert_id: int,
        decision: str,
        analyst: str,
        reason: str | None,
        channel: str,
    ) -> Alert:
        """Confirm, dismiss or reopen an alert, audited. A dismissal needs a reason."""
        if decision not in DECISIONS:
            raise InvalidInput(f"decision {decision!r} is unknown; expected one of {DECISIONS}")
        text = " ".join((reason or "").split())
        if decision == "dismissed" and not text:
            raise InvalidInput("a dismissal needs a reason (why this is not the listed party)")
        if len(text) > 1000:
            raise InvalidInput("the reason is longer than 1,000 characters")
        held = self.state.alert(alert_id)
        if held.portfolio != portfolio:
            raise InvalidInput(f"alert {alert_id} is not in portfolio {portfolio!r}")
        now = datetime.now(UTC)
        alert = replace(
            held,
            status=decision,
            decided_by=analyst,
            decided_at=now,
            reason=text or None,
            updated_at=now,
            dismissed_digest=held.entry_digest if decision == "dismissed" else None,
        )
        record_screening(
            self.store,
            AuditEntry(
                actor=analyst,
                channel=channel,
                threshold=self.threshold,
                queries=[
                    {
                        "watch_decision": decision,
                        "portfolio": portfolio,
                        "alert_id": alert_id,
                        "subject_id": held.subject_id,
                        "reason": text or None,
                    }
                ],
                results=[
                    {
                        "matches": [
                            {
                                "entity_id": held.entity_id,
                                "name": held.matched_name,
                                "score": held.score,
                                "match": decision != "dismissed",
                            }
                        ]
                    }
                ],
                list_version=held.list_version,
                dataset=held.dataset,
            ),
        )
        self._write([AlertWrite(alert, decision, analyst, text or None)], held.list_version)
        return alert


def _what_changed(record: ScreeningRecord, before: EntryState | None) -> ScreeningRecord:
    """The part of an entry a subject could newly match: all of a new entry, or of one whose
    type, birth dates, countries, nationalities or ids changed (evidence changes every score);
    only the new names of one that only gained names (the others score as before)."""
    if before is None or before.facts != entry_state(record).facts:
        return record
    known = set(before.names)
    return replace(record, names=tuple(n for n in record.names if n.text not in known))


def sync_all(service: WatchService, datasets: Iterable[str] | None = None) -> list[SyncReport]:
    return [service.sync(d) for d in (datasets or service.loaded())]
