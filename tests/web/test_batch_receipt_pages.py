"""The batch page's error paths (the form again, as typed, with the reason in the reader's
language) and the screening receipt (who, when, list versions, query, answer, chain hash)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.store import Store
from tests.sanctions.conftest import load_sdn_fixture
from tests.web.forms import FormClient


@pytest.fixture
def web(store: Store, settings: Settings) -> Iterator[TestClient]:
    load_sdn_fixture(store)
    app = create_app(settings, store=store)
    with FormClient(app, raise_server_exceptions=False) as client:
        yield client


def _send(web: TestClient, data: bytes, lang: str = "en", **form: object):
    fields = {"threshold": "0,8", "lists": ["ofac-sdn"], **form}
    return web.post(
        f"/sanctions/screen/batch?lang={lang}",
        files={"file": ("clientes.csv", data, "text/csv")},
        data=fields,
    )


@pytest.mark.parametrize(
    ("data", "english", "spanish"),
    [
        (b"", "clientes.csv is empty", "clientes.csv está vacío"),
        (b"name;country\r\n", "has a header row (line 1) but no rows", "ninguna fila debajo"),
        (
            b"cliente;pais\r\nAna;MX\r\n",
            "line 1: no name column; found the columns &#39;cliente&#39;, &#39;pais&#39;",
            "línea 1: no hay columna de nombre; se encontraron las columnas",
        ),
        (b"name\nAna\x00\n", "line 2: the file holds NUL bytes", "línea 2: el archivo contiene"),
    ],
)
def test_a_refused_file_gives_the_form_again_with_the_reason(
    web: TestClient, data: bytes, english: str, spanish: str
) -> None:
    response = _send(web, data)
    assert response.status_code == 400
    html = response.text
    assert 'id="form-error"' in html
    assert english in html
    assert 'id="batch-form"' in html  # the form, not the bare error page
    assert 'value="0,8"' in html  # the threshold as typed
    assert re.search(r'value="ofac-sdn" checked', html)  # the list as ticked
    assert "Last file sent: clientes.csv" in html
    es = _send(web, data, lang="es")
    assert es.status_code == 400
    assert spanish in es.text


def test_a_bad_threshold_keeps_the_form(web: TestClient) -> None:
    response = _send(web, b"name\nAna\n", threshold="abc")
    assert response.status_code == 400
    assert 'value="abc"' in response.text
    assert 'name="threshold" value="abc" size="5" aria-invalid="true"' in response.text


def test_a_windows_1252_file_is_screened(web: TestClient) -> None:
    data = "nombre;país\r\nJoaquín Guzmán Loera;México\r\nPeña;Costa de Marfil\r\n".encode("cp1252")
    response = _send(web, data, lists=[])
    assert response.status_code == 200, response.text
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["nombre"] == "Joaquín Guzmán Loera"
    assert rows[0]["match"] == "true"
    assert rows[0]["list"] == "ofac-sdn"
    assert rows[-1]["país"] == "Costa de Marfil"
    assert rows[-1]["warnings"] == ""


def test_the_receipt_page_shows_who_when_lists_query_result_and_hash(web: TestClient) -> None:
    page = web.post(
        "/sanctions/screen", data={"name": "Joaquin Guzman Loera", "birth_date": "1957"}
    )
    found = re.search(r'href="/sanctions/screen/receipt/(\d+)"', page.text)
    assert found, "the screening result links its receipt"
    receipt = web.get(f"/sanctions/screen/receipt/{found.group(1)}")
    assert receipt.status_code == 200
    html = receipt.text
    assert "anonymous-local" in html
    assert "OFAC SDN version 1" in html
    assert "Joaquin Guzman Loera" in html
    assert "GUZMAN LOERA, Joaquin" in html
    assert "The hash is the server&#39;s keyed HMAC of this record as stored." in html
    twin = web.get(f"/api/screen/receipts/{found.group(1)}").json()
    assert twin["hash"] in html
    assert twin["lists"][0] == {"dataset": "ofac-sdn", "version": 1, "sha256": twin["list_sha256"]}
    assert "@media print" in web.get("/static/css/sanctions.css").text
    assert web.get("/sanctions/screen/receipt/999999").status_code == 404
