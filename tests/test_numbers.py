"""One way to say a number (``sim.i18n.numbers``, Babel), and the sandbox's and debrief's
wrappers that use it, in English and Chinese."""

from __future__ import annotations

import datetime
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.analysis import text as analysis_text
from sim.i18n import catalog, numbers
from sim.ui import text as ui_text

LANGS = ["en", "zh"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (3_200_000, "CNY", "3,200,000 CNY"),
        (1234.5, "EUR", "1,234 EUR"),  # half to even, as Python rounds
        (1235.5, None, "1,236"),
        (-48_000.4, None, "-48,000"),
        (-0.4, None, "0"),  # never "-0"
    ],
)
def test_money_is_a_whole_amount_grouped_by_thousands(
    lang: str, amount: float, currency: str | None, shown: str
) -> None:
    assert numbers.money(amount, lang, currency) == shown


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("share", "shown"), [(0.45, "45%"), (0.0, "0%"), (1.0, "100%"), (0.125, "12%"), (2.5, "250%")]
)
def test_percent_of_a_share(lang: str, share: float, shown: str) -> None:
    assert numbers.percent(share, lang) == shown


def test_percent_with_places_and_none() -> None:
    assert numbers.percent(0.4567, "en", digits=1) == "45.7%"
    assert numbers.percent(None, "zh") == "–"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("value", "shown"),
    [(3, "+3"), (-2, "-2"), (0, "0"), (0.4, "0"), (-0.4, "0"), (2.5, "+2"), (1234, "+1,234")],
)
def test_signed_says_the_direction_and_no_change_is_zero(
    lang: str, value: float, shown: str
) -> None:
    assert numbers.signed(value, lang) == shown


def test_signed_with_places() -> None:
    assert numbers.signed(0.25, "en", digits=1) == "+0.2"  # 0.25 is exact: half to even
    assert numbers.signed(-0.04, "en", digits=1) == "0.0"


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_numbers_round_as_python_does(value: float) -> None:
    """The digits are f-string rounding, only the grouping and signs are Babel's."""
    assert numbers.number(value, "en").replace(",", "") == f"{round(value) + 0:d}"
    sign = "+" if round(value) > 0 else ""
    assert numbers.signed(value, "zh").replace(",", "") == f"{sign}{round(value) + 0:d}"


def test_dates_in_each_language() -> None:
    day = datetime.date(2026, 3, 5)
    assert numbers.date(day, "en") == "Mar 5, 2026"
    assert numbers.date(day, "zh") == "2026年3月5日"


def test_plural_forms_follow_the_language() -> None:
    assert [numbers.plural_form(n, "en") for n in (0, 1, 2, 21)] == [
        "other",
        "one",
        "other",
        "other",
    ]
    assert {numbers.plural_form(n, "zh") for n in (0, 1, 2, 21)} == {"other"}


def test_plural_chooses_the_message_of_the_count() -> None:
    params = {"backend": "b", "seconds": 1.0, "rate": 10.0}
    one = numbers.plural("batch.cli.timing", 1, "en", workers=1, **params)
    many = numbers.plural("batch.cli.timing", 4, "en", workers=4, **params)
    assert "1 worker:" in one and "4 workers:" in many
    chinese = numbers.plural("batch.cli.timing", 1, "zh", workers=1, **params)
    assert chinese == catalog("zh")["batch.cli.timing.other"].format(workers=1, **params)
    assert "weeks" not in numbers.plural("replay.unplayed", 1, "en")
    assert "3 saved weeks" in numbers.plural("replay.unplayed", 3, "en")


@pytest.mark.parametrize("lang", LANGS)
def test_the_sandbox_and_the_debrief_say_numbers_the_same_way(lang: str) -> None:
    for value in (-3.6, -0.2, 0.0, 0.3, 7.5, 1200.0):
        assert ui_text.signed(value, lang) == analysis_text.signed(value, lang)
        assert ui_text.signed(value, lang) == numbers.signed(value, lang)
    assert ui_text.percent(0.456, lang) == analysis_text.percent(0.456, lang) == "46%"
    assert ui_text.money(3_200_000.0, "CNY", lang) == analysis_text.money(3.2e6, lang) + " CNY"
    assert analysis_text.percent(None, lang) == "–"


def test_the_wrappers_keep_their_old_signatures() -> None:
    assert ui_text.money(1500.0, "CNY") == "1,500 CNY"
    assert ui_text.percent(0.5) == "50%"
    assert ui_text.signed(0.0) == "0"  # was "+0" in the sandbox; "0" as in the debrief
    assert analysis_text.money(1500.0) == "1,500"
    assert analysis_text.signed(-0.49) == "0"
    assert math.isclose(float(analysis_text.percent(0.25).rstrip("%")), 25.0)
