"""Country names and codes from CLDR (Babel) and ISO 3166 (pycountry), English and Spanish,
former names and everyday spellings; never a substring."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puente.countries import country_code

CASES = [
    ("Hong Kong", "HK", "CLDR writes 'Hong Kong SAR China'"),
    ("RAE de Hong Kong (China)", "HK", "CLDR Spanish"),
    ("Ivory Coast", "CI", "everyday English"),
    ("Côte d’Ivoire", "CI", "CLDR, curly apostrophe"),
    ("Cote d'Ivoire", "CI", "straight apostrophe, no accent"),
    ("Costa de Marfil", "CI", "Spanish"),
    ("Myanmar", "MM", "CLDR writes 'Myanmar (Burma)'"),
    ("Burma", "MM", "the former name (ISO 3166-3 BUMM)"),
    ("Birmania", "MM", "Spanish former name"),
    ("East Timor", "TL", "ISO 3166-3 TPTL"),
    ("Timor Oriental", "TL", "Spanish"),
    ("Zaire", "CD", "ISO 3166-3 ZRCD"),
    ("MX", "MX", "alpha-2"),
    ("mex", "MX", "alpha-3, any case"),
    ("México", "MX", "Spanish, accent"),
    ("MEXICO", "MX", "no accent"),
    ("Estados Unidos", "US", "Spanish"),
    ("EE.UU.", "US", "Spanish abbreviation"),
    ("U.S.A.", "US", "dotted"),
    ("Reino Unido", "GB", "Spanish"),
    ("Bahamas, The", "BS", "OFAC's order"),
    ("Korea, South", "KR", "inverted"),
    ("Man, Isle of", "IM", "inverted"),
    ("Corea del Sur", "KR", "Spanish"),
    ("Viet Nam", "VN", "ISO name"),
    ("Vietnam", "VN", "CLDR name"),
    ("Republic of Korea", "KR", "ISO official name"),
    ("Alemania", "DE", "Spanish"),
]


@pytest.mark.parametrize(("text", "code", "why"), CASES)
def test_country_names_and_codes(text: str, code: str, why: str) -> None:
    assert country_code(text) == code, why


@pytest.mark.parametrize(
    "text", ["New Mexico", "Nuevo México", "Korea", "Atlantis", "Mexico City", "", "  ", "XX"]
)
def test_no_country_is_guessed(text: str) -> None:
    # "Korea" is both KP and KR: no country rather than the wrong one.
    assert country_code(text) is None


@given(st.text(max_size=40))
def test_any_text_gives_a_code_or_none(text: str) -> None:
    code = country_code(text)
    assert code is None or (len(code) == 2 and code.isupper())
