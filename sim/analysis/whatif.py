"""What-if: change one decision of the session and replay it on the same seed.

Because every subsystem draws from its own random stream, the customer's clock, the scenario
events and the competitors' dice are the same in both runs: the difference is the decision. The
later decisions are kept; any that the changed world no longer allows are left out and listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from sim.analysis.assessment import STRONG, Assessment
from sim.analysis.competencies import PITCHES
from sim.analysis.competitors import chance_before_decision
from sim.analysis.facts import SessionFacts
from sim.analysis.replay import Dropped, replay, scenario_of
from sim.analysis.text import Names, label, tr
from sim.engine import EventRecord, Result
from sim.model.activities import CATALOGUE
from sim.model.buying_centre import FITTING_ANGLE
from sim.model.plans import Assignment, Plan


@dataclass(frozen=True)
class Change:
    """One decision changed in week ``week``: add assignments (run first that week, in order),
    remove the assignment at ``remove`` (0-based), or replace it (both).

    "Bring the PM in at week 6" is one decision made of two assignments: the rep's hand-off
    briefing and the PM's implementation plan.
    """

    week: int
    add: tuple[Assignment, ...] = ()
    remove: int | None = None

    def apply(self, rounds: list[Plan]) -> list[Plan]:
        plans = list(rounds)
        while len(plans) <= self.week:
            plans.append(Plan())
        plan = plans[self.week]
        assignments = list(plan.assignments)
        position = 0
        if self.remove is not None:
            if not 0 <= self.remove < len(assignments):
                raise ValueError(f"week {self.week} has no assignment number {self.remove + 1}")
            del assignments[self.remove]
            position = self.remove
        assignments[position:position] = list(self.add)
        plans[self.week] = Plan(tuple(assignments), plan.forecast)
        return plans

    def describe(self, names: Names, rounds: list[Plan]) -> str:
        lang = names.lang
        added = "; ".join(describe_assignment(a, names) for a in self.add)
        if self.remove is not None and self.week < len(rounds):
            removed = describe_assignment(rounds[self.week].assignments[self.remove], names)
            if self.add:
                return tr("whatif.replace", lang, week=self.week, old=removed, new=added)
            return tr("whatif.remove", lang, week=self.week, old=removed)
        return tr("whatif.add", lang, week=self.week, new=added)


def describe_assignment(assignment: Assignment, names: Names) -> str:
    lang = names.lang
    text = label("activity", assignment.activity, lang)
    who = ", ".join(names.who(m) for m in assignment.members)
    parts = [text, who]
    if assignment.targets:
        parts.append("→ " + ", ".join(names.who(t) for t in assignment.targets))
    if assignment.angle:
        parts.append(tr("angle_is", lang, angle=label("angle", assignment.angle, lang)))
    return " · ".join(parts)


@dataclass(frozen=True)
class WhatIf:
    change: Change
    description: str
    original: Result
    changed: Result
    original_chance: pd.Series
    changed_chance: pd.Series
    original_final: float | None
    changed_final: float | None
    dropped: tuple[Dropped, ...]


def _chance(records: list[EventRecord]) -> pd.Series:
    rows = [(r.round, r.value) for r in records if r.kind == "win_chance"]
    return pd.Series([v for _, v in rows], index=[w for w, _ in rows], dtype=float)


def what_if(facts: SessionFacts, change: Change) -> WhatIf:
    game = facts.game
    plans = change.apply(game.decisions)
    again = replay(
        scenario_of(game), game.seed, plans, lang=facts.lang, tolerant=True, finish=game.done
    )
    return WhatIf(
        change=change,
        description=change.describe(facts.names, game.decisions),
        original=facts.result,
        changed=again.game.result(),
        original_chance=facts.win_chance(),
        changed_chance=_chance(again.game.log.records),
        original_final=chance_before_decision(facts.records),
        changed_final=chance_before_decision(again.game.log.records),
        dropped=tuple(again.dropped),
    )


def suggest_change(facts: SessionFacts, assessment: Assessment) -> Change | None:
    """A one-decision change worth trying, aimed at the session's weakest competency among
    those a single decision can fix: the presentation angle (pitch the first wrong-angle
    presentation at the fitting angle), early PM involvement (bring a briefed PM in with an
    implementation plan), executive meetings (meet the economic buyer when the opportunity
    opens)."""
    fixes: list[tuple[float, Callable[[SessionFacts], Change | None]]] = []
    for score in assessment.scores:
        if score.value is None or score.value >= STRONG:
            continue
        fix = FIXES.get(score.competency)
        if fix is not None:
            fixes.append((score.value, fix))
    for _, fix in sorted(fixes, key=lambda pair: pair[0]):
        change = fix(facts)
        if change is not None:
            return change
    return None


def _fix_angle(facts: SessionFacts) -> Change | None:
    for action in facts.actions:
        if action.activity not in PITCHES:
            continue
        misfit = [
            facts.records[r]
            for r in facts.effects.get(action.row, [])
            if facts.records[r].kind == "angle_misfit"
        ]
        if not misfit:
            continue
        fitting = [FITTING_ANGLE[facts.departments[t]] for t in action.targets]
        angle = max(set(fitting), key=fitting.count)
        if angle == action.angle:
            continue
        fixed = Assignment(action.activity, action.members, action.targets, angle=angle)
        return Change(action.round, add=(fixed,), remove=action.order)
    return None


def _free_hours(facts: SessionFacts, week: int, member: str) -> float:
    capacity = facts.scenario.member(member).weekly_hours
    used = sum(a.hours for a in facts.actions if a.round == week and member in a.members)
    return capacity - used


def _add_pm_plan(facts: SessionFacts) -> Change | None:
    """Bring the PM in (a hand-off briefing, then an implementation plan) in the first week of
    the requirements or tender phase in which the rep and the PM have the hours, if the PM
    never met the customer before the bid."""
    pms = [m for m, role in facts.names.roles.items() if role == "project_manager"]
    reps = [m for m, role in facts.names.roles.items() if role == "sales_rep"]
    if (
        not pms
        or not reps
        or any(
            pms[0] in a.members and a.customer_facing
            for a in facts.actions
            if a.time < facts.bid_time
        )
    ):
        return None
    pm, rep = pms[0], reps[0]
    plan, briefing = CATALOGUE["implementation_plan"], CATALOGUE["internal_briefing"]
    for week, view in enumerate(facts.views[: len(facts.game.decisions)]):
        if view.phase not in ("requirements", "tender"):
            continue
        if _free_hours(facts, week, pm) < plan.hours:
            continue
        if _free_hours(facts, week, rep) < briefing.hours:
            continue
        worried = sorted(
            (p for p in view.stakeholders if p.reachable and p.met),
            key=lambda p: -facts.implementation_concern[p.id] * facts.influence[p.id],
        )[: plan.max_targets]
        if worried:
            return Change(
                week,
                add=(
                    Assignment("internal_briefing", (rep,), (pm,)),
                    Assignment("implementation_plan", (pm,), tuple(p.id for p in worried)),
                ),
            )
    return None


def _add_executive(facts: SessionFacts) -> Change | None:
    executives = [m for m, role in facts.names.roles.items() if role == "executive"]
    opening = facts.phase_start_row("requirements")
    if not executives or opening is None:
        return None
    week = facts.records[opening].round + 1
    if week >= len(facts.game.decisions):
        return None
    if any(a.activity == "executive_meeting" for a in facts.actions if abs(a.round - week) <= 1):
        return None
    executive = executives[0]
    if _free_hours(facts, week, executive) < CATALOGUE["executive_meeting"].hours:
        return None
    meeting = Assignment("executive_meeting", (executive,), (facts.economic_buyer,))
    return Change(week, add=(meeting,))


FIXES: dict[str, Callable[[SessionFacts], Change | None]] = {
    "angle_fit": _fix_angle,
    "pm_early": _add_pm_plan,
    "pm_briefed": _add_pm_plan,
    "peer_meetings": _add_executive,
}
