"""Stories for the commercial and customer rules: the best-and-final round, competitors'
price answers, negotiation that trades scope for price, incumbency, familiarity, doubt that
wears out, and competitors bound by access (docs/model.md, *Competitors*, *Decision*, *After
the win*). Each story plays the engine or the rule directly and checks what it leaves.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import sim
from sim.model import competitors, delivery
from sim.model.buying_centre import FAMILIARITY_STEP, IR, US
from sim.model.deal import Bid
from sim.model.plans import Assignment, Plan, PlanError
from sim.scenario import Scenario


def _play_to(game: sim.Simulation, phase: str) -> None:
    while not game.done and game.deal.phase != phase:
        game.advance()


def test_a_private_tender_opens_a_final_round_and_every_bidder_answers(
    cross_sell: Scenario,
) -> None:
    assert cross_sell.tender.best_and_final
    game = sim.Simulation(cross_sell, seed=3, policy="expert")
    _play_to(game, "evaluation")
    deal = game.deal
    view = game.observe()
    assert view.final_offer_open and deal.final_round == "open"
    lowest = min(b.price for b in deal.bids)
    assert view.price_gap == pytest.approx(deal.our_bid.price / lowest - 1.0)  # type: ignore[union-attr]
    before = {b.vendor: b.price for b in deal.bids}
    game.advance()
    kinds = [r.kind for r in game.log.records]
    assert kinds.count("final_offer") == len(before), "one final offer per bidder"
    assert deal.final_round == "closed"
    after = {b.vendor: b.price for b in deal.bids}
    assert all(after[v] <= before[v] + 1e-9 for v in before), "a final offer never raises a price"
    assert any(after[v] < before[v] for v in before if v != US), "rivals answer the lower price"


def test_our_final_offer_is_checked_and_applied(cross_sell: Scenario) -> None:
    game = sim.Simulation(cross_sell, seed=3, policy=None)
    with pytest.raises(PlanError) as refused:  # no round open before the bids
        game.plan(Plan((Assignment("final_offer", ("rep",), (), None, 0.2),)))
    assert [r.key for r in refused.value.reasons][-1] == "no_final_round"
    expert = sim.Simulation(cross_sell, seed=3, policy="expert")
    _play_to(expert, "evaluation")
    deal = expert.deal
    bid = deal.bid_discount
    with pytest.raises(PlanError) as higher:
        expert.plan(Plan((Assignment("final_offer", ("rep",), (), None, bid / 2),)))
    assert "final_offer_raises_price" in [r.key for r in higher.value.reasons]
    expert.plan(Plan((Assignment("final_offer", ("rep",), (), None, bid + 0.05),)))
    expert.advance()
    assert deal.bid_discount == pytest.approx(bid + 0.05)
    assert deal.our_bid is not None
    assert deal.our_bid.price == pytest.approx(deal.deal_value * (1 - bid - 0.05))


def test_a_price_aggressor_undercuts_the_lowest_offer_within_its_floor(
    cross_sell: Scenario,
) -> None:
    game = sim.Simulation(cross_sell, seed=3, policy=None)
    deal = game.deal
    agent = competitors.make_agents(cross_sell.competitors)[1]
    assert agent.spec.archetype == "price_aggressor"
    list_price = deal.deal_value * agent.spec.price_ratio
    own = Bid(agent.vendor, list_price * 0.95, 0.05, 0.9)
    close = agent.final_bid(deal, own, lowest_other=list_price * 0.90)
    assert close.price == pytest.approx(list_price * 0.90 * (1 - competitors.UNDERCUT))
    far = agent.final_bid(deal, own, lowest_other=list_price * 0.30)
    assert far.discount == pytest.approx(agent.spec.max_discount), "never past its floor"
    leader = competitors.TechnicalLeader(agent.spec, agent.vendor)
    held = leader.final_bid(deal, own, lowest_other=list_price * 0.90)
    assert own.price > held.price > close.price, "a technical leader holds on quality"


def test_negotiation_trades_part_of_the_concession_for_scope(cross_sell: Scenario) -> None:
    def signed(skill: float) -> tuple[float, float]:
        game = sim.Simulation(cross_sell, seed=3, policy=None)
        deal = game.deal
        deal.our_bid = Bid(US, deal.deal_value * 0.9, 0.1, 0.95)
        deal.negotiated = skill
        delivery.sign_contract(deal)
        deal.delivery_troubled = False
        delivery.accept_and_collect(deal, np.array([0.9, 0.9, 0.5]))
        return deal.contract_value, deal.contract_value - deal.delivery_cost

    (value_0, margin_0), (value_1, margin_1) = signed(0.0), signed(1.0)
    assert value_0 == pytest.approx(cross_sell.account.deal_value * 0.9 * 0.92)
    assert value_1 > value_0, "the negotiator holds most of the price"
    assert margin_1 > margin_0, "and the scope traded away is not delivered"


def test_an_incumbent_holds_switching_cost_that_our_proof_wears_down(
    cross_sell: Scenario,
) -> None:
    spec = cross_sell.competitors[0].model_copy(update={"archetype": "incumbent"})
    scenario = cross_sell.model_copy(update={"competitors": (spec, *cross_sell.competitors[1:])})
    assert spec.incumbency_bonus == pytest.approx(0.04)
    plain = sim.Simulation(cross_sell, seed=3, policy=None).deal.centre
    held = sim.Simulation(scenario, seed=3, policy=None).deal.centre
    assert held.familiarity[0, 1] > plain.familiarity[0, 1], "an incumbent is known"
    gap = held.utility()[:, 1] - plain.utility()[:, 1]
    assert (gap > 0.04 - 1e-9).all()
    held.proof[:] = 1.0
    reduced = held.utility()[:, 1] - plain.utility()[:, 1]
    assert (reduced < gap).all(), "proof of delivery makes switching less frightening"


def test_every_meeting_makes_a_vendor_better_known_with_diminishing_steps(
    cross_sell: Scenario,
) -> None:
    centre = sim.Simulation(cross_sell, seed=3, policy=None).deal.centre
    start = float(centre.familiarity[0, 2])
    steps = []
    for _ in range(4):
        before = float(centre.familiarity[0, 2])
        centre.get_to_know(0, 2)
        steps.append(float(centre.familiarity[0, 2]) - before)
    assert steps[0] == pytest.approx(FAMILIARITY_STEP * (1 - start))
    assert all(b < a for a, b in itertools.pairwise(steps))
    assert float(centre.familiarity[0, 2]) < 1.0


def test_repeated_doubt_wears_out_and_its_total_harm_is_bounded(cross_sell: Scenario) -> None:
    game = sim.Simulation(cross_sell, seed=3, policy=None)
    deal = game.deal
    raiser = competitors.make_agents(cross_sell.competitors)[0]
    assert isinstance(raiser, competitors.DoubtRaiser)
    zhou = deal.index("zhou")
    losses = []
    for _ in range(12):
        before = float(deal.centre.perception[zhou, US, IR])
        raiser.move(deal, zhou)
        losses.append(before - float(deal.centre.perception[zhou, US, IR]))
    assert all(b < a for a, b in itertools.pairwise(losses)), losses
    bound = cross_sell.parameters.doubt_effect / (1 - np.exp(-competitors.DOUBT_DECAY))
    assert sum(losses) < bound


def test_a_rival_needs_an_introduction_like_we_do(cross_sell: Scenario) -> None:
    game = sim.Simulation(cross_sell, seed=3, policy=None)
    deal = game.deal
    rival = competitors.make_agents(cross_sell.competitors)[1]
    liu = deal.index("liu")  # reach: introduction, by wu or zhou
    assert not rival.can_reach(deal, liu)
    rival.worked.add(deal.index("wu"))
    assert rival.can_reach(deal, liu)
    chen = deal.index("chen")  # an executive peer: only once the tender is out
    assert not rival.can_reach(deal, chen)
    deal.phase = "tender"
    assert rival.can_reach(deal, chen)


def test_a_rival_guesses_the_worries_of_people_it_has_not_met(cross_sell: Scenario) -> None:
    deal = sim.Simulation(cross_sell, seed=3, policy=None).deal
    rival = competitors.make_agents(cross_sell.competitors)[0]
    he = deal.index("he")
    guess = rival.worry(deal, he)
    assert guess == competitors.DEPARTMENT_WORRY.get(deal.centre.departments[he], 0.2)
    rival.worked.add(he)
    assert rival.worry(deal, he) == pytest.approx(float(deal.centre.concerns[he, IR]))
