"""What a policy is, and a small planner that keeps a plan within hours and budget."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

from sim.model.activities import CATALOGUE
from sim.model.buying_centre import FITTING_ANGLE
from sim.model.observation import StakeholderView, TeamView
from sim.model.plans import SALES_STAGES, Assignment, Forecast, Plan
from sim.model.validation import cost_of, hours_of

# Default stage probabilities (Salesforce's opportunity-stage defaults, mapped to our stages).
STAGE_PROBABILITY = {
    "prospecting": 0.10,
    "mapping": 0.10,
    "discovery": 0.20,
    "solution": 0.50,
    "bid": 0.60,
    "award": 0.75,
    "contract": 0.90,
    "delivery": 1.0,
    "payment": 1.0,
}
assert tuple(STAGE_PROBABILITY) == SALES_STAGES


class Policy(Protocol):
    """Plans a round from what the team can see.

    By default for the whole team. ``members`` limits the plan to what those members do (the
    others are played by people); ``taken`` is what the people have already planned this
    round: its hours and money come first, and the plan is made around it."""

    name: str

    def plan(
        self,
        view: TeamView,
        *,
        members: Collection[str] | None = None,
        taken: Sequence[Assignment] = (),
    ) -> Plan: ...


class PlanBuilder:
    """Adds assignments only while every member has the hours and the pursuit the money.

    With ``members`` the builder plans for those members only (a table of people plays the
    rest): an activity is added only when one of them leads it — or, for a briefing, is
    briefed by a colleague with hours to spare — and the other members are left out of its
    company. ``taken`` (the people's own plan this round) has used its hours and money first.
    """

    def __init__(
        self,
        view: TeamView,
        pace: bool = False,
        *,
        members: Collection[str] | None = None,
        taken: Sequence[Assignment] = (),
    ) -> None:
        self.view = view
        self.own: frozenset[str] | None = None if members is None else frozenset(members)
        self.taken = tuple(taken)
        self.hours = {m.id: m.weekly_hours for m in view.members}
        if self.taken:
            for member, hours in hours_of(Plan(self.taken)).items():
                if member in self.hours:
                    self.hours[member] -= hours
            self.cash = view.budget_left - cost_of(Plan(self.taken))  # money left, unpaced
        else:
            self.cash = view.budget_left  # less the cost of an empty plan, 0.0: the same number
        self.budget = self.cash
        if pace:
            self.budget = min(self.budget, weekly_allowance(view))
        self.assignments: list[Assignment] = []
        self.allowed = set(view.allowed_activities)

    @property
    def partial(self) -> bool:
        """Planning for some members only (people play the others)."""
        return self.own is not None

    def mine(self, members: tuple[str, ...]) -> tuple[str, ...]:
        """The members this builder plans for, in order (all of them for the whole team)."""
        own = self.own
        return members if own is None else tuple(m for m in members if m in own)

    def taken_with(self, activity: str, member: str) -> bool:
        """Whether the people's plan already has ``member`` in (or briefed by) ``activity``."""
        if not self.taken:
            return False
        return any(
            a.activity == activity and (member in a.members or member in a.targets)
            for a in self.taken
        )

    def _ours(
        self, activity: str, members: tuple[str, ...], targets: tuple[str, ...]
    ) -> tuple[str, ...] | None:
        """The members of an activity this builder may plan; None when it is not ours."""
        own = self.own
        if own is None:
            return members
        spec = CATALOGUE[activity]
        if spec.targets == "members" and any(t in own for t in targets):
            return members  # a hand-off to one of ours, from whoever has the hours
        if not members or members[0] not in own:
            return None
        kept = (members[0], *(m for m in members[1:] if m in own))
        return kept if len(kept) >= spec.min_members else None

    def can(self, activity: str, members: tuple[str, ...], urgent: bool = False) -> bool:
        """Whether the activity fits; ``urgent`` ones only need the money left, not the pace."""
        spec = CATALOGUE[activity]
        if activity not in self.allowed or not members or None in members:
            return False
        hours, needed = self.hours, spec.hours
        for m in members:
            if hours.get(m, 0.0) < needed:
                return False
        return self._cost(activity, members) <= (self.cash if urgent else self.budget)

    def _cost(self, activity: str, members: tuple[str, ...]) -> float:
        return CATALOGUE[activity].cost

    def add(
        self,
        activity: str,
        members: tuple[str, ...],
        targets: tuple[str, ...] = (),
        angle: str | None = None,
        discount: float | None = None,
        *,
        urgent: bool = False,
    ) -> bool:
        ours = members if self.own is None else self._ours(activity, members, targets)
        if ours is None or not self.can(activity, ours, urgent):
            return False
        members = ours
        needed = CATALOGUE[activity].hours
        hours = self.hours
        for member in members:
            hours[member] -= needed
        cost = self._cost(activity, members)
        self.budget -= cost
        self.cash -= cost
        self.assignments.append(Assignment(activity, members, targets, angle, discount))
        return True

    def build(self, forecast: Forecast | None) -> Plan:
        return Plan(tuple(self.assignments), forecast)


BID_RESERVE = 12_000.0
CLOSE_RESERVE = 6_000.0  # two negotiation meetings after the award
PACE = 1.6


def weekly_allowance(view: TeamView) -> float:
    """Spread the budget over the weeks to the award, keeping a reserve for the bid until it
    is being written and one for the close (negotiation) until the award."""
    if view.phase == "negotiation":
        return view.budget_left
    writing = view.bid_submitted or view.phase == "tender"
    reserve = CLOSE_RESERVE + (0.0 if writing else BID_RESERVE)
    weeks_left = max(1, view.expected_award_week - view.week)
    allowance = max(0.0, (view.budget_left - reserve) / weeks_left * PACE)
    if view.phase == "tender":  # the bid itself is always affordable
        allowance = max(allowance, min(view.budget_left, CATALOGUE["bid_preparation"].cost))
    return allowance


def fitting_angle(person: StakeholderView) -> str:
    return FITTING_ANGLE[person.department]


def believed_lead(view: TeamView) -> float:
    """Influence-weighted believed disposition toward us minus the best rival, −10..10."""
    total, weight = 0.0, 0.0
    for person in view.stakeholders:
        disposition = person.disposition
        if disposition is None:
            continue
        w = person.influence if person.influence is not None else 0.15
        rivals = disposition[1:-1]
        best_rival = max(rivals) if rivals else 0.0
        total += w * (disposition[0] - max(best_rival, disposition[-1]))
        weight += w
    return total / weight if weight else 0.0


def stage_forecast(view: TeamView) -> Forecast:
    """Stage probability nudged by how the people we have read lean."""
    base = STAGE_PROBABILITY[view.stage]
    nudge = 0.04 * believed_lead(view)
    return Forecast(view.stage, round(min(0.95, max(0.02, base + nudge)), 2))
