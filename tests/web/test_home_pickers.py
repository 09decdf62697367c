"""The home page's three pickers (screen a name, the wait at my crossing, the advisory for my
state) lead where they say, and a value they cannot lead anywhere (an empty one, a port
without wait times, a state that is not one, as an edited address sends) answers with the
home page again: a 4xx, the line naming the field in the page's language beside it, the
field marked invalid and focused, what was typed kept."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.config import Settings
from puente.store import open_store
from tests.border.waits_support import load_waits_fixture
from tests.sanctions.conftest import load_sdn_fixture
from tests.travel.helpers import load_travel


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder: Path = tmp_path_factory.mktemp("home")
    store = open_store(folder / "puente.duckdb")
    load_waits_fixture(store, folder / "mirror")
    load_travel(store)
    load_sdn_fixture(store)
    app = create_app(Settings(db=folder / "puente.duckdb", mirror=None), store=store)
    with TestClient(app) as client:
        yield client
    store.close()


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert select, name
    return re.findall(r'<option value="([^"]*)"', select.group(0))


def _refusal(page: str, box: str) -> str:
    found = re.search(rf'<p class="error-box" id="{box}" role="alert">(.*?)</p>', page, re.S)
    assert found, f"no #{box} on the page"
    return html.unescape(found.group(1))


def _field(page: str, tag: str, name: str) -> str:
    found = re.search(rf'<{tag} [^>]*name="{name}"[^>]*>', page)
    assert found, name
    return found.group(0)


def test_the_pickers_lead_to_the_page_asked_for(site: TestClient) -> None:
    site.cookies.clear()
    home = site.get("/").text
    assert 'action="/go/screen"' in home
    port = _options(home, "port")[0]
    state = _options(home, "state")[0]
    found = site.get("/go/wait", params={"port": port}, follow_redirects=False)
    assert (found.status_code, found.headers["location"]) == (303, f"/border/waits/{port}")
    assert site.get(found.headers["location"]).status_code == 200
    found = site.get("/go/advisory", params={"state": state}, follow_redirects=False)
    assert (found.status_code, found.headers["location"]) == (303, f"/travel/states/{state}")
    assert site.get(found.headers["location"]).status_code == 200
    # A state by its name, as a person types it (case and accents aside).
    found = site.get("/go/advisory", params={"state": "nuevo leon"}, follow_redirects=False)
    assert found.headers["location"] == "/travel/states/nuevo-leon"
    found = site.get("/go/screen", params={"name": "Guzmán Loera"}, follow_redirects=False)
    assert found.status_code == 303
    assert found.headers["location"] == "/sanctions/screen?name=Guzm%C3%A1n%20Loera"
    screen = site.get(found.headers["location"]).text
    assert 'value="Guzmán Loera"' in screen


# (parameters, status, the field's box, its tag and name, the line in en and es)
REFUSED = [
    (
        "/go/wait?port=9999",
        404,
        "wait-error",
        ("select", "port"),
        "Port of entry: “9999” is not in the list; choose one from it",
        "Puerto de entrada: “9999” no está en la lista; elija uno de ella",
    ),
    (
        "/go/wait?port=",
        400,
        "wait-error",
        ("select", "port"),
        "Port of entry: choose one from the list",
        "Puerto de entrada: elija uno de la lista",
    ),
    (
        "/go/advisory?state=atlantis",
        404,
        "advisory-error",
        ("select", "state"),
        "Mexican state: “atlantis” is not in the list; choose one from it",
        "Estado mexicano: “atlantis” no está en la lista; elija uno de ella",
    ),
    (
        "/go/advisory?state=",
        400,
        "advisory-error",
        ("select", "state"),
        "Mexican state: choose one from the list",
        "Estado mexicano: elija uno de la lista",
    ),
    (
        "/go/screen?name=",
        400,
        "screen-error",
        ("input", "name"),
        "Person or company: the name is empty",
        "Persona o empresa: el nombre está vacío",
    ),
    (
        "/go/screen?name=%20%20%20",
        400,
        "screen-error",
        ("input", "name"),
        "Person or company: the name is empty",
        "Persona o empresa: el nombre está vacío",
    ),
    (
        "/go/screen?name=%21%3F%21",
        400,
        "screen-error",
        ("input", "name"),
        "Person or company: the name has no letters or digits",
        "Persona o empresa: el nombre no tiene letras ni dígitos",
    ),
]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(
    ("url", "status", "box", "field", "english", "spanish"), REFUSED, ids=[r[0] for r in REFUSED]
)
def test_a_refused_pick_shows_the_home_page_again(
    site: TestClient,
    lang: str,
    url: str,
    status: int,
    box: str,
    field: tuple[str, str],
    english: str,
    spanish: str,
) -> None:
    site.cookies.clear()
    answer = site.get(f"{url}&lang={lang}", follow_redirects=False)
    assert answer.status_code == status
    page = answer.text
    assert f'<html lang="{lang}"' in page
    assert 'id="figures"' in page  # the home page itself, not an error page
    assert _refusal(page, box) == (english if lang == "en" else spanish)
    tag = _field(page, *field)
    assert 'aria-invalid="true"' in tag
    assert f'aria-describedby="{box}"' in tag
    assert "autofocus" in tag
    # Only the refused field is marked.
    assert page.count('aria-invalid="true"') == 1
    if field[1] == "name":  # what was typed, back in the box
        typed = parse_qs(urlsplit(url).query, keep_blank_values=True)["name"][0]
        assert f'value="{html.escape(typed)}"' in tag
    else:
        assert _options(page, field[1])  # the list to choose from is there


def test_a_refused_name_is_kept_escaped(site: TestClient) -> None:
    site.cookies.clear()
    typed = '"><script>alert(1)</script>' + "x" * 600
    answer = site.get("/go/screen", params={"name": typed})
    assert answer.status_code == 400
    assert "<script>alert(1)" not in answer.text
    tag = _field(answer.text, "input", "name")
    assert html.unescape(re.search(r'value="([^"]*)"', tag).group(1)) == typed  # type: ignore[union-attr]
    assert "the name is 627 characters long; the limit is 500" in _refusal(
        answer.text, "screen-error"
    )
