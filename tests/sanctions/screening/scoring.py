"""A list for pinned scores: the hand-made entries of conftest, a few more for the rules they
do not reach (two- and three-letter tokens, digits, transliterations, common names), and 300
generated people so that common names (GARCIA, LOPEZ, JUAN, JOSE...) weigh what they weigh on
a real list and known given names (DANIEL and DANIELA) are known."""

from __future__ import annotations

from itertools import cycle, islice

from puente.sanctions.records import ScreeningRecord
from puente.sanctions.screening import Query, ScreeningIndex
from puente.sanctions.screening.compare import compare_names
from puente.sanctions.screening.query import validate_query

from .conftest import RECORDS, company, person

EXTRA = [
    person("8001", "HASSAN, Muhammad"),
    person("8002", "HASSAN, Muhammad Abdullah"),
    person("8003", "KADYROV, Shamsuddin"),
    person("8004", "LI, Wei"),
    person("8005", "HAN, Kwang Song"),
    person("8006", "KIM, Tong Chol"),
    person("8007", "CAI, Chen"),
    person("8008", "CO, Chen"),
    person("8009", "LOPEZ SOTO, Daniel"),
    person("8010", "LOPEZ SOTO, Cristian"),
    person("8011", "LOPEZ SOTO, Marte"),
    person("8012", "GARCIA LOPEZ, Juan"),
    person("8013", "RIVERA ZAZUETA, Jose Angel"),
    person("8014", "HERNANDEZ MARTINEZ, Maria"),
    person("8015", "TORRES FELIX, Roberto"),
    person("8016", "TOLKIEN, John Ronald Reuel"),
    company("8101", "TRANSPORTES 2000, S.A. DE C.V."),
    company("8102", "GRUPO 7 ESTRELLAS"),
    company("8103", "PANCHO TRADING"),
    # International names: legal forms, initials, numbers, pinyin, other scripts.
    person("8017", "DAS, Rahul"),
    person("8018", "SA, Joao"),
    person("8019", "LE, Van Thanh"),
    person("8020", "XI, Jinping"),
    person("8021", "JI, Jinping"),
    person("8022", "ZHANG, Wei"),
    person("8023", "KOSTIN, Andrey Leonidovich"),
    person("8024", "KOBAYASHI, Gaku"),
    person("8025", "AL-HOUTHI, Abdul Malik", "عبدالملك الحوثي"),
    person("8026", "COHEN, Moshe", "משה כהן"),
    person("8027", "HASSAN, Ali"),
    company("8201", "ROSNEFT OIL COMPANY, PJSC"),
    company("8202", "SIEMENS AKTIENGESELLSCHAFT"),
    company("8203", "LIMITED LIABILITY COMPANY SOVFRAKHT"),
    company("8204", "J.P. TRADING GMBH"),
    company("8205", "FORTY-FOUR SHIPPING LTD"),
    company("8206", "CUARENTA Y CUATRO TRANSPORTES, S.A. DE C.V."),
    company("8207", "ABCD HOLDINGS LTD"),
]

_GIVEN = ("Juan", "Jose", "Maria", "Daniel", "Daniela", "Cristian", "Cristina", "Marta")
_GIVEN_MORE = ("Marte", "Antonio", "Pedro", "Angel")
_SURNAMES = ("GARCIA", "LOPEZ", "HERNANDEZ", "MARTINEZ", "RIVERA", "FERNANDEZ", "PEREZ", "SOTO")


def _word(n: int) -> str:
    """A made-up surname, different for each n (BAKU, BAKE, ...)."""
    consonants, vowels = "BDFGKMNPRTV", "AEIOU"
    out = ""
    for _ in range(3):
        n, c = divmod(n, len(consonants))
        n, v = divmod(n, len(vowels))
        out += consonants[c] + vowels[v]
    return out


def filler(n: int = 300) -> list[ScreeningRecord]:
    given = islice(cycle(_GIVEN + _GIVEN_MORE), n)
    return [
        person(
            f"9{i:04d}",
            f"{_SURNAMES[i % 8]} {_SURNAMES[(i * 3 + 1) % 8]} {_word(i)}, {g}",
        )
        for i, g in enumerate(given)
    ]


def scoring_records() -> list[ScreeningRecord]:
    return [*RECORDS, *EXTRA, *filler()]


def pair_score(index: ScreeningIndex, query: str, listed: str) -> float:
    """The name score of `query` against the list name `listed`, as a screening makes it
    (every reading of the query: as written, and with letters spaced apart joined)."""
    nids = [nid for nid in range(len(index.names.names)) if index.names.names[nid].text == listed]
    assert nids, f"{listed!r} is not a name of the scoring list"
    best = 0.0
    for reading in index._prepare(validate_query(Query(query))):
        similarity = index._similarity(reading)
        # A list name can have two readings (FORTY-FOUR is also read 44): the better counts.
        for nid in nids:
            comparison = compare_names(
                reading, index.names.names[nid].prepared, similarity, index.names.known_names
            )
            best = max(best, comparison.score)
    return best
