"""A portfolio feed's entry ids come from the events' stable keys, never from the database's
row numbers: the same history written into two fresh stores gives the same ids."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from puente.store import open_store
from puente.watch.notify import atom_feed
from puente.watch.state import Alert, AlertWrite, DuckDbWatchState

NS = {"a": "http://www.w3.org/2005/Atom"}
T0 = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
T1 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _alert(portfolio: str, subject: str, entity: str, at: datetime) -> Alert:
    return Alert(
        alert_id=0,
        portfolio=portfolio,
        subject_id=subject,
        dataset="ofac-sdn",
        entity_id=entity,
        entry_digest="d" * 64,
        list_version=1,
        matched_name="GUZMAN LOERA, Joaquin",
        primary_name="GUZMAN LOERA, Joaquin",
        programs=("SDNTK",),
        score=0.97,
        explanation="name",
        status="open",
        created_at=at,
        updated_at=at,
    )


def _history(state: DuckDbWatchState) -> None:
    state.create_portfolio("clients", None, "tester")
    opened = state.write_alerts(
        [
            AlertWrite(_alert("clients", "C-1", "12345", T0), "opened", "screening", new=True),
            AlertWrite(_alert("clients", "C:2 x", "777", T0), "opened", "screening", new=True),
        ],
        1,
    )
    first = next(a for a in state.alerts("clients") if a.alert_id == opened[0].alert_id)
    confirmed = replace(first, status="confirmed", updated_at=T1, decided_by="analyst")
    state.write_alerts([AlertWrite(confirmed, "confirmed", "analyst")], None)


def _ids(state: DuckDbWatchState) -> list[str]:
    alerts = {a.alert_id: a for a in state.alerts("clients")}
    root = ET.fromstring(atom_feed("clients", state.events("clients"), alerts, "http://h"))
    return [e.findtext("a:id", namespaces=NS, default="") for e in root.findall("a:entry", NS)]


def test_same_events_in_two_fresh_stores_give_the_same_ids(tmp_path: Path) -> None:
    first = open_store(tmp_path / "a.duckdb")
    second = open_store(tmp_path / "b.duckdb")
    try:
        a, b = DuckDbWatchState(first), DuckDbWatchState(second)
        # the second store has used row numbers before: another portfolio's alert and event
        b.create_portfolio("others", None, "tester")
        b.write_alerts([AlertWrite(_alert("others", "O-1", "1", T0), "opened", "x", new=True)], 1)
        _history(a)
        _history(b)
        assert [e.event_id for e in a.events("clients")] != [
            e.event_id for e in b.events("clients")
        ]
        ids = _ids(a)
        assert ids == _ids(b)
        assert len(ids) == 3
        assert len(set(ids)) == 3  # one id per entry
        assert (
            ids[0]
            == "urn:puente:watch:clients:C-1:ofac-sdn:12345:confirmed:20260302T093000.000000Z"
        )
        assert (
            "urn:puente:watch:clients:C%3A2%20x:ofac-sdn:777:opened:20260301T120000.123456Z" in ids
        )
        assert not any(":event:" in i or "http" in i for i in ids)
    finally:
        first.close()
        second.close()
