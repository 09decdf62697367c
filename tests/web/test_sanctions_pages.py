"""The sanctions pages over TestClient: what they show, their JSON twins, clean 4xx pages."""

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
    with FormClient(app, raise_server_exceptions=False) as client:  # forms carry CSRF tokens
        yield client


def test_list_page_puts_kingpin_mexico_first_and_links_its_twin(web: TestClient) -> None:
    html = web.get("/sanctions").text
    assert html.index("CARTEL DE SINALOA") < html.index("MAR AZUL")
    assert html.index("GUZMAN LOERA, Joaquin") < html.index("PEÑA NUÑEZ")
    assert 'href="/sanctions/entities/6861"' in html
    assert "/api/sanctions/search?" in html
    assert "Kingpin Act (SDNTK) designations" in html


def test_list_page_filters(web: TestClient) -> None:
    html = web.get("/sanctions", params={"program": "SDNT", "country": "CO"}).text
    assert "PEÑA NUÑEZ, José Ángel" in html
    assert "GUZMAN LOERA" not in html
    html = web.get("/sanctions", params={"q": "el chapo"}).text
    assert "alias: EL CHAPO" in html


def test_entity_page_shows_aliases_ids_and_network(web: TestClient) -> None:
    html = web.get("/sanctions/entities/6861").text
    assert "GUZMAN, Chapo" in html
    assert "weak alias" in html
    assert "GULJ570404HSLZRQ02" in html
    assert "Culiacan, Sinaloa" in html
    assert '<svg class="network"' in html
    assert 'href="/sanctions/entities/7000"' in html  # Linked To: CARTEL DE SINALOA
    assert 'href="/sanctions/entities/7005"' in html  # linked from the company
    assert "/api/sanctions/entities/6861" in html


def test_a_link_to_a_name_that_is_no_entry_is_shown_unlinked(web: TestClient) -> None:
    html = web.get("/sanctions/entities/7004").text  # Linked To: EXAMPLE AIR, not on the list
    assert '<svg class="network"' in html
    assert "EXAMPLE AIR" in html
    assert 'href="/sanctions/entities/None"' not in html


def test_screen_form_shows_a_verdict_and_explanation(web: TestClient) -> None:
    assert web.get("/sanctions/screen").status_code == 200
    response = web.post(
        "/sanctions/screen",
        data={"name": "Joaquin Guzman Loera", "birth_date": "1957", "country": "MX"},
    )
    assert response.status_code == 200
    assert 'class="verdict hit"' in response.text
    assert "GUZMAN LOERA, Joaquin" in response.text
    clear = web.post("/sanctions/screen", data={"name": "Mary Smith"})
    assert 'class="verdict clear"' in clear.text


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        ({"name": ""}, "empty"),
        ({"name": "x" * 10_000}, "characters"),
        ({"name": "Ana", "threshold": "high"}, "threshold"),
    ],
)
def test_bad_form_input_is_a_400_page(web: TestClient, data: dict, detail: str) -> None:
    response = web.post("/sanctions/screen", data=data)
    assert response.status_code == 400
    assert "text/html" in response.headers["content-type"]
    assert detail in response.text


def test_batch_upload_returns_a_csv(web: TestClient) -> None:
    assert "CSV file" in web.get("/sanctions/screen/batch").text
    data = "name,ref\nJoaquín Guzmán Loera,7\nMary Smith,8\n".encode()
    response = web.post("/sanctions/screen/batch", files={"file": ("clients.csv", data)})
    assert response.status_code == 200
    assert "clients-screened.csv" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["ref"], r["match"]) for r in rows] == [("7", "true"), ("8", "false")]
    bad = web.post("/sanctions/screen/batch", files={"file": ("x.csv", b"\xff\xfe\x00")})
    assert bad.status_code == 400


def test_unknown_entity_is_a_404_page(web: TestClient) -> None:
    response = web.get("/sanctions/entities/424242")
    assert response.status_code == 404
    assert "no entity 424242" in response.text


def test_nav_links_the_section(web: TestClient) -> None:
    assert 'href="/sanctions"' in web.get("/").text


def test_a_version_without_remarks_says_what_it_lacks(store: Store, settings: Settings) -> None:
    load_sdn_fixture(store, "derived")
    with TestClient(create_app(settings, store=store)) as client:
        html = client.get("/sanctions").text
        data = client.get("/api/sanctions/search").json()
    assert 'id="lacks"' in html
    assert "Remarks (birth dates" in html
    assert any("Remarks" in lack for lack in data["lacks"])


def test_diff_page_lists_what_changed(web: TestClient, store: Store) -> None:
    # the "What changed" link on /sanctions works with one version: it says why there is no diff
    assert 'href="/sanctions/diff"' in web.get("/sanctions").text
    single = web.get("/sanctions/diff")
    assert single.status_code == 200
    assert "Only one version of the list is kept (version 1" in single.text
    assert "puente ingest ofac-sdn" in single.text
    load_sdn_fixture(store, "later")
    html = web.get("/sanctions/diff").text
    assert "between version 1 and version 2" in html
    assert "LOS CHAPITOS" in html  # added
    assert "EP-ABC" in html  # removed
    assert "+ILLICIT-DRUGS-EO14059" in html
    assert "Calle Verdadera 456" in html
    assert "/api/sanctions/diff?old=1&amp;new=2" in html


def test_entity_page_footer_shows_the_app_version_not_the_list_version(web: TestClient) -> None:
    from puente import __version__

    html = web.get("/sanctions/entities/6861").text
    footer = html[html.index("<footer") :]
    assert f"Puente {__version__}:" in footer
    assert "{'dataset'" not in html
    assert "{&#39;dataset&#39;" not in html


def test_paging_cannot_run_past_the_end(web: TestClient) -> None:
    first = web.get("/sanctions").text
    pages = int(re.search(r"Page 1 of (\d+)", first).group(1))
    past = web.get("/sanctions", params={"q": "a", "page": 999}, follow_redirects=False)
    assert past.status_code == 302
    last = web.get("/sanctions", params={"q": "a", "page": 999})
    assert last.status_code == 200
    shown = re.search(r"Page (\d+) of (\d+)", last.text)
    assert shown.group(1) == shown.group(2)
    assert "q=a" in str(last.url)
    assert f"Page {pages} of {pages}" in web.get("/sanctions", params={"page": 999}).text


def test_a_decimal_comma_threshold_is_accepted(web: TestClient) -> None:
    comma = web.post("/sanctions/screen", data={"name": "Joaquin Guzman Loera", "threshold": "0,7"})
    assert comma.status_code == 200
    assert 'class="verdict hit"' in comma.text
    assert "at threshold 0.70" in comma.text


@pytest.mark.parametrize(
    ("data", "field", "detail"),
    [
        ({"birth_date": "04/31/57"}, "birth_date", "Date or year of birth: “04/31/57” is not"),
        ({"birth_date": "1957-13-01"}, "birth_date", "the month of “1957-13-01” is out of range"),
        ({"country": "Atlantis"}, "country", "Country: “Atlantis” is not a known country"),
        ({"threshold": "abc"}, "threshold", "Threshold: “abc” is not a number"),
        ({"threshold": "7"}, "threshold", "Threshold: 7.0 is not from 0 to 1"),
        ({"id_number": "7" * 65}, "id_number", "ID number: the number is 65 characters long"),
    ],
)
def test_form_errors_show_inline_and_keep_what_was_typed(
    web: TestClient, data: dict, field: str, detail: str
) -> None:
    typed = {"name": "Joaquin Guzman", "id_number": "GULJ570404", "country": "MX", **data}
    response = web.post("/sanctions/screen", data=typed)
    assert response.status_code == 400
    html = response.text
    assert 'id="screen-form"' in html  # the form again, not a bare error page
    assert re.search(r'<div class="error-box" role="alert" id="form-error">[^<]*' + detail, html)
    assert re.search(rf'name="{field}" aria-invalid="true"', html)
    for name, value in typed.items():
        assert re.search(rf'name="{name}"[^>]*value="{re.escape(value)}"', html), name
    assert 'id="verdict"' not in html


@pytest.mark.parametrize(
    ("data", "field", "detail"),
    [
        ({"birth_date": "04/31/57"}, "birth_date", "Fecha o año de nacimiento: “04/31/57” no es"),
        ({"country": "Atlantis"}, "country", "País: “Atlantis” no es un país conocido"),
        ({"threshold": "abc"}, "threshold", "Umbral: “abc” no es un número"),
        ({"id_number": "7" * 65}, "id_number", "el número tiene 65 caracteres; el límite es 64"),
    ],
)
def test_form_errors_in_spanish_name_the_field_by_its_label(
    web: TestClient, data: dict, field: str, detail: str
) -> None:
    typed = {"name": "Joaquín Guzmán", **data}
    response = web.post("/sanctions/screen?lang=es", data=typed)
    assert response.status_code == 400
    box = re.search(r'id="form-error">([^<]*)<', response.text)
    assert box is not None
    assert detail in box.group(1)
    assert field not in box.group(1)  # the label, never the field's code name
    assert re.search(rf'name="{field}" aria-invalid="true"', response.text)


def test_every_form_error_has_a_spanish_message() -> None:
    from puente.web.formerrors import LABELS, MESSAGES
    from puente.web.rendering import translations

    spanish = translations("es")
    for message in (*MESSAGES, *LABELS.values()):
        assert spanish.gettext(message) != message, message
