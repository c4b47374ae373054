"""The naive policy: what an untrained lone rep does.

Pitches the product early (technology angle) to whoever will listen, skips mapping, makes no
hand-offs, leaves the executives out, ignores requests to meet the project manager, and pulls
the presales consultant in cold to write the bid.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sim.model.observation import TeamView
from sim.model.plans import Assignment, Plan
from sim.policies.base import PlanBuilder, stage_forecast

NAIVE_DISCOUNT = 0.15


class NaivePolicy:
    name = "naive"

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
        reps = view.members_with_role("sales_rep")
        if not reps:
            return b.build(None)
        rep = reps[0]
        presales = next(iter(view.members_with_role("presales")), None)
        reachable = [p for p in view.stakeholders if p.reachable]
        if view.phase == "negotiation":
            buyer = next(
                (p for p in reachable if p.role and "economic_buyer" in p.role), reachable[0]
            )
            b.add("negotiation", (rep.id,), (buyer.id,))
            return b.build(stage_forecast(view))
        if view.phase == "tender" and view.bid_hours < 32:
            b.add(
                "bid_preparation",
                (rep.id, *((presales.id,) if presales else ())),
                discount=NAIVE_DISCOUNT,
            )
        if view.phase == "evaluation" and presales is not None and view.bid_submitted:
            b.add("clarification_answers", (presales.id,), (reachable[0].id,))
        friendly = sorted(reachable, key=lambda p: -((p.disposition or (0.0,))[0]))
        if view.phase in ("requirements", "tender"):
            b.add(
                "solution_presentation",
                (rep.id,),
                tuple(p.id for p in friendly[:3]),
                angle="technology",
            )
        first = [p for p in friendly if not p.met][:1]
        if first:
            b.add("discovery_meeting", (rep.id,), (first[0].id,))
        for person in friendly[:2]:
            b.add("relationship_visit", (rep.id,), (person.id,))
        return b.build(stage_forecast(view))
