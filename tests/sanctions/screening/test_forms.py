"""Legal forms written with typos, and forms that are only words (forms.py)."""

from __future__ import annotations

import pytest

from puente.sanctions.records import ScreeningName, ScreeningRecord
from puente.sanctions.screening import Query, ScreeningIndex
from puente.sanctions.screening.forms import same_form
from puente.sanctions.screening.normalize import parse_name

TYPOS = [
    # (name, tokens, minor, why)
    ("Doll Export Lttda.", ("DOLL", "EXPORT", "LTDA"), (False, False, True), "a letter doubled"),
    (
        "Limited Liability Compain Rncb",
        ("LIMITEDLIABILITYCOMPANY", "RNCB"),
        (True, False),
        "two typos in one long word, beside form words written right",
    ),
    (
        "Aktsionernoe Obschcheestvo Rusgaz",
        ("AKTSIONERNOEOBSCHESTVO", "RUSGAZ"),
        (True, False),
        "two letters more in OBSHCHESTVO",
    ),
    (
        "City Plaza Sociedad Annomina de Capital Variable",
        ("CITY", "PLAZA", "SOCIEDADANONIMACAPITALVARIABLE"),
        (False, False, True),
        "one word misspelled beside three written right",
    ),
    ("Acme Trading Pte", ("ACME", "TRADING", "PTE"), (False, False, True), "Pte without Ltd"),
    (
        "Global Compass",
        ("GLOBAL", "COMPASS"),
        (False, False),
        "a lone word is no form by two typos",
    ),
    ("Cloud Saas", ("CLOUD", "SAAS"), (False, False), "four letters with one doubled: a word"),
    (
        "Acme Sociedad Annomina",
        ("ACME", "SOCIEDAD", "ANNOMINA"),
        (False, False, False),
        "three typos need three words written right beside them",
    ),
]


@pytest.mark.parametrize(("name", "tokens", "minor", "why"), TYPOS)
def test_forms_with_typos(
    name: str, tokens: tuple[str, ...], minor: tuple[bool, ...], why: str
) -> None:
    parts = parse_name(name, comma_means_surname=False)
    assert (parts.tokens, parts.minor) == (tokens, minor), why


def test_a_form_cut_short_means_the_whole_form() -> None:
    short = parse_name("Iranian Oil Company Pte").tokens[-1]
    whole = parse_name("IRANIAN OIL COMPANY PTE LTD").tokens[-1]
    assert same_form(short, whole)


def _company(uid: str, name: str) -> ScreeningRecord:
    return ScreeningRecord(uid, "entity", (ScreeningName(name, "primary"),), ("SDGT",))


def test_a_misspelled_form_still_finds_the_company() -> None:
    index = ScreeningIndex.build(
        [
            _company("1", "LIMITED LIABILITY COMPANY RNCB INSURANCE"),
            _company("2", "DOLL EXPORT LTDA."),
            _company("3", "LIMITED LIABILITY COMPANY ALFA"),
        ],
        "forms-1",
    )
    best = index.screen(Query("Limited Liability Compain Rncb Insurance"), limit=1)[0]
    assert (best.entity_id, best.match) == ("1", True)
    best = index.screen(Query("Doll Export Lttda."), limit=1)[0]
    assert (best.entity_id, best.match) == ("2", True)
