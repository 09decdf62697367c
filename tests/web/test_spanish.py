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


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("es-MX", "es"),
        ("es", "es"),
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("en-US,en;q=0.9,es;q=0.5", "en"),
        ("fr-FR,es;q=0.4", "es"),
        ("es;q=0,en;q=0.2", "en"),
        ("de-DE", "en"),
    ],
)
def test_accept_language_picks_the_language(site: TestClient, header: str, lang: str) -> None:
    site.cookies.clear()
    response = site.get("/travel", headers={"Accept-Language": header})
    assert f'<html lang="{lang}">' in response.text
    assert ("Nivel de alerta por estado" in response.text) == (lang == "es")


def test_cookie_and_parameter_win_over_accept_language(site: TestClient) -> None:
    site.cookies.clear()
    asked = site.get("/travel", params={"lang": "en"}, headers={"Accept-Language": "es-MX"})
    assert '<html lang="en">' in asked.text
    # the lang cookie set just now still says English
    later = site.get("/travel", headers={"Accept-Language": "es-MX"})
    assert '<html lang="en">' in later.text
    site.cookies.clear()


def _switch(page: str) -> dict[str, str]:
    span = page[page.index('<span class="lang">') :]
    span = span[: span.index("</span>")]
    return {
        m.group(2): m.group(0)
        for m in re.finditer(r'<a href="([^"]*)" hreflang="(\w+)"[^>]*>', span)
    }


def test_language_switch_keeps_path_and_query_and_marks_the_active_one(
    site: TestClient,
) -> None:
    site.cookies.clear()
    page = site.get("/sanctions", params={"q": "guzman", "type": "individual", "lang": "es"})
    links = _switch(page.text)
    english = htmllib.unescape(re.search(r'href="([^"]*)"', links["en"]).group(1))
    spanish = htmllib.unescape(re.search(r'href="([^"]*)"', links["es"]).group(1))
    assert english == "/sanctions?q=guzman&type=individual&lang=en"
    assert spanish == "/sanctions?q=guzman&type=individual&lang=es"
    assert 'aria-current="true"' in links["es"]
    assert 'class="active"' in links["es"]
    assert "aria-current" not in links["en"]
    followed = site.get(english)
    assert '<html lang="en">' in followed.text
    assert "GUZMAN LOERA" in followed.text
    assert 'aria-current="true"' in _switch(followed.text)["en"]
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


# Every page a reader reaches from the home page, read in Spanish: a line that still carries
# English function words is English text the catalog or data.json has not rendered. Text kept
# in English on purpose (official program names, source citations) is marked lang="en".
ENGLISH_WORDS = re.compile(
    r"\b(the|and|of|with|from|by|under|only|any|is|are|was|were|has|have|this|that|for|to)\b"
)
# Proper names published in English and kept as published (the Spanish gloss beside them).
PROPER_NAMES = (
    "Specially Designated Nationals and Blocked Persons List",
    "Foreign Narcotics Kingpin Designation Act",
    "Border Crossing Entry Data",
    "Study of the U.S. Institutes",
    "Bridge of the Americas",
    "Partners of the Americas",
)
EXTRA_PAGES = ("/highlights", "/datasets", "/security", "/border/ports/2504")


def _english_lines(page: str) -> list[str]:
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    body = re.sub(r'(?s)<(\w+)\b[^>]*\blang="en"[^>]*>.*?</\1>', " ", body)
    lines = htmllib.unescape(re.sub(r"<[^>]+>", "\n", body)).splitlines()
    found = []
    for line in lines:
        words = re.sub(r"\S*(://|_|/)\S*", " ", line)  # URLs, paths and identifiers
        for name in PROPER_NAMES:
            words = words.replace(name, " ")
        if len(ENGLISH_WORDS.findall(words)) >= 2:
            found.append(line.strip())
    return found


def _linked_pages(site: TestClient) -> list[str]:
    home = site.get("/", params={"lang": "es"}).text
    linked = {h.split("?")[0].split("#")[0] for h in re.findall(r'href="(/[^"]*)"', home)}
    pages = {"/", *(s.path for s in SECTIONS), *EXTRA_PAGES, *linked}
    return sorted(p for p in pages if p and not p.startswith(("/api", "/static", "/assets")))


def test_english_line_detector_finds_english() -> None:
    page = "<p>Pedestrian-only. Closed temporarily in Dec 2023 and reopened with the bridge.</p>"
    assert _english_lines(page) == [
        "Pedestrian-only. Closed temporarily in Dec 2023 and reopened with the bridge."
    ]
    assert _english_lines('<p>Fronteras y puertos</p><a lang="en">Fund of the Americas</a>') == []


def test_every_linked_page_reads_in_spanish(site: TestClient) -> None:
    site.cookies.clear()
    english: dict[str, list[str]] = {}
    pages = _linked_pages(site)
    assert len(pages) >= 12
    for url in pages:
        response = site.get(url, params={"lang": "es"})
        if response.headers["content-type"].startswith("text/html"):
            lines = _english_lines(response.text)
            if lines:
                english[url] = lines
    assert english == {}, json.dumps(english, ensure_ascii=False, indent=1)


def _program_rows() -> list[dict[str, str]]:
    import csv
    from importlib import resources

    text = resources.files("puente.exchanges").joinpath("data", "exchange_programs.csv")
    return list(csv.DictReader(text.read_text("utf-8").splitlines()))


PROGRAM_FIELDS = (
    "sponsor",
    "implementer",
    "direction",
    "audience",
    "eligibility",
    "age_basis",
    "duration",
    "scale",
    "mexico_notes",
)


@pytest.mark.parametrize("row", _program_rows(), ids=lambda r: r["slug"])
def test_every_program_page_reads_in_spanish(site: TestClient, row: dict[str, str]) -> None:
    """Each /exchanges/<slug> page: no English line but the program's name and its source
    citation (kept as published, marked lang="en"); every field the file fills is Spanish."""
    site.cookies.clear()
    url = f"/exchanges/{row['slug']}"
    response = site.get(url, params={"lang": "es"})
    assert response.status_code == 200
    assert _english_lines(response.text) == [], url
    text = _text(response.text)
    from markupsafe import escape

    from puente.web.datatext import data_texts

    spanish = data_texts("es")["exchange-programs"][row["slug"]]
    for field in PROGRAM_FIELDS:
        if row[field]:
            assert spanish[field] in text, (url, field)
        if spanish.get(field, row[field]) != row[field] and len(row[field]) > 30:
            assert row[field] not in text, (url, field)
    assert f'<small lang="en">{escape(row["source"])}</small>' in response.text
    site.cookies.clear()
    english = _text(site.get(url).text)
    assert row["sponsor"] in english
    assert row["direction"] in english


@pytest.mark.parametrize(
    ("url", "english", "spanish"),
    [
        (
            "/exchanges/afcp",
            "Proposals through the U.S. Embassy; project size US$10,000-500,000",
            "Propuestas a través de la Embajada de EE. UU.; proyectos de US$10,000 a 500,000",
        ),
        ("/trade", "U.S. goods trade deficit with Mexico", "Déficit comercial de bienes"),
        ("/exchanges", "Business and social entrepreneurs", "Emprendedores de negocios"),
        (
            "/datasets",
            "U.S. Department of the Treasury, Office of Foreign Assets Control",
            "Departamento del Tesoro de EE. UU., Oficina de Control de Activos Extranjeros",
        ),
        ("/highlights", "broke ground on a new U.S. Consulate", "colocó la primera piedra"),
        ("/border/ports/2504", "Pedestrian-only (PedWest).", "Solo peatonal (PedWest)."),
    ],
)
def test_data_text_is_spanish_and_english_is_unchanged(
    site: TestClient, url: str, english: str, spanish: str
) -> None:
    site.cookies.clear()
    assert english in _text(site.get(url).text)
    site.cookies.clear()
    text = _text(site.get(url, params={"lang": "es"}).text)
    assert spanish in text
    assert english not in text


def test_every_data_text_has_a_spanish_rendering() -> None:
    """Each record the data files ship (by its stable id) has Spanish for what pages show."""
    import csv
    from importlib import resources

    from puente.highlights.items import seed_items
    from puente.ingest.registry import all_sources
    from puente.web.datatext import data_texts, fact_key

    def rows(package: str, name: str) -> list[dict[str, str]]:
        text = resources.files(package).joinpath("data", name).read_text("utf-8")
        return list(csv.DictReader(text.splitlines()))

    spanish = data_texts("es")
    wanted = {("datasets", n, f) for n in all_sources() for f in ("title", "publisher")}
    wanted |= {
        ("facts", fact_key(r["topic"], r["metric"]), "metric")
        for r in rows("puente.trade", "bilateral_facts.csv")
    }
    wanted |= {
        ("port-notes", r["crossing"], "notes")
        for r in rows("puente.border", "port_crossings.csv")
        if r["notes"]
    }
    wanted |= {("news", i["uid"], f) for i in seed_items() for f in ("title", "summary")}
    wanted |= {
        ("exchange-programs", r["slug"], f) for r in _program_rows() for f in PROGRAM_FIELDS if r[f]
    }
    missing = sorted(w for w in wanted if not spanish.get(w[0], {}).get(w[1], {}).get(w[2]))
    assert missing == []
    # and no rendering is left behind for an id the data files no longer have
    kept = {(k, i) for k, ids in spanish.items() for i in ids}
    assert kept - {(w[0], w[1]) for w in wanted} == set()


def test_age_is_edad_on_the_exchanges_form_and_antiguedad_for_a_reading(
    site: TestClient,
) -> None:
    site.cookies.clear()
    form = site.get("/exchanges", params={"lang": "es"}).text
    assert re.search(r"<label>\s*Edad\s*<input name=\"age\"", form)
    refused = site.get("/exchanges", params={"age": "-3", "lang": "es"})
    assert refused.status_code == 400  # the retry form names the field the same way
    assert "Edad: “-3”" in _text(refused.text)
    assert "Antigüedad" not in _text(refused.text)
    # the age of a wait reading keeps its word
    assert load_catalog("es").gettext("Age") == "Antigüedad"
    site.cookies.clear()
    assert re.search(r"<label>\s*Age\s*<input name=\"age\"", site.get("/exchanges").text)


def _program_links(page: str) -> dict[str, tuple[str | None, str]]:
    """slug -> (the link's lang attribute or None, its text) in the /exchanges table."""
    found = re.findall(r'<a href="/exchanges/([a-z0-9-]+)"(?: lang="(\w+)")?>([^<]*)</a>', page)
    return {slug: (lang or None, htmllib.unescape(text)) for slug, lang, text in found}


def test_exchanges_list_marks_only_english_names_as_english(site: TestClient) -> None:
    """On the Spanish list a program's name is marked lang="en" only when it is the English
    name as published; a name the sponsor publishes in Spanish (data.json's "program") is
    shown as that name, unmarked. The English list marks none (the page is English)."""
    from puente.web.datatext import data_texts

    spanish_names = {
        slug: fields["program"]
        for slug, fields in data_texts("es")["exchange-programs"].items()
        if fields.get("program")
    }
    assert "jovenes-en-accion" in spanish_names  # the data holds Spanish names to test with
    rows = {r["slug"]: r["program"] for r in _program_rows()}
    site.cookies.clear()
    links = _program_links(site.get("/exchanges", params={"lang": "es"}).text)
    assert set(links) == set(rows)
    for slug, (lang, text) in links.items():
        if slug in spanish_names:
            assert (lang, text) == (None, spanish_names[slug]), slug
        else:
            assert (lang, text) == ("en", rows[slug]), slug
    site.cookies.clear()
    english = _program_links(site.get("/exchanges").text)
    assert english == {slug: (None, name) for slug, name in rows.items()}
