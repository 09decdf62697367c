"""Template rendering: gettext for every string, Babel for every number and date.

Templates get `_`/`ngettext` bound to the request's locale and the fmt_* formatters. The
catalogs are the .po files under web/locale/<lang>/LC_MESSAGES/, loaded by puente.catalogs
(compiled in memory when first used); a string a catalog lacks stays English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_compact_decimal, format_currency, format_decimal, format_percent
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from puente import __version__
from puente.catalogs import LOCALE_DIR, choose_locale, load_catalog, translations
from puente.countries import country_name
from puente.httpcache import kept
from puente.languages import LOCALES
from puente.web.assets import asset_url
from puente.web.datatext import data_gloss, data_text, fact_key
from puente.web.money import compact_money
from puente.web.nav import SECTIONS

TEMPLATES = Path(__file__).parent / "templates"
# The catalog is Spanish; numbers and dates are written the way Mexican readers write them
# (121,038.5 and 29.5 %), not Spain's way (121.038,5).
FORMAT_LOCALES = {"en": "en_US", "es": "es_MX"}

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)

env.globals["asset"] = asset_url
# Page views mark themselves with `kept` (see puente.httpcache); the catalog helpers live in
# puente.catalogs (the API's feeds use them too) and are named here for the pages.
__all__ = ["LOCALE_DIR", "kept", "load_catalog", "translations"]


def gettext_for(request: Request) -> Callable[[str], str]:
    """The request's gettext, for text built in Python (chart titles and labels)."""
    return translations(request_locale(request)).gettext


def request_locale(request: Request) -> str:
    """?lang=es, then the lang cookie, then Accept-Language, then the configured default."""
    return choose_locale(
        request.query_params.get("lang"),
        request.cookies.get("lang"),
        request.headers.get("accept-language"),
        str(getattr(request.app.state.settings, "locale", "en")),
    )


class Formatters:
    """Babel formatters bound to one locale; None renders as an em dash (unknown)."""

    def __init__(self, locale: str) -> None:
        self.locale = _babel_locale(locale)

    def number(self, value: float | None) -> str:
        return "—" if value is None else format_decimal(value, format="#,##0", locale=self.locale)

    def decimal(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return "—"
        pattern = "#,##0." + "0" * digits if digits else "#,##0"
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, value: float | None, digits: int = 1, signed: bool = False) -> str:
        if value is None:
            return "—"
        pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
        if signed:
            pattern = "+" + pattern + ";-" + pattern
        return format_percent(value, format=pattern, locale=self.locale)

    def compact(self, value: float | None) -> str:
        if value is None:
            return "—"
        return format_compact_decimal(
            value, format_type="short", fraction_digits=1, locale=self.locale
        )

    def money(self, value: float | None, currency: str = "USD", compact: bool = False) -> str:
        if value is None:
            return "—"
        if compact and currency == "USD":
            return compact_money(value, self.locale.language)
        return format_currency(value, currency, locale=self.locale)

    def date(self, value: dt.date | dt.datetime | str | None, fmt: str = "medium") -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, str):
            value = _parse_date(value)
        return format_date(value, format=fmt, locale=self.locale)

    def moment(self, value: dt.datetime | str | None) -> str:
        """A point in time to the minute, in UTC: a date alone cannot say when a check that
        comes every few hours (or 15 minutes after a failure) is due."""
        if value is None or value == "":
            return "—"
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        value = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
        day = format_date(value, format="medium", locale=self.locale)
        return f"{day} {format_time(value, format='HH:mm', locale=self.locale)} UTC"

    def month(self, value: dt.date | str | None) -> str:
        if value is None:
            return "—"
        if isinstance(value, str):
            value = _parse_date(value)
        return format_date(value, format="MMM y", locale=self.locale)

    def month_name(self, month: int) -> str:
        return format_date(dt.date(2000, month, 1), format="MMMM", locale=self.locale)

    def country(self, code: str) -> str:
        """An ISO 3166-1 alpha-2 code as the country's name in this language (CLDR)."""
        return country_name(code, self.locale.language)


@lru_cache(maxsize=16)
def _babel_locale(locale: str) -> Locale:
    try:
        return Locale.parse(FORMAT_LOCALES.get(locale, locale))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _parse_date(text: str) -> dt.date:
    parts = [int(p) for p in text[:10].split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(parts[0], parts[1], parts[2])


def context_for(request: Request) -> dict[str, Any]:
    locale = request_locale(request)
    trans = translations(locale)
    fmt = Formatters(locale)

    def gettext(message: str, **values: Any) -> str:
        text = trans.gettext(message)
        return text % values if values else text

    def ngettext(singular: str, plural: str, n: int, **values: Any) -> str:
        text = trans.ngettext(singular, plural, n)
        return text % {"num": n, **values}

    def pgettext(context: str, message: str) -> str:
        return str(trans.pgettext(context, message))

    def data(kind: str, key: Any, field: str, english: str | None) -> str | None:
        return data_text(locale, kind, key, field, english)

    def gloss(kind: str, key: Any, field: str) -> str:
        return data_gloss(locale, kind, key, field)

    return {
        "request": request,
        "locale": locale,
        "_": gettext,
        "gettext": gettext,
        "ngettext": ngettext,
        "pgettext": pgettext,
        "each": lambda messages: [gettext(m) for m in messages],
        "data": data,
        "gloss": gloss,
        "fact_key": fact_key,
        "fmt": fmt,
        "fmt_number": fmt.number,
        "fmt_decimal": fmt.decimal,
        "fmt_percent": fmt.percent,
        "fmt_compact": fmt.compact,
        "fmt_money": fmt.money,
        "fmt_date": fmt.date,
        "fmt_month": fmt.month,
        "sections": SECTIONS,
        "app_version": __version__,
        "language_links": language_links(request, locale),
        **_protection_helpers(request),
    }


def _protection_helpers(request: Request) -> dict[str, Any]:
    """csrf_field() for every form, signed_in() for the header (puente.web.protection)."""
    from puente.web.protection import template_helpers

    return template_helpers(request)


LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def language_links(request: Request, active: str) -> list[dict[str, Any]]:
    """The language switch: the same path and query (a search, a filter) with `lang` set."""
    kept_query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    links = []
    for code in LOCALES:
        query = urlencode([*kept_query, ("lang", code)])
        links.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES[code],
                "href": f"{request.url.path}?{query}",
                "active": code == active,
            }
        )
    return links


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    data = context_for(request)
    data.update(context)
    html = env.get_template(template).render(data)
    response = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("lang") in LOCALES:
        response.set_cookie("lang", request.query_params["lang"], samesite="lax")
    return response


def render_error(request: Request, status: int, error: str, detail: str) -> HTMLResponse:
    from puente.web.retry import retry_form

    retry = retry_form(request, status, detail, gettext_for(request))
    context = {"status": status, "error": error, "detail": detail, "retry": retry}
    return render(request, "error.html", context, status)
