"""Tricks no real seller would rely on, as policies (``trick:NAME``), so a benchmark can show
that none of them beats sound play on expected margin.

Each trick still writes and submits a bid (the rep and presales) and, after an award,
negotiates; what it does before that is the one idea it is named after:

- ``max_discount``: the expert's play, bidding (and finally offering) the tender's maximum;
- ``presentation_spam``: presentations to everyone reachable, every week;
- ``executive_only``: only our executive meets the customer, every week;
- ``relationship_only``: only relationship visits by the rep;
- ``briefing_spam``: internal briefings every week, then the typical team's play;
- ``wait_then_bid``: nothing until the tender, then the bid;
- ``economic_buyer_only``: every meeting aimed at the economic buyer.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from sim.model.observation import TeamView
from sim.model.plans import Assignment, Plan
from sim.policies.base import PlanBuilder, stage_forecast
from sim.policies.expert import ExpertPolicy, Variation
from sim.policies.typical import TypicalPolicy

TRICK_DISCOUNT = 0.10
Move = Callable[[PlanBuilder, TeamView], None]


def _member(view: TeamView, role: str) -> str | None:
    found = view.members_with_role(role)
    return found[0].id if found else None


def _bid_and_close(b: PlanBuilder, view: TeamView) -> None:
    rep, presales = _member(view, "sales_rep"), _member(view, "presales")
    writers = tuple(m for m in (presales, rep) if m is not None)
    if (
        view.phase == "tender"
        and view.bid_hours < 48
        and writers
        and not b.add("bid_preparation", writers[:2], discount=TRICK_DISCOUNT)
    ):
        b.add("bid_preparation", writers[:1], discount=TRICK_DISCOUNT)
    reachable = [p for p in view.stakeholders if p.reachable]
    if view.phase == "evaluation" and view.bid_submitted and presales and reachable:
        b.add("clarification_answers", (presales,), (reachable[0].id,))
    if view.phase == "negotiation" and rep and reachable:
        b.add("negotiation", (rep,), (reachable[0].id,))


def _presentation_spam(b: PlanBuilder, view: TeamView) -> None:
    lead = _member(view, "presales") or _member(view, "sales_rep")
    people = [p.id for p in view.stakeholders if p.reachable]
    if lead and people:
        b.add("solution_presentation", (lead,), tuple(people[:6]), angle="technology")


def _executive_only(b: PlanBuilder, view: TeamView) -> None:
    executive = _member(view, "executive")
    people = sorted((p for p in view.stakeholders if p.reachable), key=lambda p: (p.contacts, p.id))
    if executive and people:
        b.add("executive_meeting", (executive,), (people[0].id,))


def _relationship_only(b: PlanBuilder, view: TeamView) -> None:
    rep = _member(view, "sales_rep")
    for person in [p for p in view.stakeholders if p.reachable][:3]:
        if rep:
            b.add("relationship_visit", (rep,), (person.id,))


def _economic_buyer_only(b: PlanBuilder, view: TeamView) -> None:
    rep, executive = _member(view, "sales_rep"), _member(view, "executive")
    buyers = [
        p
        for p in view.stakeholders
        if (p.reachable or p.reach == "executive_peer")
        and (p.department == "executive" or (p.role and "economic_buyer" in p.role))
    ]
    if not buyers:
        return
    target = (buyers[0].id,)
    if executive:
        b.add("executive_meeting", (executive,), target)
    if rep and buyers[0].reachable:
        b.add("relationship_visit", (rep,), target)
        if view.phase in ("requirements", "tender"):
            b.add("solution_presentation", (rep,), target, angle="business")


class TrickPolicy:
    """One idea, every week, around a bid."""

    def __init__(self, trick: str, move: Move) -> None:
        self.name = f"trick:{trick}"
        self._move = move

    def plan(
        self,
        view: TeamView,
        *,
        members: Collection[str] | None = None,
        taken: Sequence[Assignment] = (),
    ) -> Plan:
        if view.done:
            return Plan()
        b = PlanBuilder(view, members=members, taken=taken)
        _bid_and_close(b, view)
        if view.phase not in ("negotiation",):
            self._move(b, view)
        return b.build(stage_forecast(view))


class _BriefingSpam(TypicalPolicy):
    def __init__(self) -> None:
        super().__init__()
        self.name = "trick:briefing_spam"

    def plan(
        self,
        view: TeamView,
        *,
        members: Collection[str] | None = None,
        taken: Sequence[Assignment] = (),
    ) -> Plan:
        rep = _member(view, "sales_rep")
        others = tuple(m.id for m in view.members if m.role != "sales_rep")[:3]
        extra: list[Assignment] = []
        if rep and others and not view.done and "internal_briefing" in view.allowed_activities:
            extra.append(Assignment("internal_briefing", (rep,), others))
        plan = super().plan(view, members=members, taken=(*taken, *extra))
        return Plan((*extra, *plan.assignments), plan.forecast) if extra else plan


TRICKS: dict[str, Callable[[], object]] = {
    "max_discount": lambda: _named(ExpertPolicy(Variation(discount=0.6)), "max_discount"),
    "presentation_spam": lambda: TrickPolicy("presentation_spam", _presentation_spam),
    "executive_only": lambda: TrickPolicy("executive_only", _executive_only),
    "relationship_only": lambda: TrickPolicy("relationship_only", _relationship_only),
    "briefing_spam": _BriefingSpam,
    "wait_then_bid": lambda: TrickPolicy("wait_then_bid", lambda b, view: None),
    "economic_buyer_only": lambda: TrickPolicy("economic_buyer_only", _economic_buyer_only),
}


def _named(policy: ExpertPolicy, trick: str) -> ExpertPolicy:
    policy.name = f"trick:{trick}"
    return policy
