"""One way to say a number, per language (Babel): whole numbers, money, percent, signed
numbers, dates and plural forms.

``sim.ui.text`` and ``sim.analysis.text`` keep their ``money``/``percent``/``signed`` as thin
wrappers over these, so the sandbox and the debrief say a number the same way:

- a value is rounded in Python first (``round``, the binary value's correct rounding, as an
  f-string rounds), then Babel writes it with the language's grouping and signs;
- ``signed`` writes the sign of a change and never "+0" or "-0": no change is ``0``;
- money is a whole amount followed by the currency code (``1,234,567 CNY``), as the scenario
  names its currency;
- a count that changes a word uses the language's plural rules (CLDR, via Babel,
  :func:`plural`): every catalog holds ``<key>.one`` and ``<key>.other`` (the same keys in
  every language), and the rule picks one — in English ``one`` for 1, in Chinese, which has a
  single form, always ``other``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from sim.i18n import catalog, normalise, translate

LOCALES: dict[str, str] = {"en": "en", "zh": "zh_Hans_CN"}
"""Each language's Babel (CLDR) locale."""
NONE = "–"
"""What a missing value is shown as."""


@cache
def locale(lang: str) -> Locale:
    """The Babel locale of ``lang`` (``zh``, ``zh-CN`` → ``zh_Hans_CN``; others English)."""
    return Locale.parse(LOCALES[normalise(lang)])


def _pattern(digits: int, *, sign: bool = False) -> str:
    body = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return f"+{body};-{body}" if sign else body


def _rounded(value: float, digits: int) -> Decimal:
    """``value`` rounded to ``digits`` places as Python rounds it, exact as a decimal; never
    a negative zero."""
    result = round(float(value), digits) + 0.0  # + 0.0 turns -0.0 into 0.0
    return Decimal(repr(result))


def number(value: float, lang: str, *, digits: int = 0) -> str:
    """``1234567.8`` → ``1,234,568`` (en and zh group by thousands)."""
    return format_decimal(_rounded(value, digits), format=_pattern(digits), locale=locale(lang))


def money(amount: float, lang: str, currency: str | None = None) -> str:
    """A whole amount, grouped, with its currency code when given: ``1,234,567 CNY``."""
    shown = number(amount, lang)
    return f"{shown} {currency}" if currency else shown


def percent(share: float | None, lang: str, *, digits: int = 0) -> str:
    """A share of 1 as a percentage: ``0.45`` → ``45%``; None → ``–``."""
    if share is None:
        return NONE
    hundredths = _rounded(100.0 * share, digits) / 100
    return format_percent(hundredths, format=_pattern(digits) + "%", locale=locale(lang))


def signed(value: float, lang: str, *, digits: int = 0) -> str:
    """A change with its sign: ``+3``, ``-2``; no change (after rounding) is ``0``."""
    rounded = _rounded(value, digits)
    if rounded == 0:
        return number(0, lang, digits=digits)
    return format_decimal(rounded, format=_pattern(digits, sign=True), locale=locale(lang))


def date(value: datetime.date, lang: str) -> str:
    """A calendar date: ``Mar 5, 2026`` / ``2026年3月5日``."""
    return format_date(value, format="medium", locale=locale(lang))


def plural_form(count: float, lang: str) -> str:
    """The CLDR plural category of ``count`` in ``lang``: ``one`` or ``other`` (en), ``other``
    (zh)."""
    form: str = locale(lang).plural_form(abs(count))
    return form


def plural(key: str, count: float, lang: str, **params: Any) -> str:
    """The message ``<key>.<form>`` for ``count`` (given to it as ``count``); a form the
    language's catalog does not spell falls back to ``<key>.other``."""
    form = plural_form(count, lang)
    chosen = f"{key}.{form}" if f"{key}.{form}" in catalog(lang) else f"{key}.other"
    return translate(chosen, lang, count=count, **params)


__all__ = [
    "LOCALES",
    "NONE",
    "date",
    "locale",
    "money",
    "number",
    "percent",
    "plural",
    "plural_form",
    "signed",
]
