"""Our sales stages and their exit criteria: verifiable outcomes the engine records."""

from __future__ import annotations

from collections.abc import Callable

from sim.model import numerics as nx
from sim.model.deal import Deal
from sim.model.plans import SALES_STAGES

MAPPED_SHARE = 0.6
# The furthest stage we can honestly be in while the customer's process is in each phase: we
# cannot be "bidding" while they are still writing requirements.
STAGE_CAP_BY_PHASE = {
    "latent": "discovery",
    "requirements": "solution",
    "tender": "bid",
    "evaluation": "award",
    "negotiation": "contract",
    "delivery": "payment",
    "closed": "payment",
}

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
_STAGE_CRITERIA = tuple(EXIT_CRITERIA[stage] for stage in SALES_STAGES)
_CAP_INDEX = {phase: SALES_STAGES.index(cap) for phase, cap in STAGE_CAP_BY_PHASE.items()}


def check_criteria(deal: Deal) -> None:
    """Record every exit criterion that has become true, then move the stage on.

    A criterion once met stays met, so only the open ones are evaluated.
    """
    met = deal.criteria
    for name, test in SELLING_CRITERIA:
        if name not in met and test(deal):
            deal.meet_criterion(name)
    index = 0
    for stage_criteria in _STAGE_CRITERIA:
        for c in stage_criteria:
            if c not in met:
                break
        else:
            index += 1
            continue
        break
    index = min(index, _CAP_INDEX[deal.phase])
    if index != deal.stage_index:
        deal.stage_index = index
        deal.record("stage", note=current_stage(deal), value=float(index))


def _first_meeting(deal: Deal) -> bool:
    return any(deal.beliefs[i].met for i in deal.centre.ids)


def _economic_buyer_met(deal: Deal) -> bool:
    belief = deal.beliefs[deal.centre.ids[deal.centre.economic_buyer]]
    return belief.met and belief.role is not None and "economic_buyer" in belief.role


def _buying_centre_mapped(deal: Deal) -> bool:
    """The people who carry most of the (true) influence are known by role from our own work —
    met in person or placed by a mapping — not only from what the account file said."""
    centre, beliefs = deal.centre, deal.beliefs
    mapped = nx.total(
        float(centre.influence[s])
        for s, i in enumerate(centre.ids)
        if beliefs[i].role and (beliefs[i].met or beliefs[i].mapped)
    )
    return mapped >= MAPPED_SHARE


def _needs_confirmed(deal: Deal) -> bool:
    """The owners themselves confirmed the needs: the economic buyer (the business owner) and
    a technical buyer, each in a discovery meeting or workshop of ours."""
    centre, beliefs = deal.centre, deal.beliefs
    business = beliefs[centre.ids[centre.economic_buyer]].needs_known
    technical = any(
        beliefs[i].needs_known
        for s, i in enumerate(centre.ids)
        if centre.has_role(s, "technical_buyer")
    )
    return business and technical


def _solution_presented(deal: Deal) -> bool:
    centre = deal.centre
    return any(
        centre.has_role(s, "economic_buyer") or centre.has_role(s, "technical_buyer")
        for s in deal.presented_to
    )


# Criteria the weekly check evaluates; the rest (bid, award, contract, ...) are recorded by the
# engine when they happen.
SELLING_CRITERIA: tuple[tuple[str, Callable[[Deal], bool]], ...] = (
    ("first_meeting", _first_meeting),
    ("economic_buyer_met", _economic_buyer_met),
    ("buying_centre_mapped", _buying_centre_mapped),
    ("needs_confirmed", _needs_confirmed),
    ("solution_presented", _solution_presented),
)


def current_stage(deal: Deal) -> str:
    return SALES_STAGES[min(deal.stage_index, len(SALES_STAGES) - 1)]
