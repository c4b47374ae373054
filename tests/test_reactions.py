"""Customer reactions: every hidden effect leaves a noisy trace the team can see.

Statistical checks with stated margins: over many plays, each kind of hidden effect is followed
by a team-visible ``reaction`` with the scenario's ``signal_chance``, read with the right tone
with ``signal_accuracy``, and our own slips are noticed with ``slip_notice_chance`` (95 %
Wilson intervals must contain the stated probability).
"""

from __future__ import annotations

from collections import Counter

import pytest

import sim
from sim.batch.statistics import wilson
from sim.model import reactions
from sim.scenario import Scenario

# hidden effect (truth record kind, activity) → the reaction source it must produce, one each
ONE_TO_ONE = {
    ("angle_fit", ""): "angle_fit",
    ("angle_misfit", ""): "angle_misfit",
    ("pushback", ""): "pushback",
    ("contact_fatigue", ""): "contact_fatigue",
    ("executive_escalation", ""): "executive_escalation",
    ("competitor_move", "raise_doubt"): "raise_doubt",
}


def _inside(hits: int, n: int, p: float, z: float | None = None) -> bool:
    interval = wilson(hits, n) if z is None else wilson(hits, n, z)
    return interval.low <= p <= interval.high


@pytest.mark.parametrize("source", sorted(reactions.SOURCES))
def test_each_kind_of_effect_is_noticed_and_read_with_the_stated_chances(
    cross_sell: Scenario, source: str
) -> None:
    game = sim.Simulation(cross_sell, seed=11, policy=None)
    deal = game.deal
    params = cross_sell.parameters
    n = 3000
    for _ in range(n):
        reactions.react(deal, source, 0, actor="rep")
    shown = [r for r in game.log.records if r.kind == "reaction"]
    assert all(r.view == "team" and r.activity == source for r in shown)
    assert _inside(len(shown), n, params.signal_chance), len(shown) / n
    right = sum(r.note == reactions.SOURCES[source] for r in shown)
    assert _inside(right, len(shown), params.signal_accuracy), right / len(shown)
    slips = sum(r.kind == "slip_noticed" for r in game.log.records)
    if source in reactions.SLIPS:
        assert _inside(slips, n, params.slip_notice_chance), slips / n
    else:
        assert slips == 0


def test_a_delayed_reaction_reaches_the_team_weeks_later(cross_sell: Scenario) -> None:
    slow = cross_sell.parameters.model_copy(update={"signal_delay_weeks": 2, "signal_chance": 1.0})
    scenario = cross_sell.model_copy(update={"parameters": slow})
    game = sim.Simulation(scenario, seed=11, policy=None)
    deal = game.deal
    reactions.react(deal, "pushback", 0)  # in week 0: the team hears of it in week 2
    for _ in range(2):
        game.advance()
        assert not any(r.kind == "reaction" for r in game.log.records)
    game.advance()  # the end of week 2
    shown = [r for r in game.log.records if r.kind == "reaction" and r.activity == "pushback"]
    assert len(shown) == 1 and shown[0].round == 2 and shown[0].target == "chen"


def test_in_played_games_every_hidden_effect_shows_with_the_stated_chance(
    cross_sell: Scenario,
) -> None:
    effects: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    for seed in range(40):
        for policy in ("expert", "typical"):
            game = sim.Simulation(cross_sell, seed=seed, policy=policy)
            game.play()
            for r in game.log.records:
                key = (r.kind, r.activity if r.kind == "competitor_move" else "")
                if key in ONE_TO_ONE:
                    effects[ONE_TO_ONE[key]] += 1
                elif r.kind == "reaction" and r.activity in ONE_TO_ONE.values():
                    shown[r.activity] += 1
    chance = cross_sell.parameters.signal_chance
    for source in ONE_TO_ONE.values():
        if effects[source] < 30:
            continue  # too rare in this scenario to judge
        # several sources at once: each at z = 3 (99.7 %), so that all of them together hold
        # at about 98 % when the rule is right (Bonferroni over up to eight sources)
        assert _inside(shown[source], effects[source], chance, 3.0), (source, shown, effects)
    assert sum(effects[s] >= 30 for s in ONE_TO_ONE.values()) >= 4, effects
