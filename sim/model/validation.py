"""Checking a plan against the deal as it stands: capacity, budget, stage, access, targets."""

from __future__ import annotations

import math
from collections.abc import Iterator

from sim.model import numerics as nx
from sim.model.activities import ANGLES, CATALOGUE, ActivitySpec
from sim.model.deal import Deal
from sim.model.knowledge import HANDOFF_ACTIVITIES, NOTE_LIMIT
from sim.model.plans import SALES_STAGES, Assignment, Plan, Reason


def check_plan(deal: Deal, plan: Plan) -> list[Reason]:
    """Every reason the plan cannot be carried out this round (empty if it can)."""
    reasons: list[Reason] = []
    if deal.phase in ("delivery", "closed") and plan.assignments:
        reasons.append(Reason("deal_over"))
        return reasons
    for index, assignment in enumerate(plan.assignments):
        if _plainly_valid(deal, assignment):
            continue  # none of the checks below can find a reason
        reasons.extend(Reason(r.key, r.params, index) for r in _check_assignment(deal, assignment))
    reasons.extend(_capacity(deal, plan))
    if plan.forecast is not None:
        reasons.extend(_forecast(plan))
    if plan.rivals:  # a red team's orders (most plans have none)
        reasons.extend(_rivals(deal, plan))
    return reasons


def _rivals(deal: Deal, plan: Plan) -> Iterator[Reason]:
    """A red team's orders: a known vendor once, its own moves at people it can reach, no
    more than its capacity, a discount within its limit."""
    agents = {agent.id: agent for agent in deal.competitors}
    seen: set[str] = set()
    for order in plan.rivals:
        agent = agents.get(order.vendor)
        if agent is None:
            yield Reason("rival_unknown", {"vendor": order.vendor, "known": ", ".join(agents)})
            continue
        if order.vendor in seen:
            yield Reason("rival_twice", {"vendor": order.vendor})
        seen.add(order.vendor)
        if len(order.moves) > agent.spec.capacity:
            yield Reason(
                "rival_over_capacity",
                {"vendor": order.vendor, "count": len(order.moves), "limit": agent.spec.capacity},
            )
        for move in order.moves:
            if move.move not in agent.moves():
                yield Reason(
                    "rival_bad_move",
                    {"vendor": order.vendor, "move": move.move, "moves": ", ".join(agent.moves())},
                )
            where = {"vendor": order.vendor, "target": move.target}
            if move.target not in deal.centre.ids:
                yield Reason("rival_unknown_target", where)
            elif not agent.can_reach(deal, deal.index(move.target)):
                yield Reason("rival_unreachable", where)
        limit = agent.spec.max_discount
        if order.discount is not None and not (
            math.isfinite(order.discount) and 0.0 <= order.discount <= limit
        ):
            yield Reason("rival_bad_discount", {"value": order.discount, "limit": limit})


def hours_of(plan: Plan) -> dict[str, float]:
    """Hours each member spends on the plan."""
    hours: dict[str, float] = {}
    for assignment in plan.assignments:
        spec = CATALOGUE.get(assignment.activity)
        if spec is None:
            continue
        for member_id in assignment.members:
            hours[member_id] = hours.get(member_id, 0.0) + spec.hours
    return hours


def cost_of(plan: Plan) -> float:
    """Pursuit expenses of the plan (labour is cost of sale, not budget)."""
    return nx.total(CATALOGUE[a.activity].cost for a in plan.assignments if a.activity in CATALOGUE)


def _capacity(deal: Deal, plan: Plan) -> Iterator[Reason]:
    for member_id, hours in hours_of(plan).items():
        if member_id not in deal.team.members:
            continue
        available = deal.team[member_id].weekly_hours
        if hours > available + 1e-9:
            yield Reason(
                "over_capacity", {"member": member_id, "hours": hours, "available": available}
            )
    cost = cost_of(plan)
    left = deal.budget_left()
    if cost > left + 1e-6:
        yield Reason("over_budget", {"cost": round(cost), "left": round(max(left, 0.0))})


def _forecast(plan: Plan) -> Iterator[Reason]:
    forecast = plan.forecast
    assert forecast is not None
    if forecast.stage not in SALES_STAGES:
        yield Reason("bad_stage", {"stage": forecast.stage, "stages": ", ".join(SALES_STAGES)})
    p = forecast.win_probability
    if not (isinstance(p, int | float) and math.isfinite(p) and 0.0 <= p <= 1.0):
        yield Reason("bad_probability", {"value": p})


def _plainly_valid(deal: Deal, a: Assignment) -> bool:
    """A quick test that :func:`_check_assignment` would find nothing wrong: True only when
    every one of its checks passes (the common case, a policy's own plan). False means "look
    closer", not "invalid": discounts, notes, final offers and doors opened by an executive
    are left to the full check."""
    spec = CATALOGUE.get(a.activity)
    if spec is None or a.discount is not None or a.note or a.activity == "final_offer":
        return False
    members = a.members
    team = deal.team.members
    if not members or len(members) < spec.min_members or len(set(members)) != len(members):
        return False
    for member in members:
        if member not in team:
            return False
    if team[members[0]].role not in spec.lead_roles or deal.phase not in spec.phases:
        return False
    targets = a.targets
    count = len(targets)
    if not spec.min_targets <= count <= spec.max_targets or len(set(targets)) != count:
        return False
    if spec.targets == "members":
        for target in targets:
            if target not in team or target in members:
                return False
    elif spec.targets == "stakeholders":
        ids = deal.centre.ids
        beliefs = deal.beliefs
        for target in targets:  # deal.reachable of the target's seat, without the index
            if target not in ids or not beliefs[target].reachable:
                return False
    if spec.needs_angle:
        if a.angle not in ANGLES:
            return False
    elif a.angle is not None:
        return False
    if a.activity == "reference_visit" and deal.scenario.solution.references == 0:
        return False
    return not (a.activity == "clarification_answers" and deal.our_bid is None)


def _check_assignment(deal: Deal, a: Assignment) -> Iterator[Reason]:
    spec = CATALOGUE.get(a.activity)
    if spec is None:
        yield Reason("unknown_activity", {"activity": a.activity, "known": ", ".join(CATALOGUE)})
        return
    yield from _members(deal, a, spec)
    if deal.phase not in spec.phases:
        yield Reason(
            "wrong_phase",
            {"activity": a.activity, "phase": deal.phase, "phases": ", ".join(spec.phases)},
        )
    yield from _targets(deal, a, spec)
    if spec.needs_angle and a.angle not in ANGLES:
        yield Reason(
            "bad_angle", {"activity": a.activity, "angle": a.angle, "angles": ", ".join(ANGLES)}
        )
    if not spec.needs_angle and a.angle is not None:
        yield Reason("angle_not_used", {"activity": a.activity})
    if a.discount is not None:
        limit = deal.scenario.tender.max_discount
        if a.activity not in ("bid_preparation", "final_offer"):
            yield Reason("discount_not_used", {"activity": a.activity})
        elif not (math.isfinite(a.discount) and 0.0 <= a.discount <= limit):
            yield Reason("bad_discount", {"value": a.discount, "limit": limit})
        elif a.activity == "final_offer" and a.discount < deal.bid_discount:
            yield Reason(
                "final_offer_raises_price", {"value": a.discount, "bid": deal.bid_discount}
            )
    if a.activity == "final_offer":
        if deal.final_round != "open":
            yield Reason("no_final_round")
        elif a.discount is None:
            yield Reason("final_offer_needs_discount")
    if a.note:
        if a.activity not in HANDOFF_ACTIVITIES:
            yield Reason("note_not_used", {"activity": a.activity})
        elif len(a.note) > NOTE_LIMIT:
            yield Reason("note_too_long", {"length": len(a.note), "limit": NOTE_LIMIT})
    if a.activity == "reference_visit" and deal.scenario.solution.references == 0:
        yield Reason("no_references")
    if a.activity == "clarification_answers" and deal.our_bid is None:
        yield Reason("no_bid")


def _members(deal: Deal, a: Assignment, spec: ActivitySpec) -> Iterator[Reason]:
    if not a.members:
        yield Reason("no_members", {"activity": a.activity})
        return
    unknown = [m for m in a.members if m not in deal.team.members]
    for member_id in unknown:
        yield Reason("unknown_member", {"member": member_id, "known": ", ".join(deal.team.members)})
    if len(set(a.members)) != len(a.members):
        yield Reason("duplicate_member", {"activity": a.activity})
    if len(a.members) < spec.min_members:
        yield Reason("too_few_members", {"activity": a.activity, "count": spec.min_members})
    lead = a.members[0]
    if lead in deal.team.members and deal.team[lead].role not in spec.lead_roles:
        yield Reason(
            "wrong_role",
            {
                "member": lead,
                "role": deal.team[lead].role,
                "activity": a.activity,
                "roles": ", ".join(spec.lead_roles),
            },
        )


def _targets(deal: Deal, a: Assignment, spec: ActivitySpec) -> Iterator[Reason]:
    count = len(a.targets)
    if not spec.min_targets <= count <= spec.max_targets:
        yield Reason(
            "target_count",
            {
                "activity": a.activity,
                "low": spec.min_targets,
                "high": spec.max_targets,
                "count": count,
            },
        )
    if len(set(a.targets)) != count:
        yield Reason("duplicate_target", {"activity": a.activity})
    if spec.targets == "members":
        for target in a.targets:
            if target not in deal.team.members:
                yield Reason(
                    "unknown_member", {"member": target, "known": ", ".join(deal.team.members)}
                )
            elif target in a.members:
                yield Reason("brief_self", {"member": target})
        return
    if spec.targets != "stakeholders":
        return
    lead_role = (
        deal.team[a.members[0]].role if a.members and a.members[0] in deal.team.members else ""
    )
    for target in a.targets:
        if target not in deal.centre.ids:
            yield Reason(
                "unknown_stakeholder", {"stakeholder": target, "known": ", ".join(deal.centre.ids)}
            )
            continue
        s = deal.index(target)
        if deal.reachable(s):
            continue
        reach = deal.scenario.stakeholders[s].reach
        if (
            reach == "executive_peer"
            and lead_role == "executive"
            and a.activity == "executive_meeting"
        ):
            continue
        yield Reason(f"unreachable_{reach}", {"stakeholder": target})
