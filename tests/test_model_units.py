"""Direct unit tests of the model's rules, decision, buying centre and competitors.

Each test builds a deal from the shipped cross-sell scenario (``Simulation(...).deal``: the
model's own state, no round played) and calls one model function, so a change in a rule fails
here, next to the rule, before it shows in a whole game.
"""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.model import buying_centre, competitors, decision, rules
from sim.model.activities import CATALOGUE
from sim.model.buying_centre import BV, REL, US, BuyingCentre
from sim.model.deal import Bid, Deal
from sim.model.plans import Assignment
from sim.scenario import Scenario


def fresh(scenario: Scenario, seed: int = 11) -> Deal:
    return sim.Simulation(scenario, seed=seed).deal


def bids(deal: Deal, price: float = 1.0e6) -> list[Bid]:
    """One bid per vendor at the same price and the vendor's true quality."""
    return [Bid(v, price, 0.0, 0.7) for v in range(len(deal.vendors))]


# ---- buying centre ------------------------------------------------------------------------------


def test_the_buying_centre_follows_the_scenarios_stakeholders(cross_sell: Scenario) -> None:
    centre = BuyingCentre.from_scenario(cross_sell)
    assert list(centre.ids) == [s.id for s in cross_sell.stakeholders]
    assert centre.index("zhou") == [s.id for s in cross_sell.stakeholders].index("zhou")
    assert centre.has_role(centre.index("chen"), "economic_buyer")
    assert not centre.has_role(centre.index("wu"), "economic_buyer")


@pytest.mark.parametrize("temperature", [0.05, 0.1, 1.0])
def test_each_stakeholders_choice_is_a_distribution(
    cross_sell: Scenario, temperature: float
) -> None:
    centre = BuyingCentre.from_scenario(cross_sell)
    choice = centre.choice(temperature)
    assert choice.shape == (len(cross_sell.stakeholders), len(cross_sell.competitors) + 2)
    assert np.all(choice >= 0) and np.allclose(choice.sum(axis=1), 1.0)
    row = centre.choice_of(2, temperature)
    assert row == pytest.approx(choice[2].tolist(), abs=1e-15)
    assert centre.support(temperature).sum() == pytest.approx(float(centre.influence.sum()))


def test_a_colder_choice_is_more_decided(cross_sell: Scenario) -> None:
    centre = BuyingCentre.from_scenario(cross_sell)
    assert np.all(centre.choice(0.05).max(axis=1) >= centre.choice(1.0).max(axis=1))


def test_move_closes_a_share_of_the_gap_and_never_passes_the_ceiling(
    cross_sell: Scenario,
) -> None:
    centre = BuyingCentre.from_scenario(cross_sell)
    before = float(centre.perception[0, US, BV])
    ceiling = min(1.0, before + 0.4)
    step = centre.move(0, US, BV, 0.25, ceiling)
    assert step == pytest.approx(0.25 * (ceiling - before))
    assert centre.perception[0, US, BV] == pytest.approx(before + step)
    assert centre.move(0, US, BV, 0.5, before - 0.1) == 0.0  # above the ceiling: no step
    for _ in range(50):
        centre.move(0, US, BV, 0.9, ceiling)
    assert float(centre.perception[0, US, BV]) <= ceiling


def test_set_back_lowers_perception_but_not_below_zero(cross_sell: Scenario) -> None:
    centre = BuyingCentre.from_scenario(cross_sell)
    current = float(centre.perception[1, US, REL])
    assert centre.set_back(1, US, REL, current + 5.0) == pytest.approx(-current)
    assert float(centre.perception[1, US, REL]) == 0.0


def test_dispositions_are_on_the_blue_sheet_scale(cross_sell: Scenario) -> None:
    centre = BuyingCentre.from_scenario(cross_sell)
    table = centre.disposition()
    assert np.all((table >= -5) & (table <= 5)) and np.all(table == np.round(table))
    assert centre.disposition_list(3) == table[3].tolist()
    assert centre.leans_to_us(3) == (table[3][US] >= 0)
    assert buying_centre.receptivity_of("growth", cross_sell.parameters) == pytest.approx(
        cross_sell.parameters.receptivity_growth
    )


# ---- rules --------------------------------------------------------------------------------------


def test_a_relationship_visit_warms_only_its_target(cross_sell: Scenario) -> None:
    deal = fresh(cross_sell)
    target = deal.centre.index("wu")
    before = deal.centre.perception[:, US, REL].copy()
    spend = deal.spend
    rules.perform(deal, Assignment("relationship_visit", ("rep",), ("wu",)))
    after = deal.centre.perception[:, US, REL]
    assert after[target] > before[target]
    others = [s for s in range(len(before)) if s != target]
    assert np.array_equal(after[others], before[others])
    spec = CATALOGUE["relationship_visit"]
    assert deal.spend == pytest.approx(spend + spec.cost)
    assert deal.hours_used["rep"] == pytest.approx(spec.hours)


def test_discovery_records_what_the_team_learned(cross_sell: Scenario) -> None:
    game = sim.Simulation(cross_sell, seed=11)
    start = len(game.log.records)
    rules.perform(game.deal, Assignment("discovery_meeting", ("rep",), ("zhou", "wu")))
    new = game.log.records[start:]
    assert [r.kind for r in new].count("activity") == 1
    assert sorted(r.target for r in new if r.kind == "needs_discovered") == ["wu", "zhou"]
    assert all(r.view == "team" for r in new if r.kind == "needs_discovered")


def test_the_same_activity_on_the_same_seed_has_the_same_effect(cross_sell: Scenario) -> None:
    one, two = fresh(cross_sell, 5), fresh(cross_sell, 5)
    for deal in (one, two):
        rules.perform(deal, Assignment("discovery_meeting", ("rep",), ("zhou",)))
    assert np.array_equal(one.centre.perception, two.centre.perception)


# ---- decision -----------------------------------------------------------------------------------


def test_no_bid_of_ours_means_no_chance(cross_sell: Scenario) -> None:
    deal = fresh(cross_sell)
    theirs = [b for b in bids(deal) if b.vendor != US]
    assert decision.win_chance(deal, theirs) == 0.0
    chance = decision.win_chance(deal, bids(deal))
    assert 0.0 < chance < 1.0


def test_a_lower_price_earns_more_commercial_points(cross_sell: Scenario) -> None:
    deal = fresh(cross_sell)
    points = decision.commercial_points(deal, np.array([1.0e6, 1.2e6, 1.5e6]))
    assert points[0] > points[1] > points[2]


def test_decide_follows_its_pre_drawn_uniforms(cross_sell: Scenario) -> None:
    deal = fresh(cross_sell)
    offers = bids(deal)
    none = decision.decide(deal, offers, np.array([0.0] + [0.5] * len(offers)))
    if none.no_decision_chance > 0.0:
        assert (none.outcome, none.winner) == ("no_decision", None)
    verdict = decision.decide(deal, offers, np.array([1.0] + [0.5] * len(offers)))
    assert verdict.outcome in ("won", "lost") and verdict.winner in deal.vendors
    assert (verdict.outcome == "won") == (verdict.winner == deal.vendors[US])


def test_decide_wins_as_often_as_win_chance_says(cross_sell: Scenario) -> None:
    """The engine's estimate is exact for its own draw: over 4,000 seeded draws the win share
    lies within 4 standard errors of ``win_chance`` (a false alarm about 1 in 16,000)."""
    deal = fresh(cross_sell)
    offers = bids(deal)
    chance = decision.win_chance(deal, offers)
    rng = np.random.default_rng(20261202)
    n = 4_000
    wins = sum(
        decision.decide(deal, offers, rng.random(1 + len(offers))).outcome == "won"
        for _ in range(n)
    )
    margin = 4 * np.sqrt(chance * (1 - chance) / n)
    assert abs(wins / n - chance) <= margin


# ---- competitors --------------------------------------------------------------------------------


def test_each_competitor_gets_the_agent_of_its_archetype(cross_sell: Scenario) -> None:
    agents = competitors.make_agents(cross_sell.competitors)
    assert [a.id for a in agents] == [c.id for c in cross_sell.competitors]
    assert [a.vendor for a in agents] == list(range(1, len(agents) + 1))
    for agent, spec in zip(agents, cross_sell.competitors, strict=True):
        assert isinstance(agent, competitors.ARCHETYPES[spec.archetype])
        assert competitors.draws_per_week(spec) >= spec.capacity


def test_a_competitors_bid_stays_within_its_discount(cross_sell: Scenario) -> None:
    deal = fresh(cross_sell)
    for agent in competitors.make_agents(cross_sell.competitors):
        offer = agent.bid(deal)
        assert offer.vendor == agent.vendor
        assert 0.0 <= offer.discount <= agent.spec.max_discount + 1e-12
        assert offer.price > 0.0
