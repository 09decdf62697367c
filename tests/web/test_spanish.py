"""The Spanish (Mexico) catalog: complete for every extracted string, placeholders intact, and
the pages a reader opens with ?lang=es (or the lang cookie) read in Spanish."""

from __future__ import annotations

import html as htmllib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from fastapi.testclient import TestClient

from puente.api import create_app
from puente.border.lanes import LANE_LABELS, TYPE_LABELS, WEEKDAYS
from puente.border.sources import MEASURES
from puente.config import Settings
from puente.exchanges.sources import AUDIENCES, DIRECTIONS
from puente.store import Store, open_store
from puente.travel.entry import ENTRY_LABELS
from puente.travel.sources import LEVELS
from puente.web.nav import SECTIONS
from puente.web.rendering import LOCALE_DIR, load_catalog
from tests.border.waits_support import load_waits_fixture
from tests.conftest import ROOT, load_border_fixture, load_geometry
from tests.sanctions.conftest import load_sdn_fixture
from tests.trade.support import census_rows, load_trade_fixtures, write_country_xlsx
from tests.travel.helpers import load_travel

SPANISH_PO = LOCALE_DIR / "es" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _read(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """A template extracted now, exactly as `make messages` does (babel.cfg at the root)."""
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        CommandLineInterface().run(
            ["pybabel", "-q", "extract", "-F", "babel.cfg", "-o", str(out), "."]
        )
    finally:
        os.chdir(cwd)
    return _read(out)


def _ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {m.id for m in catalog if m.id}


def test_committed_template_is_current(extracted: Catalog) -> None:
    committed = _read(LOCALE_DIR / "messages.pot")
    assert _ids(committed) == _ids(extracted), "run `make messages-update`"


def test_every_message_has_a_spanish_translation(extracted: Catalog) -> None:
    spanish = _read(SPANISH_PO)
    untranslated = [
        m.id
        for m in (spanish.get(key) for key in _ids(extracted))
        if m is None or m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    assert untranslated == []
    assert len(_ids(extracted)) > 500


def test_placeholders_match_their_msgid() -> None:
    for message in _read(SPANISH_PO):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            assert found == wanted, f"{ids[0]!r} -> {text!r}"
            # a literal % (as in "Share (%)") stays a literal, never a broken placeholder
            assert PLACEHOLDER.sub("", text).count("%") == PLACEHOLDER.sub("", ids[0]).count("%"), (
                text
            )
    errors = [(m.id, e) for m, e in _read(SPANISH_PO).check()]
    assert errors == []


@pytest.mark.parametrize(
    ("vocabulary", "what"),
    [
        (MEASURES, "BTS measures"),
        ([s.title for s in SECTIONS] + [s.blurb for s in SECTIONS], "nav sections"),
        (list(LANE_LABELS.values()) + list(TYPE_LABELS.values()), "wait-time lanes"),
        (WEEKDAYS, "weekdays"),
        (list(LEVELS.values()), "advisory levels"),
        (list(ENTRY_LABELS.values()), "entry requirements"),
        (list(DIRECTIONS.values()) + list(AUDIENCES), "exchanges choices"),
    ],
)
def test_data_shown_through_gettext_is_translated(vocabulary: list[str], what: str) -> None:
    """Values that reach `_()` as data (not extracted from templates) are in the catalog."""
    spanish = load_catalog("es")
    untranslated = [v for v in vocabulary if spanish.gettext(v) == v and v not in _SAME]
    assert untranslated == [], what


_SAME = {"Ready Lane", "SENTRI/NEXUS", "FAST"}  # program names stay as they are


def test_missing_catalog_falls_back_to_english() -> None:
    assert load_catalog("xx").gettext("Border") == "Border"
    assert load_catalog("es").gettext("a string nobody translated") == (
        "a string nobody translated"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One store with the fixtures of every section."""
    tmp = tmp_path_factory.mktemp("site")
    store: Store = open_store(tmp / "puente.duckdb")
    load_border_fixture(store)
    load_geometry(store)
    load_travel(store)
    load_waits_fixture(store, tmp / "mirror")
    load_trade_fixtures(store, write_country_xlsx(tmp / "country.xlsx", census_rows()))
    load_sdn_fixture(store)
    app = create_app(Settings(db=tmp / "puente.duckdb", mirror=None), store=store)
    with TestClient(app) as client:
        yield client
    store.close()


PAGES = [
    ("/", ["La relación entre Estados Unidos y México, desde los datos", "Frontera"]),
    ("/border", ["La frontera entre Estados Unidos y México en", "Peatones", "Puerto"]),
    ("/trade", ["Comercio de bienes de EE. UU. con México", "comercio bilateral", "Canadá"]),
    ("/sanctions", ["Sanciones: la lista SDN de la OFAC", "persona física", "Ley Kingpin"]),
    ("/travel", ["Nivel de alerta por estado", "Embajada y consulados"]),
    ("/exchanges", ["Programas de intercambio entre Estados Unidos y México", "Dirigido a"]),
    ("/border/waits", ["Tiempos de espera en la frontera y la mejor hora para cruzar"]),
    ("/border/waits/2504", ["Mejor hora para cruzar", "Esperas más cortas", "lunes"]),
]
ENGLISH = {
    "/": "The U.S.–Mexico relationship, from the data",
    "/border": "The U.S.–Mexico border in",
    "/trade": "U.S. trade in goods with",
    "/sanctions": "Sanctions: the OFAC SDN list",
    "/travel": "Advisory level by state",
    "/exchanges": "U.S.–Mexico exchange programs",
    "/border/waits": "Border wait times and the best time to cross",
    "/border/waits/2504": "Best time to cross",
}


def _text(page: str) -> str:
    body = re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize(("url", "headings"), PAGES)
def test_page_reads_in_spanish(site: TestClient, url: str, headings: list[str]) -> None:
    response = site.get(url, params={"lang": "es"})
    assert response.status_code == 200
    assert '<html lang="es">' in response.text
    text = _text(response.text)
    for heading in headings:
        assert heading in text
    assert ENGLISH[url] not in text


@pytest.mark.parametrize("url", list(ENGLISH))
def test_page_stays_english_by_default(site: TestClient, url: str) -> None:
    site.cookies.clear()
    response = site.get(url)
    assert '<html lang="en">' in response.text
    assert ENGLISH[url] in _text(response.text)
    spanish = dict(PAGES)[url][0]
    assert spanish not in _text(response.text)


def test_lang_cookie_keeps_the_choice(site: TestClient) -> None:
    site.cookies.clear()
    first = site.get("/", params={"lang": "es"})
    assert first.cookies.get("lang") == "es"
    later = site.get("/travel")  # no ?lang: the cookie decides
    assert '<html lang="es">' in later.text
    assert "Nivel de alerta por estado" in later.text
    back = site.get("/travel", params={"lang": "en"})
    assert "Advisory level by state" in back.text
    assert '<html lang="en">' in site.get("/").text
    site.cookies.clear()


def test_numbers_are_formatted_the_mexican_way(site: TestClient) -> None:
    site.cookies.clear()
    summary = site.get("/api/border/summary", params={"year": 2024}).json()
    ports = summary["top_ports"]
    big = next(p["people"] for p in ports if p["people"] >= 10_000)
    spanish = _text(site.get("/border", params={"year": 2024, "lang": "es"}).text)
    english = _text(site.get("/border", params={"year": 2024, "lang": "en"}).text)
    assert format_decimal(big, format="#,##0", locale="es_MX") in spanish
    assert f"{big:,}" in spanish  # 121,038: Mexico groups thousands with a comma
    assert f"{big:,}".replace(",", ".") not in spanish  # not Spain's 121.038
    assert f"{big:,}" in english
    share = re.search(r"\d+\.\d\s?%", spanish)  # and writes a decimal point
    assert share is not None


def _specs(page: str) -> list[dict]:
    return [json.loads(htmllib.unescape(s)) for s in re.findall(r'data-vl-spec="([^"]+)"', page)]


def test_chart_text_and_calendar_names_follow_the_language(site: TestClient) -> None:
    border = _specs(site.get("/border", params={"year": 2024, "lang": "es"}).text)
    season = border[-1]
    assert season["encoding"]["x"]["title"] == "Mes"
    assert [r["month"] for r in season["data"]["values"]][:3] == ["ene", "feb", "mar"]
    assert border[0]["encoding"]["x"]["title"] == "Año"
    waits = _specs(site.get("/border/waits/2504", params={"lang": "es"}).text)[0]
    assert waits["encoding"]["y"]["sort"] == [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ]
    assert {"day": "domingo", "hour": 17, "minutes": 115.0} in waits["data"]["values"]
    assert waits["encoding"]["color"]["title"] == "Espera promedio (min)"
    trade = _specs(site.get("/trade", params={"lang": "es"}).text)[0]
    assert {r["flow"] for r in trade["data"]["values"]} == {
        "Exportaciones",
        "Importaciones",
        "Bilateral",
    }
    english = _specs(site.get("/border", params={"year": 2024, "lang": "en"}).text)[-1]
    assert english["encoding"]["x"]["title"] == "Month"
    assert [r["month"] for r in english["data"]["values"]][:3] == ["Jan", "Feb", "Mar"]


def test_advisory_map_labels_in_spanish(site: TestClient) -> None:
    spec = _specs(site.get("/travel", params={"lang": "es"}).text)[0]
    labels = {r["level_label"] for r in spec["transform"][0]["from"]["data"]["values"]}
    assert labels <= {
        "Tome las precauciones normales",
        "Tome mayores precauciones",
        "Reconsidere su viaje",
        "No viaje",
    }
    assert labels
    assert spec["encoding"]["color"]["title"] == "Nivel de alerta"
