"""The screening answers are sent as their dataclasses' JSON (no validation pass on the hot
path): their declared schemas must name the same fields, in the same order, or a client
generated from /openapi.json would read a different answer from the one it gets."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from puente.api.jobs import JobResponse
from puente.api.models.screening import ScreeningReceipt, ScreenResult
from puente.api.models.watch import Alert, Event, Reports, RescreenReport
from puente.jobs import Job
from puente.sanctions.receipts import ListUsed, Receipt
from puente.sanctions.screened import ScreeningAnswer
from puente.watch.service import AddReport, SyncReport
from puente.watch.state import Alert as AlertRecord
from puente.watch.state import Event as EventRecord

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def test_the_screening_answer_is_what_its_schema_says() -> None:
    ref = {"dataset": "ofac-sdn", "version": 2}
    answer = ScreeningAnswer(ref, [ref], ["ofac-sdn"], 0.8, [], 7)
    assert list(answer.as_dict()) == list(ScreenResult.model_fields)
    assert [f.name for f in dataclasses.fields(ScreeningAnswer)] == list(ScreenResult.model_fields)
    assert ScreeningAnswer.from_dict(answer.as_dict()) == answer


def test_a_receipt_is_what_its_schema_says() -> None:
    receipt = Receipt(
        1, NOW, "user:a", "api", 0.8, (ListUsed("ofac-sdn", 2, "ab"),), "ab",
        [{"name": "X"}], [{"matches": []}], 1, 0, "h", "p", "hmac-v1", True,
    )  # fmt: skip
    sent = receipt.as_dict()
    assert list(sent) == list(ScreeningReceipt.model_fields)
    assert ScreeningReceipt.model_validate(sent).model_dump() == sent


def test_a_job_is_what_its_schema_says() -> None:
    job = Job("j1", "done", "user:a", "api", "n.csv", 0.8, 2, "abc", NOW, rows_done=2)
    shown = JobResponse.of(job).model_dump()
    assert "actor" not in shown  # who asked is the audit log's, not the job's answer
    assert shown["result"] == {
        "csv": "/api/screen/jobs/j1/result?format=csv",
        "json": "/api/screen/jobs/j1/result?format=json",
    }
    assert shown["created_at"] == NOW.isoformat()


def test_watch_answers_are_what_their_schemas_say() -> None:
    alert = AlertRecord(
        1, "clients", "c1", "ofac-sdn", "101", "d", 2, "PEREZ LOPEZ, Juan", "PEREZ LOPEZ, Juan",
        ("SDNTK",), 1.0, "exact", "open", NOW, NOW,
    )  # fmt: skip
    assert set(Alert.of(alert).model_dump()) == set(alert.as_dict())
    event = EventRecord(3, 1, "clients", NOW, "opened", "open", "system", None, 2)
    assert Event.of(event).model_dump() == event.as_dict()
    add = AddReport("clients", 2, 1, opened=1)
    assert Reports.of(add).model_dump() == add.as_dict()
    sync = SyncReport("ofac-sdn", 2, "full", subjects_screened=3)
    assert RescreenReport.of(sync).model_dump() == sync.as_dict()
