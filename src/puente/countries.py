"""Country names and codes: 'Mexico', 'México', 'MX', 'MEX', 'Burma', 'Costa de Marfil' all give
an ISO 3166-1 alpha-2 code.

Names come from two maintained sources, in English and Spanish:

- CLDR through Babel: the names a person reads ("Myanmar (Burma)", "Hong Kong SAR China",
  "RAE de Hong Kong (China)"); each is also read without its qualifier ("Myanmar", "Burma",
  "Hong Kong").
- ISO 3166 through pycountry (the Debian iso-codes data): alpha-3 codes, official and common
  names ("Republic of Korea", "Taiwan"), their Spanish translations, and ISO 3166-3's former
  countries mapped to their successor ("Burma" BUMM -> MM, "East Timor" TPTL -> TL, "Zaire"
  ZRCD -> CD).

Lookup is of the whole text after folding case, accents, punctuation and a leading "the"/"la"
("New Mexico" is no country: there is no substring match). `_COMMON` holds the few everyday
spellings that neither source has (each one a name people write in a customer file).
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import lru_cache

import pycountry
from babel import Locale

LANGUAGES = ("en", "es")

_COMMON = {
    # English
    "IVORY COAST": "CI",
    "USA": "US",
    "U S": "US",
    "U S A": "US",
    "AMERICA": "US",
    "UK": "GB",
    "U K": "GB",
    "GREAT BRITAIN": "GB",
    "ENGLAND": "GB",
    "SCOTLAND": "GB",
    "WALES": "GB",
    "NORTHERN IRELAND": "GB",
    "HOLLAND": "NL",
    "MACEDONIA": "MK",
    "MACAU": "MO",
    "SWAZILAND": "SZ",
    "CAPE VERDE": "CV",
    "CZECH REPUBLIC": "CZ",
    "TURKEY": "TR",
    "NORTH KOREA": "KP",
    "SOUTH KOREA": "KR",
    "KOREA NORTH": "KP",
    "KOREA SOUTH": "KR",
    "DPRK": "KP",
    "DRC": "CD",
    "CONGO DEMOCRATIC REPUBLIC OF THE": "CD",
    "CONGO REPUBLIC OF THE": "CG",
    "CONGO BRAZZAVILLE": "CG",
    "CONGO KINSHASA": "CD",
    "PALESTINE": "PS",
    "PALESTINIAN": "PS",
    "WEST BANK": "PS",
    "GAZA": "PS",
    "KOSOVO": "XK",
    "VATICAN": "VA",
    # Spanish
    "COSTA DE MARFIL": "CI",
    "EEUU": "US",
    "EE UU": "US",
    "E U A": "US",
    "EUA": "US",
    "ESTADOS UNIDOS DE AMERICA": "US",
    "ESTADOS UNIDOS MEXICANOS": "MX",
    "INGLATERRA": "GB",
    "GRAN BRETANA": "GB",
    "HOLANDA": "NL",
    "COREA DEL NORTE": "KP",
    "COREA DEL SUR": "KR",
    "BIRMANIA": "MM",
    "TIMOR ORIENTAL": "TL",
    "SUAZILANDIA": "SZ",
    "REPUBLICA CHECA": "CZ",
    "TURQUIA": "TR",
}
"""Everyday spellings neither CLDR nor ISO 3166 has, folded as `fold_country` folds."""

_QUALIFIERS = re.compile(r"\b(SAR CHINA|RAE DE|RAE|SAR|REGION ADMINISTRATIVA ESPECIAL DE)\b")
_ARTICLE = re.compile(r"^(THE|LA|EL|LOS|LAS)\s+")
_TRAILING_ARTICLE = re.compile(r"\s+(THE|LA|EL|LOS|LAS)$")


def fold_country(text: str) -> str:
    """Upper case, no accents, punctuation as spaces, one space between words."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    plain = plain.replace("&", " AND ")
    words = re.sub(r"[^\w]+", " ", plain).split()
    return " ".join(words)


def _variants(name: str) -> list[str]:
    """A name as listed and the forms people write of it: without a parenthesised
    qualifier, the qualifier itself, without "SAR China", "X, Republic of" reordered."""
    folded = fold_country(name)
    out = [folded, fold_country(name.replace("’", "").replace("'", ""))]
    outside = re.sub(r"\(.*?\)", " ", name)
    inside = re.findall(r"\((.*?)\)", name)
    if outside != name:
        out.append(fold_country(outside))
        out.extend(fold_country(i) for i in inside)
    out.append(" ".join(_QUALIFIERS.sub(" ", fold_country(outside)).split()))
    if "," in name:
        head, tail = name.split(",", 1)
        out.append(fold_country(f"{tail} {head}"))
        out.append(fold_country(head))
    out.append(_ARTICLE.sub("", folded))
    return [v for v in out if v]


def _spanish(domain: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["es"], fallback=True)


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Folded name or code -> alpha-2. Exact names first; derived variants never replace a
    name another country holds ("China" stays CN, though "RAE de Hong Kong (China)")."""
    exact: dict[str, str] = {}
    derived: dict[str, str] = {}
    ambiguous: set[str] = set()
    es_1, es_3 = _spanish("iso3166-1"), _spanish("iso3166-3")

    def add(name: str | None, code: str) -> None:
        if not name:
            return
        variants = _variants(name)
        exact.setdefault(variants[0], code)
        for variant in variants[1:]:
            if derived.setdefault(variant, code) != code:
                ambiguous.add(variant)  # "Korea" (KP or KR): no country

    for country in pycountry.countries:
        code = country.alpha_2
        exact.setdefault(code, code)
        exact.setdefault(country.alpha_3, code)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            add(value, code)
            if value:
                add(es_1.gettext(value), code)
    for lang in LANGUAGES:
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                add(name, code)
    current = {c.alpha_2 for c in pycountry.countries}
    for former in pycountry.historic_countries:
        successor = str(getattr(former, "alpha_4", ""))[2:]
        if successor in current:
            add(former.name, successor)
            add(es_3.gettext(former.name), successor)
    for name, code in _COMMON.items():
        exact.setdefault(name, code)
    kept = {k: v for k, v in derived.items() if k not in ambiguous}
    return {**kept, **exact}


def country_code(text: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code for a country name or code, or None if unknown."""
    if not text:
        return None
    if text.count(",") == 1:  # "Man, Isle of", "Korea, South"
        head, tail = text.split(",")
        found = _lookup(fold_country(text)) or _lookup(fold_country(f"{tail} {head}"))
        return found
    return _lookup(fold_country(text))


def _lookup(key: str) -> str | None:
    if not key:
        return None
    table = _table()
    bare = _TRAILING_ARTICLE.sub("", _ARTICLE.sub("", key))
    return table.get(key) or table.get(bare)


def country_name(code: str, locale: str = "en") -> str:
    return Locale(locale).territories.get(code.upper(), code)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, str]:
    """Folded ISO 3166-2 subdivision name -> its country ("Jalisco" MX, "New Mexico" US); a
    name two countries use is left out."""
    found: dict[str, str] = {}
    ambiguous: set[str] = set()
    for sub in pycountry.subdivisions:
        for variant in _variants(sub.name):
            if found.setdefault(variant, sub.country_code) != sub.country_code:
                ambiguous.add(variant)
    return {k: v for k, v in found.items() if k not in ambiguous}


def place_country(text: str | None) -> str | None:
    """The country of a place as lists write it: "Culiacan, Sinaloa, Mexico", or without
    commas "Jalisco Mexico", "Albuquerque New Mexico" (US: the longest ending that is a
    country or a state decides, so New Mexico is never Mexico)."""
    if not text:
        return None
    for part in reversed([p for p in text.split(",") if p.strip()] or [text]):
        words = fold_country(part).split()
        for start in range(len(words)):
            ending = " ".join(words[start:])
            code = _lookup(ending) if len(ending) > 3 or start == 0 else None
            if code is None:
                code = _subdivisions().get(ending)
            if code is not None:
                return code
        if "," not in text:
            break
    return None
