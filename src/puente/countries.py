"""Country names and codes: 'Mexico', 'México', 'MX', 'MEX' all give 'MX'."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from babel import Locale

# Names the publishers use that CLDR spells otherwise.
_ALIASES = {
    "UNITED STATES OF AMERICA": "US",
    "USA": "US",
    "U.S.": "US",
    "U.S.A.": "US",
    "MEX": "MX",
    "UNITED KINGDOM": "GB",
    "UK": "GB",
    "RUSSIA": "RU",
    "BURMA": "MM",
    "IRAN": "IR",
    "SYRIA": "SY",
    "NORTH KOREA": "KP",
    "KOREA, NORTH": "KP",
    "KOREA, SOUTH": "KR",
    "SOUTH KOREA": "KR",
    "VENEZUELA": "VE",
    "BOLIVIA": "BO",
    "CONGO, DEMOCRATIC REPUBLIC OF THE": "CD",
    "CONGO, REPUBLIC OF THE": "CG",
    "VIETNAM": "VN",
    "LAOS": "LA",
    "TANZANIA": "TZ",
    "MOLDOVA": "MD",
    "TURKEY": "TR",
    "CZECH REPUBLIC": "CZ",
    "THE BAHAMAS": "BS",
    "THE GAMBIA": "GM",
    "WEST BANK": "PS",
    "GAZA": "PS",
    "PALESTINIAN": "PS",
    "KOSOVO": "XK",
}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).upper().split())


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for lang in ("en", "es"):
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                table.setdefault(_fold(name), code)
                table.setdefault(code, code)
    for alias, code in _ALIASES.items():
        table[_fold(alias)] = code
    return table


def country_code(text: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code for a country name or code, or None if unknown."""
    if not text:
        return None
    return _table().get(_fold(text.strip().strip(".")))


def country_name(code: str, locale: str = "en") -> str:
    return Locale(locale).territories.get(code.upper(), code)  # type: ignore[no-any-return]
