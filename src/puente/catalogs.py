"""The message catalogs (gettext) and how a request's language is chosen, for every layer
that writes words: the pages, and the API's Atom feeds. Only Babel and the standard library:
no web or API framework, so the API can translate a feed without importing the pages.

The catalogs are the .po files under puente/web/locale/<lang>/LC_MESSAGES/ (where the pages'
translators keep them), compiled in memory when first used (no .mo binary is kept in the
repository); a string a catalog lacks stays English.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from puente.languages import LOCALES, from_accept_language

LOCALE_DIR = Path(__file__).parent / "web" / "locale"

_translations: dict[str, NullTranslations] = {}


def load_catalog(locale: str) -> NullTranslations:
    """The locale's messages.po compiled in memory; English (the msgids) when there is none.
    Untranslated and fuzzy entries are left out, so they fall back to English."""
    po = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as source:
        catalog = read_po(source, locale=locale, domain="messages")
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain="messages")


def translations(locale: str) -> NullTranslations:
    """The catalog for a locale, compiled once per process."""
    if locale not in _translations:
        _translations[locale] = load_catalog(locale)
    return _translations[locale]


def choose_locale(
    asked: str | None, cookie: str | None, accept_language: str | None, default: str
) -> str:
    """?lang=es, then the lang cookie, then Accept-Language, then the configured default
    (English when the default is not a supported language)."""
    for wanted in (asked, cookie):
        if wanted in LOCALES:
            return str(wanted)
    accepted = from_accept_language(accept_language)
    if accepted is not None:
        return accepted
    return default if default in LOCALES else "en"
