"""The expert policy: a coordinated team following the process, and its scripted variations.

Each :class:`Variation` field switches off or bends one habit of good team selling, so an
experiment can measure what that habit is worth (``expert:angle=technology``,
``expert:pm=never``, ``expert:pm_briefed=false``, ``expert:escalation=false`` ...).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Literal

from sim.model.observation import MemberView, StakeholderView, TeamView
from sim.model.plans import Assignment, Plan
from sim.policies.base import PlanBuilder, fitting_angle, stage_forecast

PMTiming = Literal["early", "late", "never"]
AngleChoice = Literal["fit", "technology", "business"]
IMPLEMENTATION = 2  # index of implementation risk in the concern weights
BID_HOURS_TARGET = 48.0
EXECUTIVE_GAP = 3  # weeks between our executive's meetings with one senior
VISIT_GAP = 2  # weeks since we last saw someone before a relationship visit
FINAL_MARGIN = 0.05  # how much further than its bid the team will go in a final offer
REALIGN_WEEKS = 6
ROLE_RANK = {"sales_rep": 0, "presales": 1, "project_manager": 2, "executive": 3}


@dataclass(frozen=True)
class Variation:
    angle: AngleChoice = "fit"
    pm: PMTiming = "early"
    pm_briefed: bool = True
    escalation: bool = True
    references: bool = True
    strategy: bool = True
    briefings: bool = True
    mapping: bool = True
    discount: float = 0.10

    def spec(self) -> str:
        default = Variation()
        changed = [
            f"{f.name}={_text(getattr(self, f.name))}"
            for f in fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        ]
        return "expert" + (":" + ",".join(changed) if changed else "")


def _text(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def parse_variation(options: str) -> Variation:
    """``angle=technology,pm=never`` → Variation; raises ValueError naming the bad option."""
    variation = Variation()
    known = {f.name: f for f in fields(Variation)}
    for item in filter(None, (part.strip() for part in options.split(","))):
        key, _, raw = item.partition("=")
        if key not in known or not raw:
            raise ValueError(
                f"unknown policy option '{item}' (expected one of: {', '.join(known)})"
            )
        default = getattr(Variation(), key)
        value: object
        if isinstance(default, bool):
            if raw.lower() not in ("true", "false"):
                raise ValueError(f"policy option {key} takes true or false, not '{raw}'")
            value = raw.lower() == "true"
        elif isinstance(default, float):
            value = float(raw)
            if not 0.0 <= float(value) <= 0.6:
                raise ValueError(f"policy option {key} must be between 0 and 0.6, not {raw}")
        else:
            allowed = {
                "angle": ("fit", "technology", "business"),
                "pm": ("early", "late", "never"),
            }[key]
            if raw not in allowed:
                raise ValueError(
                    f"policy option {key} takes one of {', '.join(allowed)}, not '{raw}'"
                )
            value = raw
        variation = replace(variation, **{key: value})  # type: ignore[arg-type]  # checked above
    return variation


class ExpertPolicy:
    """Strategy session, hand-offs, mapping, discovery before solution, angle that fits,
    early PM with a plan and a reference, executives at the opening, a well-staffed bid."""

    def __init__(self, variation: Variation | None = None) -> None:
        self.variation = variation or Variation()
        self.name = self.variation.spec()

    def plan(
        self,
        view: TeamView,
        *,
        members: Collection[str] | None = None,
        taken: Sequence[Assignment] = (),
    ) -> Plan:
        """The team's plan; with ``members``, what the expert would have those members do
        around ``taken`` — what the people playing the other roles planned this round."""
        if view.done:
            return Plan()
        b = PlanBuilder(view, pace=True, members=members, taken=taken)
        firsts: dict[str, MemberView] = {}
        for m in view.members:  # the first member in each role
            firsts.setdefault(m.role, m)
        rep, presales = firsts.get("sales_rep"), firsts.get("presales")
        pm, executive = firsts.get("project_manager"), firsts.get("executive")
        v = self.variation
        people = sorted(view.stakeholders, key=lambda p: -(p.influence or 0.15))
        reachable = [p for p in people if p.reachable]
        pm_active = pm is not None and (
            (v.pm == "early" and view.phase in ("requirements", "tender", "evaluation"))
            or (v.pm == "late" and view.phase == "evaluation")
        )
        if v.strategy and view.phase != "negotiation":
            # everyone who will face the customer, the executive included, agrees the message
            # (planning for some members only: those of them the table does not align itself)
            together = b.mine(
                tuple([m.id for m in (rep, presales, pm, executive) if m is not None])
            )
            if b.taken:
                together = tuple(
                    [m for m in together if not b.taken_with("team_strategy_session", m)]
                )
            aligned = {m.id: m.aligned for m in view.members}
            if (len(together) > 1 and any(not aligned[m] for m in together)) or (
                view.week % REALIGN_WEEKS == 0 and view.week > 0
            ):
                b.add("team_strategy_session", together)
        if rep is not None and v.briefings:
            for member in (presales, pm):
                if member is None or member.warm or b.taken_with("internal_briefing", member.id):
                    continue
                if member is pm and (not v.pm_briefed or (not pm_active and v.pm != "early")):
                    continue
                for briefer in _briefers(b, view, rep, member):
                    if b.add("internal_briefing", (briefer.id,), (member.id,)):
                        break
        if view.phase == "negotiation":
            self._negotiate(b, view, rep, executive)
            return b.build(stage_forecast(view))
        if view.phase == "tender":  # the bid comes first: no money or hours left is no excuse
            self._bid(b, view, rep, presales, pm if pm_active else None)
        self._executive(b, view, executive, rep)
        self._pm(b, view, pm, rep, pm_active, reachable)
        if view.final_offer_open:
            self._final_offer(b, view, rep, executive)
        if view.phase == "evaluation":
            self._clarify(b, view, presales, pm if (pm_active or v.pm == "late") else None, people)
        if not pm_active:
            self._rep_references(b, view, rep, reachable)
        self._discover(b, view, rep, presales, reachable)
        self._present(b, view, presales, rep, reachable)
        self._relationships(b, view, rep, reachable)
        return b.build(stage_forecast(view))

    # --- pieces of the plan ----------------------------------------------------------------
    def _discover(
        self,
        b: PlanBuilder,
        view: TeamView,
        rep: MemberView | None,
        presales: MemberView | None,
        reachable: list[StakeholderView],
    ) -> None:
        if rep is None:
            return
        unmet = [p for p in reachable if not p.needs_known]
        if unmet:
            b.add("discovery_meeting", (rep.id,), tuple(p.id for p in unmet[:2]))
        technical = [p for p in unmet[2:] if p.department == "technical"]
        if presales is not None and technical and presales.warm:
            b.add("discovery_meeting", (presales.id,), (technical[0].id,))
        if self.variation.mapping:
            unmapped = any(p.role is None for p in view.stakeholders)
            if unmapped:  # the coach is looked for only when someone is left to map
                coach = next((p for p in reachable if p.role and "coach" in p.role and p.met), None)
                if coach is not None or view.week % 3 == 2:
                    b.add("stakeholder_mapping", (rep.id,), (coach.id,) if coach else ())
        if view.phase == "requirements" and presales is not None and presales.warm:
            group = [p for p in reachable if p.needs_known][:5]
            if len(group) >= 2 and view.week % 4 == 0:
                b.add("needs_workshop", (presales.id, rep.id), tuple(p.id for p in group))

    def _present(
        self,
        b: PlanBuilder,
        view: TeamView,
        presales: MemberView | None,
        rep: MemberView | None,
        reachable: list[StakeholderView],
    ) -> None:
        if presales is None or view.phase not in ("requirements", "tender"):
            return
        if not presales.warm and self.variation.briefings:
            return  # brief first, present next week
        ready = [p for p in reachable if p.needs_known and p.contacts < 6]
        by_angle: dict[str, list[str]] = {}
        for person in ready:
            angle = fitting_angle(person) if self.variation.angle == "fit" else self.variation.angle
            by_angle.setdefault(angle, []).append(person.id)
        for angle, targets in sorted(by_angle.items(), key=lambda kv: -len(kv[1])):
            b.add("solution_presentation", (presales.id,), tuple(targets[:4]), angle=angle)
        technical = [p for p in ready if p.department == "technical"]
        if technical and view.phase == "requirements" and view.week % 3 == 0:
            angle = "technology" if self.variation.angle != "business" else "business"
            b.add("demo_poc", (presales.id,), tuple(p.id for p in technical[:2]), angle=angle)

    def _rep_references(
        self,
        b: PlanBuilder,
        view: TeamView,
        rep: MemberView | None,
        reachable: list[StakeholderView],
    ) -> None:
        """Without a PM in the pursuit yet, the rep takes those who worry most about
        implementation to see a reference customer (now and then, not every week)."""
        if rep is None or not self.variation.references or view.references <= 0:
            return
        if view.phase not in ("requirements", "tender") or view.week % 4 != 1:
            return
        worried = _most_worried(p for p in reachable if p.met and p.needs_known)
        if worried:
            b.add("reference_visit", (rep.id,), tuple(p.id for p in worried[:2]))

    def _relationships(
        self,
        b: PlanBuilder,
        view: TeamView,
        rep: MemberView | None,
        reachable: list[StakeholderView],
    ) -> None:
        if rep is None:
            return
        # the coolest people we know, each at most every few weeks (more only annoys them)
        cool = sorted(
            [p for p in reachable if p.met and view.week - p.last_seen_week >= VISIT_GAP],
            key=lambda p: (p.disposition or (0.0,))[0],
        )
        for person in cool[:2]:
            b.add("relationship_visit", (rep.id,), (person.id,))

    def _executive(
        self, b: PlanBuilder, view: TeamView, executive: MemberView | None, rep: MemberView | None
    ) -> None:
        if executive is None or not self.variation.escalation:
            return
        if view.phase not in ("requirements", "tender", "evaluation"):
            return
        seniors = [
            p
            for p in view.stakeholders
            if p.department == "executive" or (p.role is not None and "economic_buyer" in p.role)
        ]
        # a few well-timed meetings, not a weekly round: each senior every EXECUTIVE_GAP weeks
        seniors = [
            p for p in seniors if p.contacts == 0 or view.week - p.last_seen_week >= EXECUTIVE_GAP
        ]
        seniors.sort(key=lambda p: (p.contacts, -(p.influence or 0.15)))
        if seniors:
            b.add("executive_meeting", (executive.id,), (seniors[0].id,))

    def _pm(
        self,
        b: PlanBuilder,
        view: TeamView,
        pm: MemberView | None,
        rep: MemberView | None,
        active: bool,
        reachable: list[StakeholderView],
    ) -> None:
        if pm is None or self.variation.pm == "never" or view.phase == "evaluation":
            return
        requested = [p for p in reachable if p.pm_requested]
        briefed_first = self.variation.pm_briefed and self.variation.briefings
        if not active or (not pm.warm and briefed_first):
            if requested and not active:  # asked for by name: even a late team sends the PM
                b.add("implementation_plan", (pm.id,), tuple(p.id for p in requested[:3]))
            return
        if not pm.warm and not requested and rep is not None and not briefed_first:
            # in early but nobody briefs them: the PM learns the account by sitting in on the
            # rep's meetings first
            met = [p for p in reachable if p.met][:2]
            if met and b.add("discovery_meeting", (rep.id, pm.id), tuple(p.id for p in met)):
                return
        worried = _most_worried(p for p in reachable if p.met)
        targets = tuple(p.id for p in (requested + [w for w in worried if w not in requested])[:3])
        if (targets and pm.customer_contacts < 2) or requested:
            # around a table's spending the policy cannot keep the pace; a customer who asked
            # for the PM is answered while there is money left
            b.add("implementation_plan", (pm.id,), targets, urgent=b.partial and bool(requested))
        elif (
            targets
            and self.variation.references
            and view.references > 0
            and rep is not None
            and pm.customer_contacts < 4
        ):
            b.add("reference_visit", (pm.id, rep.id), targets[:2])

    def _bid(
        self,
        b: PlanBuilder,
        view: TeamView,
        rep: MemberView | None,
        presales: MemberView | None,
        pm: MemberView | None,
    ) -> None:
        if view.bid_hours >= BID_HOURS_TARGET:
            return
        if any(a.activity == "bid_preparation" for a in b.taken):
            return  # the people at the table are writing the bid this week
        team = b.mine(tuple(m.id for m in (presales, rep, pm) if m is not None))
        discount = min(self.variation.discount, view.max_discount)
        for lead in team:
            others = tuple(m for m in team if m != lead)
            if b.add("bid_preparation", (lead, *others[:1]), discount=discount):
                return
        if b.partial:  # without the colleagues the table plays: one of ours writes alone
            for lead in team:
                if b.add("bid_preparation", (lead,), discount=discount):
                    return

    def _final_offer(
        self, b: PlanBuilder, view: TeamView, rep: MemberView | None, executive: MemberView | None
    ) -> None:
        """Told we are above the lowest price: give up half the gap, within our own ceiling
        (the variation's discount and five points more), never below the floor of the tender."""
        gap = view.price_gap or 0.0
        if gap <= 0.0:
            return
        ceiling = min(view.max_discount, self.variation.discount + FINAL_MARGIN)
        wanted = view.bid_discount + 0.5 * gap / (1.0 + gap) * (1.0 - view.bid_discount)
        discount = round(min(ceiling, max(view.bid_discount, wanted)), 4)
        if discount <= view.bid_discount:
            return
        for member in (rep, executive):
            if member is not None and b.add("final_offer", (member.id,), discount=discount):
                return

    def _clarify(
        self,
        b: PlanBuilder,
        view: TeamView,
        presales: MemberView | None,
        pm: MemberView | None,
        people: list[StakeholderView],
    ) -> None:
        if not view.bid_submitted:
            return
        deciders = [
            p
            for p in people
            if p.reachable
            and p.role is not None
            and ("economic_buyer" in p.role or "technical_buyer" in p.role)
        ]
        reachable = [p for p in people if p.reachable]
        targets = tuple(p.id for p in (deciders or reachable[:2])[:3])
        if not targets:
            return
        if pm is not None:
            answered = b.add(
                "clarification_answers", (pm.id, *((presales.id,) if presales else ())), targets
            )
            if not answered and b.partial and presales is not None:
                b.add("clarification_answers", (presales.id,), targets)  # the table plays the PM
        elif presales is not None:
            b.add("clarification_answers", (presales.id,), targets)

    def _negotiate(
        self, b: PlanBuilder, view: TeamView, rep: MemberView | None, executive: MemberView | None
    ) -> None:
        reachable = [p for p in view.stakeholders if p.reachable]
        buyer = next((p for p in reachable if p.role and "economic_buyer" in p.role), None)
        procurement = next((p for p in reachable if p.department == "procurement"), None)
        target = buyer or procurement or (reachable[0] if reachable else None)
        if rep is not None and target is not None:
            b.add("negotiation", (rep.id,), (target.id,))


def _briefers(
    b: PlanBuilder, view: TeamView, rep: MemberView, member: MemberView
) -> list[MemberView]:
    """Who may brief ``member``: the rep. When people play the other roles and ``member`` is
    one of the policy's: any colleague with the context to pass on, the rep first (the builder
    keeps to the hours the table has left)."""
    if not b.partial or not b.mine((member.id,)):
        return [rep]
    warm = [m for m in view.members if m.warm and m.id != member.id]
    return sorted(warm, key=lambda m: ROLE_RANK.get(m.role, len(ROLE_RANK)))


def _most_worried(people: Iterable[StakeholderView]) -> list[StakeholderView]:
    """Those who weigh implementation risk most (believed concern × believed influence)."""
    return sorted(
        people,
        key=lambda p: (
            -((p.concerns[IMPLEMENTATION] if p.concerns else 0.2) * (p.influence or 0.15))
        ),
    )
