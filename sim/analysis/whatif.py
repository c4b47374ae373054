"""What-if: change one decision of the session and replay it on the same seed.

Because every subsystem draws from its own random stream, the customer's clock, the scenario
events and the competitors' dice are the same in both runs: the difference is the decision. The
later decisions are kept; any that the changed world no longer allows are left out and listed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sim.analysis.competitors import chance_before_decision
from sim.analysis.replay import Dropped, replay, scenario_of
from sim.analysis.session_facts import SessionFacts
from sim.analysis.text import Names, label, tr
from sim.engine import EventRecord, Result
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


def free_hours(facts: SessionFacts, week: int, member: str) -> float:
    capacity = facts.scenario.member(member).weekly_hours
    used = sum(a.hours for a in facts.actions if a.round == week and member in a.members)
    return capacity - used
