"""Compact dollars: one set of rules for the text of a page and the labels its charts draw.

Spanish follows INEGI and Banxico (millones de dólares, es-MX digits), never the CLDR short
"mil M" nor a bare "$" a Mexican reader takes for pesos."""

from __future__ import annotations

import re

import pytest
import vl_convert

from puente.web.money import compact_money, money_label_expr
from puente.web.rendering import Formatters

CASES = [
    # (value, English, Spanish text, Spanish axis, why)
    (779_282_000_000, "$779.3B", "779,282 millones de dólares", "779,282 mdd", "a year's trade"),
    (2_135_100_000, "$2.1B", "2,135 millones de dólares", "2,135 mdd", "whole millions"),
    (265_200_000, "$265.2M", "265.2 millones de dólares", "265.2 mdd", "one decimal below 1,000 M"),
    (5_000_000, "$5M", "5 millones de dólares", "5 mdd", "a trailing .0 dropped"),
    (12_300, "$12.3K", "12,300 dólares", "12,300 dólares", "under a million: dollars"),
    (-2_100_000_000, "−$2.1B", "−2,100 millones de dólares", "−2,100 mdd", "a deficit"),
    (999_960_000, "$1B", "1,000 millones de dólares", "1,000 mdd", "rounding up a step"),
    (0, "$0", "0 dólares", "0", "nothing"),
]


@pytest.mark.parametrize(("value", "en", "es", "es_axis", "why"), CASES)
def test_compact_money(value: float, en: str, es: str, es_axis: str, why: str) -> None:
    assert compact_money(value, "en") == en, why
    assert compact_money(value, "es") == es, why
    assert compact_money(value, "es", axis=True) == es_axis, why
    assert Formatters("es").money(value, compact=True) == es, why
    assert Formatters("en").money(value, compact=True) == en, why


def test_spanish_never_writes_the_cldr_short_form_or_a_bare_dollar_sign() -> None:
    for value in (1.5e12, 779.3e9, 40e9, 2.5e6):
        for axis in (False, True):
            text = compact_money(value, "es", axis=axis)
            assert "mil M" not in text
            assert "$" not in text


@pytest.mark.parametrize("locale", ["en", "es"])
def test_a_chart_axis_writes_what_the_page_writes(locale: str) -> None:
    """The axis labels Vega draws (the expression run by vl-convert, as in the browser) are
    the Python formatter's axis form, tick by tick."""
    ticks = [-2e9, 0, 250e6, 5e9, 40e9, 2e12]
    spec = {
        "data": {"values": [{"v": t} for t in ticks]},
        "mark": "point",
        "width": 600,
        "encoding": {
            "x": {
                "field": "v",
                "type": "quantitative",
                "axis": {"values": ticks, "labelExpr": money_label_expr(locale)},
                "scale": {"type": "symlog"},
            }
        },
    }
    svg = str(vl_convert.vegalite_to_svg(spec))
    drawn = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    for tick in ticks:
        assert compact_money(tick, locale, axis=True) in drawn
