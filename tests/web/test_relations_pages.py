"""Pages /relations and /highlights: what a reader sees, and the nav."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from puente.store import Store
from tests.relations.support import relations_app


@pytest.fixture
def relations_client(store: Store, tmp_path: Path) -> Iterator[TestClient]:
    with relations_app(store, tmp_path) as client:
        yield client


def test_relations_page_shows_text_and_claims(relations_client: TestClient) -> None:
    html = relations_client.get("/relations").text
    assert "U.S.–Mexico relations, regenerated from the data" in html
    assert "3 BTS port codes reported northbound crossings" in html
    assert 'data-claim="export_rank" data-verdict="confirmed"' in html
    assert 'data-claim="two_way_trade" data-verdict="not_in_data"' in html
    assert 'href="/datasets#census-country-trade"' in html
    assert 'href="/api/relations?format=csv"' in html


def test_relations_page_in_spanish(relations_client: TestClient) -> None:
    html = relations_client.get("/relations", params={"lang": "es"}).text
    assert "Relaciones entre Estados Unidos y México, regeneradas desde los datos" in html
    assert "confirmado" in html


def test_highlights_page_and_feed_link(relations_client: TestClient) -> None:
    html = relations_client.get("/highlights").text
    assert "LOS CHAPITOS" in html
    assert "Lucio Rodriguez Serrano" in html
    assert 'type="application/atom+xml"' in html
    assert "ofac-sdn v2" in html


def test_sections_in_the_nav(relations_client: TestClient) -> None:
    html = relations_client.get("/").text
    assert 'href="/relations"' in html
    assert 'href="/highlights"' in html


def _claim_row(html: str, key: str) -> str:
    start = html.index(f'data-claim="{key}"')
    return html[start : html.index("</tr>", start)]


def test_claims_table_reads_like_the_claims(relations_client: TestClient) -> None:
    html = relations_client.get("/relations").text
    row = _claim_row(html, "trade_per_day")
    # The figure is written like the claim ($1.7 billion), not as 1,670,270,020.
    assert re.search(r"\$\d+(\.\d)?[BM]", row), row
    assert not re.search(r"\d{1,3}(,\d{3}){2,}", row)
    # The verdict is a badge; the source is a dataset title and the publisher, never code.
    assert 'class="badge verdict verdict-' in row
    assert "<code>" not in row
    assert "puente.trade" not in row
    assert "U.S. Census Bureau" in row


def test_claims_sentence_says_what_bts_counts(relations_client: TestClient) -> None:
    html = relations_client.get("/relations").text
    regenerated = html[html.index('id="regenerated"') : html.index("</section>")]
    assert "active ports of entry" not in regenerated  # State's phrase, not BTS's count
    assert "BTS port codes reported northbound crossings" in regenerated


def test_relations_in_spanish_writes_dollars_in_spanish(relations_client: TestClient) -> None:
    html = relations_client.get("/relations", params={"lang": "es"}).text
    regenerated = html[html.index('id="regenerated"') : html.index("</section>")]
    assert "de dólares" in regenerated
    assert not re.search(r"\$\d+(\.\d)? ?[BM]\b", regenerated)
    assert "códigos de puerto del BTS" in regenerated
    row = _claim_row(html, "trade_per_day")
    assert "millones de dólares" in row


# Words a Spanish sentence never holds; any of them in the page's Spanish text is English
# left over (a note, a published figure, a source's name).
ENGLISH = re.compile(
    r"\b(the|of|and|is|are|was|to|by|from|not|loaded|million|billion|thousand|about|"
    r"approximately|estimated|published|goods|trade|rank|crossings?|people|port|codes|"
    r"exports?|imports?|services|largest|data|figure|products|with|their)\b",
    re.IGNORECASE,
)


def _visible_text(html: str) -> str:
    """What a reader sees, less tags and what names a file (a URL, a package path)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"(https?://|package:)[^\s;)]+", " ", text)
    return re.sub(r"\s+", " ", text)


def test_the_whole_spanish_relations_page_reads_spanish(relations_client: TestClient) -> None:
    html = relations_client.get("/relations", params={"lang": "es"}).text
    main = html[html.index("<main") : html.index("</main>")]
    leftover = sorted({m.group(0) for m in ENGLISH.finditer(_visible_text(main))})
    assert leftover == [], leftover
    # The notes under each claim, in Spanish with their figures.
    row = _claim_row(html, "ports")
    assert "códigos de puerto del BTS con al menos un cruce de entrada en el año" in row
    assert re.search(r"el registro de puertos enumera \d+ cruces al \d{4}-\d\d-\d\d", row)
    citizens = _claim_row(html, "citizens")
    assert "1.5 millones" in citizens
    assert "cifra publicada" in citizens
    # The same page in English keeps the notes in English.
    english = relations_client.get("/relations", params={"lang": "en"}).text
    assert "BTS port codes reporting at least one inbound crossing" in english


def test_every_claim_note_has_a_spanish_message() -> None:
    from puente.relations.claims import MESSAGES
    from puente.web.claimwords import MESSAGES as WORDS
    from puente.web.locale.vocabulary import CLAIM_SOURCES, CLAIM_TEXTS, CLAIMS
    from puente.web.rendering import translations

    assert tuple(CLAIMS) == MESSAGES
    spanish = translations("es")
    for message in (*MESSAGES, *WORDS, *CLAIM_TEXTS, *CLAIM_SOURCES):
        assert spanish.gettext(message) != message, message


@pytest.mark.parametrize(
    ("value", "spanish"),
    [
        ("1.6 million (estimated)", "1.6 millones (estimación)"),
        ("about 14.94 million", "alrededor de 14.94 millones"),
        ("about 1 million", "alrededor de 1 millón"),
        ("about 2010", "alrededor de 2010"),
        ("1 and 2", "1 y 2"),
        ("2019-2021", "2019-2021"),
        (2018, 2018),
    ],
)
def test_published_figures_in_spanish_words(value: object, spanish: object) -> None:
    from puente.web.claimwords import said_value
    from puente.web.rendering import translations

    catalog = translations("es")

    def gettext(message: str, **values: object) -> str:
        text = catalog.gettext(message)
        return text % values if values else text

    assert said_value(value, gettext) == spanish
