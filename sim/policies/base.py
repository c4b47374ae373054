"""What a policy is, and a small planner that keeps a plan within hours and budget."""

from __future__ import annotations

from typing import Protocol

from sim.model.activities import CATALOGUE
from sim.model.buying_centre import FITTING_ANGLE
from sim.model.observation import StakeholderView, TeamView
from sim.model.plans import SALES_STAGES, Assignment, Forecast, Plan

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
    """Plans a round from what the team can see."""

    name: str

    def plan(self, view: TeamView) -> Plan: ...


class PlanBuilder:
    """Adds assignments only while every member has the hours and the pursuit the money."""

    def __init__(self, view: TeamView, pace: bool = False) -> None:
        self.view = view
        self.hours = {m.id: m.weekly_hours for m in view.members}
        self.budget = view.budget_left
        if pace:
            self.budget = min(self.budget, weekly_allowance(view))
        self.assignments: list[Assignment] = []
        self.allowed = set(view.allowed_activities)

    def can(self, activity: str, members: tuple[str, ...]) -> bool:
        spec = CATALOGUE[activity]
        if activity not in self.allowed or not members or None in members:
            return False
        if any(self.hours.get(m, 0.0) < spec.hours for m in members):
            return False
        return self._cost(activity, members) <= self.budget

    def _cost(self, activity: str, members: tuple[str, ...]) -> float:
        return CATALOGUE[activity].cost

    def add(
        self,
        activity: str,
        members: tuple[str, ...],
        targets: tuple[str, ...] = (),
        angle: str | None = None,
        discount: float | None = None,
    ) -> bool:
        if not self.can(activity, members):
            return False
        spec = CATALOGUE[activity]
        for member in members:
            self.hours[member] -= spec.hours
        self.budget -= self._cost(activity, members)
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
        if person.disposition is None:
            continue
        w = person.influence if person.influence is not None else 0.15
        best_rival = max(person.disposition[1:-1], default=0.0)
        total += w * (person.disposition[0] - max(best_rival, person.disposition[-1]))
        weight += w
    return total / weight if weight else 0.0


def stage_forecast(view: TeamView) -> Forecast:
    """Stage probability nudged by how the people we have read lean."""
    base = STAGE_PROBABILITY[view.stage]
    nudge = 0.04 * believed_lead(view)
    return Forecast(view.stage, round(min(0.95, max(0.02, base + nudge)), 2))
