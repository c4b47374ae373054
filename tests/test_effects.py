"""The model's claims about team selling (docs/model.md, *Calibration*), measured: 500
paired seeded replications per comparison.

Each test states its margin: the lower end of the 95% confidence interval of the paired
difference in win rate must clear it. Margins sit well under the measured effects (recorded in
docs/model.md) so that the test checks the direction and rough size, not a lucky draw.
"""

from __future__ import annotations

import pytest

from tests.replications import paired, wins

pytestmark = pytest.mark.slow

CROSS_SELL = "cross_sell_mes_erp"


def test_expert_team_beats_a_naive_lone_rep() -> None:
    gain = paired(wins(CROSS_SELL, "expert") - wins(CROSS_SELL, "naive"))
    assert gain.low > 0.20, f"expert − naive win rate: {gain}"


def test_presales_at_the_fitting_angle_beats_arguing_technology() -> None:
    gain = paired(wins(CROSS_SELL, "expert") - wins(CROSS_SELL, "expert:angle=technology"))
    assert gain.low > 0.0, f"fitting angle − technology always: {gain}"


def test_a_briefed_pm_involved_before_the_bid_beats_no_pm() -> None:
    gain = paired(wins(CROSS_SELL, "expert") - wins(CROSS_SELL, "expert:pm=never"))
    assert gain.low > 0.10, f"briefed early PM − no PM: {gain}"


def test_a_briefed_pm_beats_an_unbriefed_pm() -> None:
    # measured +2.8 points held out (docs/model.md, Calibration): model version 5's stronger
    # activities let a PM who sits in on the rep's meetings learn much of the account alone
    gain = paired(wins(CROSS_SELL, "expert") - wins(CROSS_SELL, "expert:pm_briefed=false"))
    assert gain.low > 0.0, f"briefed PM − cold PM: {gain}"


def test_executive_escalation_when_the_tender_opens_helps() -> None:
    gain = paired(wins(CROSS_SELL, "expert") - wins(CROSS_SELL, "expert:escalation=false"))
    assert gain.low > 0.05, f"escalation − none: {gain}"


def test_doubt_raiser_hurts_a_team_without_pm_or_references_more() -> None:
    exposed = "expert:pm=never,references=false"
    hurt_exposed = wins(CROSS_SELL, exposed, calm=True) - wins(CROSS_SELL, exposed)
    hurt_covered = wins(CROSS_SELL, "expert", calm=True) - wins(CROSS_SELL, "expert")
    extra = paired(hurt_exposed - hurt_covered)
    assert extra.low > 0.0, f"extra harm of doubt without PM/references: {extra}"
