"""The comparer, one query name against one list name: table-driven cases."""

from __future__ import annotations

import pytest

from puente.sanctions.screening import ScreeningIndex
from puente.sanctions.screening.compare import (
    EXACT,
    NICKNAME,
    SOUNDS,
    SPELLING,
    NameComparison,
    compare_names,
    token_similarity,
)
from puente.sanctions.screening.normalize import parse_name

THRESHOLD = 0.8

CASES = [
    # (query, list name, should it match at 0.8, why)
    ("Joaquin Guzman Loera", "GUZMAN LOERA, Joaquin", True, "same name, natural order"),
    ("Joaquín Guzmán Loera", "GUZMAN LOERA, Joaquin", True, "accents do not matter"),
    ("GUZMAN LOERA JOAQUIN", "GUZMAN LOERA, Joaquin", True, "surnames first, no comma"),
    ("Joakin Guzman Loera", "GUZMAN LOERA, Joaquin", True, "Joakin sounds like Joaquin"),
    ("Juaquin Gusman Loera", "GUZMAN LOERA, Joaquin", True, "two sound-alike spellings"),
    ("Joaquin Guzman", "GUZMAN LOERA, Joaquin", True, "second surname left out"),
    ("Joaquin Guzmna Loera", "GUZMAN LOERA, Joaquin", True, "a typo (swapped letters)"),
    ("J. Guzman Loera", "GUZMAN LOERA, Joaquin", True, "an initial for the given name"),
    ("Chuy Amezcua Contreras", "AMEZCUA CONTRERAS, Jose de Jesus", True, "Chuy is Jesús"),
    ("Jesus Amezcua Contreras", "AMEZCUA CONTRERAS, Jose de Jesus", True, "middle name missing"),
    ("Pancho Hernandez Salas", "HERNANDEZ SALAS, Francisco", True, "Pancho is Francisco"),
    ("Paco Hernandez Salas", "HERNANDEZ SALAS, Francisco", True, "Paco is Francisco"),
    ("Lupe Ramirez Villa", "RAMIREZ VILLA, Maria Guadalupe", True, "Lupe is Guadalupe"),
    ("Guadalupe Ramires Biya", "RAMIREZ VILLA, Maria Guadalupe", True, "z/s, v/b, ll/y"),
    ("Chema de la Cruz Reyna", "DE LA CRUZ REYNA, Jose Maria", True, "Chema is José María"),
    ("Jose Maria Delacruz Reyna", "DE LA CRUZ REYNA, Jose Maria", True, "de la Cruz joined"),
    ("Jose Maria Cruz Reyna", "DE LA CRUZ REYNA, Jose Maria", True, "particles left out"),
    ("Nacho Nava Valencia", "NAVA VALENCIA, Ignacio", True, "Nacho is Ignacio"),
    ("Memo Flores Mendez", "FLORES MENDEZ, Guillermo", True, "Memo is Guillermo"),
    ("Beto Torres Felix", "TORRES FELIX, Alberto", True, "Beto is Alberto"),
    ("Lalo Meza Flores", "MEZA FLORES, Eduardo", True, "Lalo is Eduardo"),
    ("Toño Beltran Leyva", "BELTRAN LEYVA, Antonio", True, "Toño is Antonio"),
    ("Quique Carrillo Fuentes", "CARRILLO FUENTES, Enrique", True, "Quique is Enrique"),
    ("Concha Garcia Soto", "GARCIA SOTO, Concepcion", True, "Concha is Concepción"),
    ("Lencho Uribe Lopez", "URIBE LOPEZ, Lorenzo", True, "Lencho is Lorenzo"),
    ("Poncho Valdez Villarreal", "VALDEZ VILLARREAL, Alfonso", True, "Poncho is Alfonso"),
    ("Chalo Rios Galeana", "RIOS GALEANA, Gonzalo", True, "Chalo is Gonzalo"),
    ("Javier Ochoa", "XAVIER OCHOA, Javier", True, "X is J at the start (Xavier)"),
    (
        "Accesos Electronicos SA de CV",
        "ACCESOS ELECTRONICOS S.A.DE C.V.",
        True,
        "company form written another way",
    ),
    (
        "Farmacia Vida Suprema S. de R.L. de C.V.",
        "FARMACIA VIDA SUPREMA, S.A. DE C.V.",
        True,
        "another company form is not another company",
    ),
    ("Farmacia Vida Suprema", "FARMACIA VIDA SUPREMA, S.A. DE C.V.", True, "form left out"),
    ("Владимир Путин", "PUTIN, Vladimir Vladimirovich", True, "Cyrillic, patronymic missing"),
    ("Bashar al-Assad", "AL-ASSAD, Bashar", True, "article joined by a hyphen"),
    # Must not match
    (
        "Joaquin Guzman Lopez",
        "GUZMAN LOERA, Joaquin",
        False,
        "a different second surname is another person",
    ),
    ("Jose Guzman Loera", "GUZMAN LOERA, Joaquin", False, "a different given name"),
    ("Guzman Loera", "GUZMAN LOERA, Joaquin", False, "surnames alone are a family, not a person"),
    ("Joaquin Loera", "CARO QUINTERO, Rafael", False, "nothing in common"),
    ("Beto Torres Felix", "TORRES FELIX, Roberto", True, "Beto is also Roberto"),
    (
        "Alberto Torres Felix",
        "TORRES FELIX, Roberto",
        False,
        "Alberto and Roberto share a nickname but are different names",
    ),
    ("Antonia Beltran Leyva", "BELTRAN LEYVA, Antonio", False, "Antonia is not Antonio"),
    (
        "Farmacia Guadalajara",
        "FARMACIA VIDA SUPREMA, S.A. DE C.V.",
        False,
        "one shared generic word",
    ),
    (
        "Grupo Comercial del Sur",
        "GRUPO COMERCIAL DEL NORTE, S. DE R.L. DE C.V.",
        False,
        "Sur is not Norte",
    ),
    ("Rafael Caro", "GUZMAN LOERA, Joaquin", False, "another person entirely"),
]


def _compare(index: ScreeningIndex, query: str, listed: str) -> NameComparison:
    names = index.names
    q = names.prepare(parse_name(query), person=True, query=True)
    person = "," in listed and "S.A" not in listed and "S. DE" not in listed
    c = names.prepare(parse_name(listed, comma_means_surname=person), person=person)
    known = names.known_names
    return compare_names(q, c, lambda i, t: token_similarity(q.tokens[i], t, known), known)


@pytest.mark.parametrize(("query", "listed", "expected", "why"), CASES)
def test_case(index: ScreeningIndex, query: str, listed: str, expected: bool, why: str) -> None:
    comparison = _compare(index, query, listed)
    assert (comparison.score >= THRESHOLD) is expected, (why, comparison.score, comparison.notes)


def test_exact_name_scores_one(index: ScreeningIndex) -> None:
    assert _compare(index, "Rafael Caro Quintero", "CARO QUINTERO, Rafael").score == 1.0


def test_variants_rank_below_exact(index: ScreeningIndex) -> None:
    exact = _compare(index, "Joaquin Guzman Loera", "GUZMAN LOERA, Joaquin").score
    sound = _compare(index, "Joakin Guzman Loera", "GUZMAN LOERA, Joaquin").score
    missing = _compare(index, "Joaquin Guzman", "GUZMAN LOERA, Joaquin").score
    assert exact > sound > 0.8
    assert exact > missing > 0.8


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("GUZMAN", "GUZMAN", EXACT),
        ("JOAKIN", "JOAQUIN", SOUNDS),
        ("GUSMAN", "GUZMAN", SOUNDS),
        ("CHUY", "JESUS", NICKNAME),
        ("PEPE", "JOSE", NICKNAME),
        ("GUZMQN", "GUZMAN", SPELLING),
    ],
)
def test_token_similarity_kind(a: str, b: str, kind: str) -> None:
    score, found = token_similarity(a, b)
    assert found == kind
    assert score >= 0.8


def test_different_known_names_are_not_spellings() -> None:
    alike, _ = token_similarity("HERNANDEZ", "FERNANDEZ")
    apart, _ = token_similarity("HERNANDEZ", "FERNANDEZ", frozenset({"HERNANDEZ", "FERNANDEZ"}))
    assert alike >= 0.8
    assert apart < 0.6


@pytest.mark.parametrize(
    ("a", "b"),
    [("ANTONIO", "ANTONIA"), ("JUAN", "JUANA"), ("DANIEL", "DANIELA"), ("KARLOV", "KARLOVA")],
)
def test_gender_forms_are_different_names(a: str, b: str) -> None:
    assert token_similarity(a, b)[0] < 0.6
