"""After a win: contract terms, delivery risk, acceptance, payment and satisfaction."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sim.model.deal import Deal

DEFAULT_CONCESSION = 0.08  # what procurement takes at contract time when nobody negotiates
TROUBLE_DELAY = 0.5  # a troubled project runs this much longer
TROUBLE_COST_OVERRUN = 0.3  # and costs this much more to deliver
REJECTION_CHANCE = 0.3  # a troubled project the customer refuses to accept
TROUBLED_COLLECTION = 0.8  # share of the price collected after a troubled but accepted delivery
TROUBLED_SPREAD = 0.15
DISPUTED_COLLECTION = 0.6  # share collected when acceptance is refused (settled in dispute)
AFTER_FINAL_ROUND = 0.5  # share of the usual concession asked after a best-and-final round
SCOPE_TRADE = 0.5  # of the concession a negotiator holds, the share traded for less scope


def sign_contract(deal: Deal) -> None:
    """Procurement presses for a concession. A skilled negotiator holds the price by trading:
    of the concession held, ``SCOPE_TRADE`` goes back to the customer as scope we no longer
    deliver (the contract is smaller, the delivery cheaper), the rest is kept."""
    assert deal.our_bid is not None
    # after a best-and-final round the price has already been squeezed once
    asked = DEFAULT_CONCESSION * (AFTER_FINAL_ROUND if deal.final_round == "closed" else 1.0)
    deal.concession = asked * (1.0 - deal.negotiated)
    deal.scope_cut = asked * deal.negotiated * SCOPE_TRADE
    deal.contract_value = deal.our_bid.price * (1.0 - deal.concession - deal.scope_cut)
    deal.record(
        "contract_signed", actor="us", value=deal.contract_value, note=f"{deal.concession:.3f}"
    )
    deal.meet_criterion("contract_signed")


def delivery_risk(deal: Deal) -> float:
    """Risk that delivery runs into trouble: lower with planning, higher under price pressure."""
    params = deal.params
    assert deal.our_bid is not None
    pressure = deal.our_bid.discount / max(deal.scenario.tender.max_discount, 1e-9)
    risk = (
        params.delivery_base_risk
        * (1.0 + params.price_pressure_risk * pressure)
        * (1.0 - params.planning_risk_reduction * deal.plan_quality)
    )
    return float(np.clip(risk, 0.0, 1.0))


def deliver(deal: Deal, draws: NDArray[np.float64]) -> float:
    """Decide how delivery goes; return how many weeks it takes."""
    risk = delivery_risk(deal)
    troubled = bool(draws[0] < risk)
    deal.delivery_troubled = troubled
    weeks = deal.clock.delivery_weeks * ((1.0 + TROUBLE_DELAY) if troubled else 1.0)
    deal.record(
        "delivery_risk", view="truth", value=risk, note="troubled" if troubled else "on_track"
    )
    return weeks


def accept_and_collect(deal: Deal, draws: NDArray[np.float64]) -> None:
    troubled = bool(deal.delivery_troubled)
    deal.accepted = (not troubled) or bool(draws[1] > REJECTION_CHANCE)
    if not troubled:
        deal.payment_collected = 1.0
    elif deal.accepted:
        deal.payment_collected = TROUBLED_COLLECTION + TROUBLED_SPREAD * float(draws[2])
    else:
        deal.payment_collected = DISPUTED_COLLECTION
    overrun = TROUBLE_COST_OVERRUN if troubled else 0.0
    cost_ratio = deal.scenario.solution.delivery_cost_ratio
    # Delivery cost follows the scope delivered (the full scope at list price), not the price
    # agreed: a discount or a concession comes off the margin in full.
    scope = 1.0 - deal.scope_cut  # the scope traded away in negotiation is not delivered
    deal.delivery_cost = deal.deal_value * cost_ratio * scope * (1 + overrun)
    deal.satisfaction = float(
        np.clip(0.75 + 0.2 * deal.plan_quality - (0.45 if troubled else 0.0), 0.0, 1.0)
    )
    deal.record("acceptance", value=1.0 if deal.accepted else 0.0)
    if deal.accepted:
        deal.meet_criterion("accepted")
    deal.record(
        "payment",
        value=deal.payment_collected * deal.contract_value,
        note=f"{deal.payment_collected:.3f}",
    )
    if deal.accepted:
        deal.meet_criterion("paid")
    deal.record(
        "satisfaction",
        value=deal.satisfaction,
        note=f"reference={deal.satisfaction if deal.accepted else 0.0:.3f}",
    )
