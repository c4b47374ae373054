"""Our sales stages and their exit criteria: verifiable outcomes the engine records."""

from __future__ import annotations

from sim.model.deal import Deal
from sim.model.plans import SALES_STAGES

MAPPED_SHARE = 0.6

EXIT_CRITERIA: dict[str, tuple[str, ...]] = {
    "prospecting": ("first_meeting",),
    "mapping": ("economic_buyer_met", "buying_centre_mapped"),
    "discovery": ("needs_confirmed",),
    "solution": ("solution_presented",),
    "bid": ("bid_submitted",),
    "award": ("award_received",),
    "contract": ("contract_signed",),
    "delivery": ("accepted",),
    "payment": ("paid",),
}
assert tuple(EXIT_CRITERIA) == SALES_STAGES


def check_criteria(deal: Deal) -> None:
    """Record every exit criterion that has become true, then move the stage on."""
    centre, beliefs = deal.centre, deal.beliefs
    met = [beliefs[i].met for i in centre.ids]
    if any(met):
        deal.meet_criterion("first_meeting")
    eb = centre.economic_buyer
    eb_belief = beliefs[centre.ids[eb]]
    if eb_belief.met and eb_belief.role is not None and "economic_buyer" in eb_belief.role:
        deal.meet_criterion("economic_buyer_met")
    mapped = sum(
        float(centre.influence[s]) for s, i in enumerate(centre.ids) if beliefs[i].role is not None
    )
    if mapped >= MAPPED_SHARE:
        deal.meet_criterion("buying_centre_mapped")
    needs = [centre.departments[s] for s, i in enumerate(centre.ids) if beliefs[i].needs_known]
    if any(d in ("business", "executive") for d in needs) and "technical" in needs:
        deal.meet_criterion("needs_confirmed")
    deciders = [
        s
        for s in deal.presented_to
        if centre.has_role(s, "economic_buyer") or centre.has_role(s, "technical_buyer")
    ]
    if deciders:
        deal.meet_criterion("solution_presented")
    index = 0
    for stage in SALES_STAGES:
        if all(c in deal.criteria for c in EXIT_CRITERIA[stage]):
            index += 1
        else:
            break
    if index != deal.stage_index:
        deal.stage_index = index
        deal.record("stage", note=current_stage(deal), value=float(index))


def current_stage(deal: Deal) -> str:
    return SALES_STAGES[min(deal.stage_index, len(SALES_STAGES) - 1)]
