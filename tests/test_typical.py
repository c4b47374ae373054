"""The typical policy: an untrained but sensible team, and its habits added one at a time."""

from __future__ import annotations

import pytest

from sim.policies import TypicalPolicy, resolve_policy
from sim.policies.typical import HABITS, TYPICAL


def test_typical_has_none_of_the_habits_and_each_can_be_added_alone() -> None:
    base = resolve_policy("typical")
    assert isinstance(base, TypicalPolicy) and base.name == "typical"
    assert base.variation == TYPICAL
    for habit, fields in HABITS.items():
        policy = resolve_policy(f"typical:+{habit}")
        assert isinstance(policy, TypicalPolicy) and policy.name == f"typical:+{habit}"
        changed = {
            name
            for name in TYPICAL.__dataclass_fields__
            if getattr(policy.variation, name) != getattr(TYPICAL, name)
        }
        assert changed == set(fields), habit


def test_habits_combine_and_a_bad_one_is_named() -> None:
    both = resolve_policy("typical:+briefings,+pm_early")
    assert isinstance(both, TypicalPolicy)
    assert both.variation.pm == "early" and both.variation.briefings
    with pytest.raises(ValueError, match="briefing"):
        resolve_policy("typical:+briefing")
    with pytest.raises(ValueError, match=r"\+habit"):
        resolve_policy("typical:pm=early")


def test_a_typical_team_plays_a_whole_deal() -> None:
    from sim.engine.simulation import Simulation  # noqa: PLC0415
    from tests.replications import scenario  # noqa: PLC0415

    result = Simulation(scenario("cross_sell_mes_erp"), seed=1, policy="typical").play()
    assert result.outcome in ("won", "lost", "no_decision")
