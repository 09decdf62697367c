"""Monitoring on the SDN fixture snapshots: `full`, then `later` (7007 LOS CHAPITOS added,
7004 EP-ABC removed, 6861 GUZMAN LOERA and 7000 CARTEL DE SINALOA changed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.config import Settings
from puente.errors import InvalidInput, NotFound
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.state import state_for, state_from_settings
from puente.store import Store
from puente.watch import watch_service
from puente.watch.pgstate import PgWatchState
from puente.watch.service import WatchService
from puente.watch.state import Subject

SDN = Path(__file__).resolve().parents[1] / "fixtures" / "ofac-sdn"
SUBJECTS = [
    Subject("C-1", "Joaquin Guzman Loera", "individual", "1957-04-04", "MX"),
    Subject("C-2", "EP-ABC", "aircraft"),
    Subject("C-3", "Los Chapitos", "entity"),
    Subject("C-4", "Ana Sofia Lopez Ibarra", "individual"),
]


def _load(store: Store, snapshot: str) -> None:
    ingest_source(store, get_source("ofac-sdn"), origin=str(SDN / snapshot))


def _alerts(service: WatchService) -> dict[str, tuple[str, str]]:
    return {a.subject_id: (a.entity_id, a.status) for a in service.alerts("clients")}


@pytest.fixture
def watched(store: Store, tmp_path: Path, state_url: str | None) -> WatchService:
    """Monitoring with its state (and the audit of decisions) in the embedded store, then in
    PostgreSQL."""
    settings = Settings(db=tmp_path / "puente.duckdb", mirror=None, state_url=state_url)
    state_from_settings(store, settings)
    service = watch_service(store, settings)  # before a load: its hook uses this service
    assert isinstance(service.state, PgWatchState) == (state_url is not None)
    _load(store, "full")
    service.create("clients", "Our clients", "tester")
    summary = service.add("clients", SUBJECTS)
    assert summary.added == 4
    assert summary.opened == 2
    return service


def test_adding_subjects_screens_them(watched: WatchService) -> None:
    assert _alerts(watched) == {"C-1": ("6861", "open"), "C-2": ("7004", "open")}
    alert = watched.alerts("clients")[0]
    assert alert.dataset == "ofac-sdn"
    assert alert.programs == ("SDNTK",)
    assert alert.list_version == 1


def test_new_version_rescreens_only_what_changed(store: Store, watched: WatchService) -> None:
    _load(store, "later")
    assert _alerts(watched) == {
        "C-1": ("6861", "open"),
        "C-2": ("7004", "closed"),
        "C-3": ("7007", "open"),
    }
    state = watched.state.list_state("ofac-sdn")
    assert state is not None
    assert state.version == 2
    events = [(e.event, e.alert_id) for e in watched.state.events("clients")]
    by_subject = {a.alert_id: a.subject_id for a in watched.alerts("clients")}
    named = [(event, by_subject[alert]) for event, alert in events]
    # Newest first: the update opened C-3, closed C-2 and updated C-1 (its entry changed).
    assert sorted(named[:3]) == [("closed", "C-2"), ("opened", "C-3"), ("updated", "C-1")]
    closed = next(a for a in watched.alerts("clients") if a.subject_id == "C-2")
    assert closed.list_version == 2


def test_incremental_equals_a_full_rescreen(store: Store, watched: WatchService) -> None:
    _load(store, "later")
    incremental = _alerts(watched)
    report = watched.sync("ofac-sdn", full=True)
    assert report.mode == "full"
    assert (report.opened, report.reopened, report.closed) == (0, 0, 0)
    assert _alerts(watched) == incremental


def test_dismissed_stays_dismissed_until_the_entry_changes(
    store: Store, watched: WatchService
) -> None:
    alert = next(a for a in watched.alerts("clients") if a.subject_id == "C-1")
    with pytest.raises(InvalidInput, match="needs a reason"):
        watched.decide("clients", alert.alert_id, "dismissed", "ana", "  ", "cli")
    watched.decide(
        "clients", alert.alert_id, "dismissed", "ana", "born 1990, not the listed person", "cli"
    )
    watched.sync("ofac-sdn", full=True)  # same entry version: stays dismissed
    assert _alerts(watched)["C-1"] == ("6861", "dismissed")
    held = watched.state.alert(alert.alert_id)
    assert (held.decided_by, held.reason) == ("ana", "born 1990, not the listed person")
    _load(store, "later")  # 6861 changed: reopened
    assert _alerts(watched)["C-1"] == ("6861", "open")
    audited = list(state_for(store).store.audit_rows())[-1]
    assert (audited.actor, audited.dataset) == ("ana", "ofac-sdn")
    assert '"watch_decision": "dismissed"' in audited.queries


def test_confirm_and_unknown_alert(watched: WatchService) -> None:
    alert = watched.alerts("clients")[0]
    confirmed = watched.decide("clients", alert.alert_id, "confirmed", "luis", None, "api")
    assert confirmed.status == "confirmed"
    assert watched.alerts("clients", "confirmed")[0].decided_by == "luis"
    with pytest.raises(NotFound):
        watched.decide("clients", 999_999, "confirmed", "luis", None, "api")
    with pytest.raises(InvalidInput, match="decision"):
        watched.decide("clients", alert.alert_id, "maybe", "luis", None, "api")


def test_portfolio_names_and_duplicates(watched: WatchService) -> None:
    with pytest.raises(InvalidInput, match="exists already"):
        watched.create("clients", None, "tester")
    with pytest.raises(InvalidInput, match="not valid"):
        watched.create("../etc", None, "tester")
    with pytest.raises(NotFound, match="no portfolio"):
        watched.add("nobody", SUBJECTS)
    with pytest.raises(InvalidInput, match="appears twice"):
        watched.add("clients", [SUBJECTS[0], SUBJECTS[0]])


def test_a_replaced_subject_that_no_longer_matches_closes(watched: WatchService) -> None:
    summary = watched.add("clients", [Subject("C-1", "Ana Maria Torres Vega", "individual")])
    assert (summary.added, summary.replaced, summary.closed) == (0, 1, 1)
    assert _alerts(watched)["C-1"] == ("6861", "closed")
