"""Scripted and random customer events: a new decision maker, budget cuts, requests, slips."""

from __future__ import annotations

from sim.model.buying_centre import IR, US
from sim.model.deal import Deal, PMRequest
from sim.scenario.schema import BudgetCut, CustomerAsksPM, DecisionMakerReplaced, TimelineSlip

BUDGET_CUT_DOUBT = 0.05  # a cut budget makes doing nothing more attractive
MISSED_PM_SETBACK = 0.10

CustomerEvent = DecisionMakerReplaced | BudgetCut | CustomerAsksPM | TimelineSlip


def apply_event(deal: Deal, event: CustomerEvent) -> None:
    """Let one scenario event happen now (the engine decides when and whether)."""
    if isinstance(event, DecisionMakerReplaced):
        s = deal.index(event.stakeholder)
        deal.centre.replace(s, event.successor, deal.reputations, deal.params, deal.vendors)
        deal.beliefs.forget(event.stakeholder)
        deal.clock.slip(event.delay_weeks, deal.week)
        deal.record(
            "decision_maker_replaced",
            target=event.stakeholder,
            value=float(event.delay_weeks),
            note=event.successor.name.en,
        )
    elif isinstance(event, BudgetCut):
        deal.deal_value *= event.factor
        deal.centre.status_quo += BUDGET_CUT_DOUBT
        deal.record("budget_cut", value=event.factor)
    elif isinstance(event, CustomerAsksPM):
        s = deal.index(event.stakeholder)
        deal.pm_requests.append(PMRequest(s, deal.week + event.deadline_weeks))
        deal.record(
            "pm_requested", target=event.stakeholder, value=float(deal.week + event.deadline_weeks)
        )
    else:
        deal.clock.slip(event.weeks, deal.week)
        deal.record("timeline_slip", value=float(event.weeks))


def expire_pm_requests(deal: Deal) -> None:
    """A customer who asked to meet our PM and was ignored draws its own conclusions."""
    for request in list(deal.pm_requests):
        if request.deadline < deal.week:
            deal.pm_requests.remove(request)
            deal.centre.set_back(request.stakeholder, US, IR, MISSED_PM_SETBACK)
            deal.centre.status_quo[request.stakeholder] += BUDGET_CUT_DOUBT
            deal.record("pm_request_missed", target=deal.centre.ids[request.stakeholder])
