"""A screening explanation in the page's language.

The screening engine (puente.sanctions.screening) writes each reason behind a score as English
text from a small set of phrases ("surname GUZMAN LOERA exact", "born 1957-04-04, list says
1957"). This module reads each reason back into its phrase and the values in it, and writes it
again through the catalog, with the names, dates and codes left as they are. A reason no
phrase here recognises stays as the engine wrote it (and tests/web/test_explanations.py fails,
so a new phrase cannot go untranslated unnoticed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from puente.web.locale.vocabulary import N_

Gettext = Callable[[str], str]

# The words the engine puts into its phrases (puente.sanctions.screening.explain).
ROLES = (
    N_("second surname"),
    N_("given names"),
    N_("given name"),
    N_("surnames"),
    N_("surname"),
    N_("names"),
    N_("name"),
)
KINDS = (
    N_("exact"),
    N_("nickname or variant of the same name"),
    N_("sounds alike"),
    N_("spelled differently"),
    N_("initial"),
    N_("written as one word"),
)
NOTES = (
    N_("no surname in common"),
    N_("given name differs"),
    N_("no given name in the query"),
    N_("only one name in common"),
    N_("only common names in common"),
)
TYPES = (N_("individual"), N_("entity"), N_("vessel"), N_("aircraft"))

_ROLE = "|".join(re.escape(r) for r in ROLES)
_KIND = "|".join(re.escape(k) for k in sorted(KINDS, key=len, reverse=True))

# (pattern of the English reason, msgid with the same named placeholders). Order matters: the
# first that matches the whole reason wins. Values named `role`, `kind` and `type*` are words
# of the vocabulary above and are translated too; the others are names, dates and codes.
PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(rf"(?P<role>{_ROLE}) (?P<query>.+) ~ (?P<listed>.+), (?P<kind>{_KIND})"),
        N_("%(role)s %(query)s ~ %(listed)s, %(kind)s"),
    ),
    (re.compile(rf"(?P<role>{_ROLE}) (?P<words>.+) exact"), N_("%(role)s %(words)s exact")),
    (
        re.compile(rf"(?P<role>{_ROLE}) (?P<word>.+) not in the query"),
        N_("%(role)s %(word)s not in the query"),
    ),
    (re.compile(r"(?P<word>.+) not in the list name"), N_("%(word)s not in the list name")),
    (
        re.compile(r"born (?P<query>.+), list gives no birth date"),
        N_("born %(query)s, list gives no birth date"),
    ),
    (
        re.compile(r"born (?P<query>.+), list says (?P<listed>.+)"),
        N_("born %(query)s, list says %(listed)s"),
    ),
    (
        re.compile(r"country (?P<code>\S+), list gives none"),
        N_("country %(code)s, list gives none"),
    ),
    (
        re.compile(r"country (?P<code>\S+) \((?P<country>.+)\), nationality (?P<listed>\S+)"),
        N_("country %(code)s (%(country)s), nationality %(listed)s"),
    ),
    (
        re.compile(
            r"country (?P<code>\S+) \((?P<country>.+)\), address or place of birth (?P<listed>\S+)"
        ),
        N_("country %(code)s (%(country)s), address or place of birth %(listed)s"),
    ),
    (
        re.compile(r"country (?P<code>\S+), nationality (?P<listed>.+)"),
        N_("country %(code)s, nationality %(listed)s"),
    ),
    (
        re.compile(
            r"country (?P<code>\S+), no nationality listed, "
            r"address or place of birth (?P<listed>.+)"
        ),
        N_("country %(code)s, no nationality listed, address or place of birth %(listed)s"),
    ),
    (
        re.compile(r"country (?P<code>\S+) \((?P<country>.+)\), list says (?P<listed>.+)"),
        N_("country %(code)s (%(country)s), list says %(listed)s"),
    ),
    (
        re.compile(r"country (?P<code>\S+), list says (?P<listed>.+)"),
        N_("country %(code)s, list says %(listed)s"),
    ),
    (re.compile(r"ID (?P<listed>.+) exact"), N_("ID %(listed)s exact")),
    (
        re.compile(r"type (?P<type_query>\S*), list says (?P<type_listed>\S*)"),
        N_("type %(type_query)s, list says %(type_listed)s"),
    ),
)

_TRANSLATED_VALUES = ("role", "kind", "type_query", "type_listed")


def translate_reason(text: str, gettext: Gettext) -> str:
    """One reason of an explanation in the catalog's language."""
    if text in NOTES:
        return gettext(text)
    for pattern, message in PHRASES:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        values = {
            key: gettext(value) if key in _TRANSLATED_VALUES and value else value
            for key, value in found.groupdict().items()
        }
        return gettext(message) % values
    return text


def translate_explanation(match: Mapping[str, Any], gettext: Gettext) -> str:
    """A match's explanation (its `parts`, else its `explanation` text) in the page's
    language, reasons joined by "; " as the engine joins them."""
    parts: Iterable[Any] = match.get("parts") or []
    texts = [p["text"] for p in parts if isinstance(p, Mapping) and p.get("text")]
    if not texts:
        texts = [t for t in str(match.get("explanation") or "").split("; ") if t]
    return "; ".join(translate_reason(t, gettext) for t in texts)
