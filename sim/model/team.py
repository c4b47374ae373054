"""Our account team: members, their skills, weekly hours and context on the account."""

from __future__ import annotations

from dataclasses import dataclass

from sim.model import numerics as nx
from sim.scenario.schema import COMPETENCIES, Parameters, Scenario

COMPETENCY_INDEX = {name: i for i, name in enumerate(COMPETENCIES)}
CONTACT_LEARNING = 0.15
BRIEFING_RETENTION = 0.95
WARM_CONTEXT = 0.5  # only a label for the team's view ("briefed"); effects use readiness
READINESS_HALF = 0.35  # context at which readiness is (1 + h)/2h of the way: assumption
ALIGNMENT_WEEKS = 8


@dataclass
class Member:
    """One person on our side. ``context`` is what they know of the account, 0..1."""

    id: str
    role: str
    name: str
    skills: tuple[float, ...]
    weekly_hours: float
    hourly_cost: float
    context: float
    aligned_week: int = -1_000
    customer_contacts: int = 0
    handoff_week: int = -1_000  # last internal briefing given or received

    def skill(self, competency: str) -> float:
        return self.skills[COMPETENCY_INDEX[competency]]

    def is_warm(self) -> bool:
        """Context enough to be shown as briefed (a label; no rule switches on it)."""
        return self.context >= WARM_CONTEXT

    def readiness(self) -> float:
        """How well they can speak for the team in front of the customer, 0..1."""
        return readiness(self.context)

    def is_aligned(self, week: int) -> bool:
        return week - self.aligned_week <= ALIGNMENT_WEEKS

    def shares_story(self, week: int) -> bool:
        """Gave or received an internal briefing in the last ``ALIGNMENT_WEEKS`` weeks: they
        know what a colleague has been telling the customer (a hand-off, not a strategy)."""
        return week - self.handoff_week <= ALIGNMENT_WEEKS


def readiness(context: float) -> float:
    """Smooth, saturating readiness from context: r(c) = c·(1 + h)/(c + h), h = READINESS_HALF.

    r(0) = 0, r(1) = 1, concave (the first things a member learns of the account matter most):
    r(0.1) ≈ 0.30, r(0.25) ≈ 0.56, r(0.5) ≈ 0.79. Replaces the old on/off "warm at 0.5".
    """
    return nx.saturating(context, READINESS_HALF)


class Team:
    """The members plus who attended which customer contact this week (for context decay)."""

    def __init__(self, scenario: Scenario) -> None:
        self.members: dict[str, Member] = {
            m.id: Member(
                id=m.id,
                role=m.role,
                name=m.name.en,
                skills=m.skills.as_tuple(),
                weekly_hours=m.weekly_hours,
                hourly_cost=m.hourly_cost,
                context=m.context,
            )
            for m in scenario.team
        }
        self.params: Parameters = scenario.parameters
        self._contact_this_week: set[str] = set()
        self._voices: set[str] = set()
        self._any_contact_this_week = False

    def __getitem__(self, member_id: str) -> Member:
        return self.members[member_id]

    def by_role(self, role: str) -> list[Member]:
        return [m for m in self.members.values() if m.role == role]

    def effectiveness(self, member: Member, competency: str) -> float:
        """Skill discounted by missing context: a cold member performs worse."""
        floor = self.params.context_floor
        skill = member.skills[COMPETENCY_INDEX[competency]]  # member.skill(competency)
        return skill * (floor + (1.0 - floor) * member.context)

    @property
    def voices(self) -> int:
        """How many of us have spoken to the customer so far."""
        return len(self._voices)

    def attended_contact(self, member_ids: tuple[str, ...]) -> None:
        self._any_contact_this_week = True
        self._voices.update(member_ids)
        for member_id in member_ids:
            member = self.members[member_id]
            member.context = min(1.0, member.context + CONTACT_LEARNING)
            member.customer_contacts += 1
            self._contact_this_week.add(member_id)

    def brief(self, briefer: str, member_id: str, week: int) -> float:
        """Internal hand-off: the member takes on (most of) the briefer's context."""
        source = self.members[briefer]
        member = self.members[member_id]
        member.context = max(member.context, source.context * BRIEFING_RETENTION)
        member.handoff_week = source.handoff_week = week
        self._contact_this_week.add(member_id)  # briefed members are in the loop this week
        return member.context

    def align(self, member_ids: tuple[str, ...], week: int) -> None:
        for member_id in member_ids:
            self.members[member_id].aligned_week = week

    def end_week(self) -> None:
        """Those who missed this week's customer contacts fall behind."""
        if self._any_contact_this_week:
            keep = 1.0 - self.params.context_decay
            for member in self.members.values():
                if member.id not in self._contact_this_week:
                    member.context *= keep
        self._contact_this_week.clear()
        self._any_contact_this_week = False
