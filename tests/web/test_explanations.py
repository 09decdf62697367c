"""Screening reasons on a Spanish page are Spanish; names, dates and codes stay as they are."""

from __future__ import annotations

import pytest

from puente.highlights.items import MESSAGES
from puente.web.explanations import translate_explanation, translate_reason
from puente.web.locale.vocabulary import HIGHLIGHTS
from puente.web.rendering import translations

ES = translations("es").gettext

CASES = [
    ("surname GUZMAN LOERA exact", "apellido GUZMAN LOERA idéntico"),
    ("surnames GUZMAN LOERA exact", "apellidos GUZMAN LOERA idéntico"),
    (
        "given name Joakin ~ JOAQUIN, sounds alike",
        "nombre de pila Joakin ~ JOAQUIN, suena igual",
    ),
    ("second surname LOERA not in the query", "segundo apellido LOERA no está en la consulta"),
    ("CHAPO not in the list name", "CHAPO no está en el nombre de la lista"),
    ("born 1957-04-04, list says 1957", "nacido en 1957-04-04, la lista dice 1957"),
    ("born 1957, list gives no birth date", "nacido en 1957, la lista no da fecha de nacimiento"),
    ("country MX (Mexico), list says MX", "país MX (Mexico), la lista dice MX"),
    ("country MX, list says US, CA", "país MX, la lista dice US, CA"),
    # Since nationalities are kept apart: which tie the country is, and what conflicts.
    ("country MX (Mexico), nationality MX", "país MX (Mexico), nacionalidad MX"),
    (
        "country MX (Mexico), address or place of birth MX",
        "país MX (Mexico), domicilio o lugar de nacimiento MX",
    ),
    ("country US, nationality MX, CO", "país US, nacionalidad MX, CO"),
    (
        "country US, no nationality listed, address or place of birth MX",
        "país US, la lista no da nacionalidad, domicilio o lugar de nacimiento MX",
    ),
    ("type entity, list says individual", "tipo entidad, la lista dice persona física"),
    ("no surname in common", "ningún apellido en común"),
]


@pytest.mark.parametrize(("english", "spanish"), CASES)
def test_each_reason_is_written_in_spanish(english: str, spanish: str) -> None:
    assert translate_reason(english, ES) == spanish


def test_an_explanation_keeps_its_order_and_english_stays_english() -> None:
    match = {"parts": [{"text": CASES[0][0]}, {"text": CASES[5][0]}]}
    assert translate_explanation(match, ES) == f"{CASES[0][1]}; {CASES[5][1]}"
    assert translate_explanation(match, str) == f"{CASES[0][0]}; {CASES[5][0]}"


def test_every_generated_highlight_sentence_is_in_the_catalog() -> None:
    assert tuple(HIGHLIGHTS) == MESSAGES
    for message in MESSAGES:
        assert ES(message) != message, message
