"""Compact amounts of U.S. dollars: one set of rules for text, tables and chart axes, in
English and Spanish.

English writes the amount with a scale letter: $779.3B, $1.7B, $265.2M, $12.3K.

Spanish follows what Mexico's official statistics write (INEGI's "Balanza comercial de
mercancías de México", Banxico's balance of payments): amounts in *millones de dólares*,
with the es-MX number style (comma groups, point decimals), never the CLDR short form
"mil M" and never a bare "$" (which a Mexican reader takes for pesos):

- text and tables: 779,282 millones de dólares; 265.2 millones de dólares; 12,300 dólares;
- chart axes and legends, where room is short: 779,282 mdd (INEGI's own abbreviation for
  millones de dólares in its tables and infographics).

Amounts of a thousand million or more are whole millions (as INEGI's bulletins write them);
smaller ones keep one decimal, a trailing .0 dropped. The same table of steps builds the
Python text (`compact_money`) and the Vega expression that writes chart labels in the
browser (`money_label_expr`), so a chart and the table beside it read the same amount the
same way (tests/web/test_money.py renders both).
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal

MINUS = "\u2212"  # what d3-format writes before a negative number, so text and charts agree


@dataclass(frozen=True, slots=True)
class _Step:
    """Amounts of at least `at` (absolute) are divided by `divisor`, written with up to
    `digits` decimals, and followed by a suffix (one for text, one for axes)."""

    at: float
    divisor: float
    digits: int
    text: str
    axis: str


@dataclass(frozen=True, slots=True)
class _Style:
    prefix: str  # before the number ("$" in English)
    steps: tuple[_Step, ...]  # largest first; the last has at=0


_STYLES = {
    "en": _Style(
        "$",
        (
            _Step(1e12, 1e12, 1, "T", "T"),
            _Step(1e9, 1e9, 1, "B", "B"),
            _Step(1e6, 1e6, 1, "M", "M"),
            _Step(1e3, 1e3, 1, "K", "K"),
            _Step(0, 1, 0, "", ""),
        ),
    ),
    "es": _Style(
        "",
        (
            _Step(1e9, 1e6, 0, " millones de dólares", " mdd"),
            _Step(1e6, 1e6, 1, " millones de dólares", " mdd"),
            _Step(0, 1, 0, " dólares", " dólares"),
        ),
    ),
}


def _style(locale: str) -> _Style:
    return _STYLES.get(locale[:2], _STYLES["en"])


def _step(style: _Style, amount: float) -> _Step:
    return next(s for s in style.steps if amount >= s.at)


def compact_money(value: float | None, locale: str = "en", axis: bool = False) -> str:
    """An amount of U.S. dollars written compactly in the language of `locale` (text, or the
    shorter form of chart axes with `axis`); None is an em dash (unknown)."""
    if value is None:
        return "—"
    style = _style(locale)
    amount = abs(value)
    if amount == 0:
        return style.prefix + "0" + ("" if axis else style.steps[-1].text)
    step = _step(style, amount)
    # es-MX writes numbers as English does (1,234.5), so one pattern serves both languages.
    pattern = "#,##0." + "#" * step.digits if step.digits else "#,##0"
    number = format_decimal(amount / step.divisor, format=pattern, locale="en")
    bigger = [s for s in style.steps if s.at > step.at]
    if bigger and step.divisor != bigger[-1].divisor and number.startswith("1,000"):
        # 999.96 million rounds to "1,000M": write it in the next step ($1B).
        return compact_money(bigger[-1].at * (1 if value > 0 else -1), locale, axis)
    sign = MINUS if value < 0 else ""
    return sign + style.prefix + number + (step.axis if axis else step.text)


def money_label_expr(locale: str = "en") -> str:
    """The Vega expression that writes an axis or legend value as `compact_money(value,
    locale, axis=True)` does, in the browser."""
    style = _style(locale)
    prefix = style.prefix
    v = "abs(datum.value)"
    sign = f"(datum.value < 0 ? '{MINUS}' : '')"

    def written(step: _Step) -> str:
        number = f"format({v} / {step.divisor:g}, ',.{step.digits}~f')"
        return f"{sign} + '{prefix}' + {number} + '{step.axis}'"

    expr = f"datum.value == 0 ? '{prefix}0' : {written(style.steps[-1])}"  # as axis=True
    for step in reversed(style.steps[:-1]):
        expr = f"{v} >= {step.at:g} ? {written(step)} : ({expr})"
    return expr
