"""POST /api/screen/batch as a job, /api/screen/jobs/{id} and its result; the web status page."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.store import Store
from tests.jobs.conftest import customers_csv


@pytest.fixture
def client(loaded: Store, job_settings: Settings) -> Iterator[TestClient]:
    app = create_app(job_settings, store=loaded, admin_token="test-token")
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _upload(client: TestClient, data: bytes, name: str = "customers.csv", **kw: Any) -> Any:
    return client.post("/api/screen/batch", files={"file": (name, data, "text/csv")}, **kw)


def _finished(client: TestClient, href: str, **kw: Any) -> dict[str, Any]:
    deadline = time.monotonic() + 300
    while True:
        job: dict[str, Any] = client.get(href, **kw).json()
        if job["state"] not in ("queued", "running"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.05)


def test_a_small_file_is_answered_at_once_with_formulas_neutralised(client: TestClient) -> None:
    data = 'name,note\nJoaquín Guzmán Loera,=HYPERLINK("http://x")\nMary Smith,@SUM(A1)\n'
    response = _upload(client, data.encode())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["match"] == "true"
    assert rows[0]["note"] == '\'=HYPERLINK("http://x")'
    assert rows[1]["note"] == "'@SUM(A1)"


def test_a_large_file_is_a_job_with_its_result_for_download(client: TestClient) -> None:
    data = customers_csv(1200)
    accepted = _upload(client, data, name="clientes de señora.csv")
    assert accepted.status_code == 202, accepted.text
    job = accepted.json()
    assert accepted.headers["location"] == f"/api/screen/jobs/{job['id']}"
    assert job["rows_total"] == 1200
    assert job["input_sha256"] == hashlib.sha256(data).hexdigest()
    done = _finished(client, accepted.headers["location"])
    assert done["state"] == "done", done
    assert done["rows_done"] == 1200
    download = client.get(done["result"]["csv"])
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == done["result_sha256"]
    disposition = download.headers["content-disposition"]
    assert "filename*=UTF-8''clientes%20de%20se%C3%B1ora-screened.csv" in disposition
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert len(rows) == 1200
    assert rows[0]["matched_name"] == "GUZMAN LOERA, Joaquin"
    as_json = client.get(done["result"]["json"]).json()
    assert as_json["rows"][6]["customer_id"] == "C6"
    assert as_json["rows"][6]["match"] == "true"
    assert client.get(done["result"]["csv"].replace("csv", "xml")).status_code == 400


@pytest.mark.slow
def test_a_probe_is_answered_while_a_40000_row_job_runs(client: TestClient) -> None:
    """The job runs in a worker process: a request made while it runs is answered while it
    still runs (were the batch screened on the event loop, the upload itself would not have
    answered until every row was done)."""
    accepted = _upload(client, customers_csv(40_000))
    assert accepted.status_code == 202
    href = accepted.headers["location"]
    deadline = time.monotonic() + 300
    while client.get(href).json()["rows_done"] < 1000:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    probes = [client.get("/api/sanctions/programs") for _ in range(5)]
    during = client.get(href).json()
    assert all(p.status_code == 200 for p in probes)
    assert during["state"] == "running"
    assert during["rows_done"] < 40_000
    assert _finished(client, href)["state"] == "done"


@pytest.mark.slow
def test_full_queue_is_a_503_with_retry_after(client: TestClient) -> None:
    first = _upload(client, customers_csv(40_000))
    second = _upload(client, customers_csv(40_000))
    assert (first.status_code, second.status_code) == (202, 202)
    refused = _upload(client, customers_csv(40_000))
    assert refused.status_code == 503
    assert int(refused.headers["retry-after"]) > 0
    assert refused.json()["error"] == "busy"


def test_unknown_or_someone_elses_job_is_404_and_unfinished_is_409(client: TestClient) -> None:
    assert client.get("/api/screen/jobs/nope").status_code == 404
    accepted = _upload(client, customers_csv(40_000), headers={"X-Api-Key": "key-of-ana"})
    href = accepted.headers["location"]
    assert client.get(href, headers={"X-Api-Key": "key-of-ana"}).status_code == 200
    assert client.get(href, headers={"X-Api-Key": "key-of-bob"}).status_code == 404
    early = client.get(href + "/result", headers={"X-Api-Key": "key-of-ana"})
    assert early.status_code == 409
    assert early.json()["error"] == "not_ready"


def test_the_web_form_follows_a_job_to_its_download(client: TestClient) -> None:
    form = client.get("/sanctions/screen/batch")
    assert form.status_code == 200
    posted = client.post(
        "/sanctions/screen/batch",
        files={"file": ("customers.csv", customers_csv(3000))},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    page_url = posted.headers["location"]
    assert page_url.startswith("/sanctions/screen/jobs/")
    page = client.get(page_url)
    assert page.status_code == 200
    html = page.text
    if 'data-state="done"' not in html:
        assert '<progress id="job-progress" max="3000"' in html
        # without JavaScript the page refreshes itself; with it, jobs.js follows the job
        assert '<noscript><meta http-equiv="refresh"' in html
        assert '<script src="/static/js/jobs.js"></script>' in html
        assert "<script>" not in html
    job_href = re.search(r'data-job="([^"]+)"', html)
    assert job_href is not None
    _finished(client, job_href.group(1))
    done = client.get(page_url).text
    assert 'data-state="done"' in done
    assert "refresh" not in done
    link = re.search(r'href="(/api/screen/jobs/[^"]+format=csv)"', done)
    assert link is not None
    download = client.get(link.group(1).replace("&amp;", "&"))
    assert download.status_code == 200
    assert len(list(csv.DictReader(io.StringIO(download.text)))) == 3000
    script = client.get("/static/js/jobs.js")
    assert script.status_code == 200
    assert "data-job" in script.text
