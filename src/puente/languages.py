"""The languages pages are written in and how a request's Accept-Language picks one.

Shared by the page renderer (puente.web.rendering) and the kept-answer layer
(puente.httpcache), so that a kept page is keyed by the same language it was rendered in.
"""

from __future__ import annotations

from typing import Final

LOCALES: Final = ("en", "es")


def from_accept_language(header: str | None) -> str | None:
    """The supported language the Accept-Language header prefers most, or None when it
    names none of them (then the configured default applies). `es-MX` and `es` both mean
    Spanish; `q=0` refuses a language; on equal weights the first listed wins; `*` is
    left to the default."""
    if not header:
        return None
    best: tuple[float, int, str] | None = None
    for position, part in enumerate(header.split(",")):
        fields = part.strip().split(";")
        tag = fields[0].strip().lower()
        weight = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value.strip())
                except ValueError:
                    weight = 0.0
        primary = tag.split("-", 1)[0]
        if primary not in LOCALES or not 0.0 < weight <= 1.0:
            continue
        candidate = (-weight, position, primary)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best is not None else None
