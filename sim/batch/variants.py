"""Variants of a deal for a batch: a scenario, a policy, and the team changes that made them.

A what-if is a baseline with one or more :class:`SkillChange` / :class:`PolicyChange` applied —
"presales presentation +0.2", "PM never involved", "executives do not escalate". Played with
the same replication seeds as the baseline, the difference is a simulated control group.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol, get_args

from sim.i18n import translate
from sim.policies import ExpertPolicy, parse_variation, resolve_policy
from sim.policies.expert import Variation
from sim.scenario import COMPETENCIES, Scenario
from sim.scenario.schema import TeamMember, TeamRole

TEAM_ROLES: tuple[str, ...] = get_args(TeamRole)
POLICY_OPTIONS: tuple[str, ...] = tuple(Variation.__dataclass_fields__)


class Change(Protocol):
    """One edit of a variant (a team skill or a policy habit)."""

    @property
    def key(self) -> str: ...

    def label(self, lang: str) -> str: ...

    def apply(self, scenario: Scenario, policy: str) -> tuple[Scenario, str]: ...


@dataclass(frozen=True)
class SkillChange:
    """Raise or lower one competency of every member in a role (clamped to 0..1)."""

    role: str
    competency: str
    delta: float

    def __post_init__(self) -> None:
        if self.role not in TEAM_ROLES:
            roles = ", ".join(TEAM_ROLES)
            raise ValueError(f"unknown team role '{self.role}' (expected one of: {roles})")
        if self.competency not in COMPETENCIES:
            known = ", ".join(COMPETENCIES)
            raise ValueError(f"unknown competency '{self.competency}' (expected one of: {known})")
        if not (math.isfinite(self.delta) and -1.0 <= self.delta <= 1.0):
            raise ValueError(f"skill change {self.delta} is outside -1 to +1")

    @property
    def key(self) -> str:
        return f"{self.role}.{self.competency}{self.delta:+g}"

    def label(self, lang: str) -> str:
        return translate(
            "batch.whatif.skill", lang,
            role=translate(f"batch.role.{self.role}", lang),
            competency=translate(f"batch.competency.{self.competency}", lang),
            delta=self.delta,
        )

    def apply(self, scenario: Scenario, policy: str) -> tuple[Scenario, str]:
        members = [m for m in scenario.team if m.role == self.role]
        if not members:
            raise ValueError(f"scenario '{scenario.id}' has no team member in the role {self.role}")
        team = tuple(self._changed(m) if m.role == self.role else m for m in scenario.team)
        return scenario.model_copy(update={"team": team}), policy

    def _changed(self, member: TeamMember) -> TeamMember:
        level = min(1.0, max(0.0, getattr(member.skills, self.competency) + self.delta))
        skills = member.skills.model_copy(update={self.competency: level})
        return member.model_copy(update={"skills": skills})


@dataclass(frozen=True)
class PolicyChange:
    """Switch one habit of the expert policy (``pm=never``, ``escalation=false`` ...)."""

    option: str
    value: str

    def __post_init__(self) -> None:
        parse_variation(f"{self.option}={self.value}")  # raises ValueError naming the problem

    @property
    def key(self) -> str:
        return f"{self.option}={self.value}"

    def label(self, lang: str) -> str:
        specific = f"batch.whatif.{self.option}.{self.value}"
        text = translate(specific, lang)
        if text != specific:
            return text
        return translate("batch.whatif.option", lang, option=self.option, value=self.value)

    def apply(self, scenario: Scenario, policy: str) -> tuple[Scenario, str]:
        name, _, options = policy.partition(":")
        if name != "expert":
            raise ValueError(f"the what-if {self.key} changes the expert policy, not '{policy}'")
        merged = ",".join(filter(None, (options, self.key)))
        return scenario, ExpertPolicy(parse_variation(merged)).name


@dataclass(frozen=True)
class Variant:
    """What one arm of a batch plays: a scenario and a policy, named by its changes."""

    scenario: Scenario
    policy: str = "expert"
    changes: tuple[SkillChange | PolicyChange, ...] = field(default=())

    def __post_init__(self) -> None:
        resolve_policy(self.policy)  # raises ValueError for an unknown policy

    @property
    def name(self) -> str:
        """A stable key: ``baseline``, or the changes (``presales.presentation+0.2,pm=never``)."""
        return ",".join(c.key for c in self.changes) or "baseline"

    def label(self, lang: str = "en") -> str:
        if not self.changes:
            return translate("batch.variant.baseline", lang)
        return translate("batch.variant.join", lang).join(c.label(lang) for c in self.changes)

    def with_changes(self, *changes: SkillChange | PolicyChange) -> Variant:
        """This variant with further changes applied (the what-if of a baseline)."""
        scenario, policy = self.scenario, self.policy
        for change in changes:
            scenario, policy = change.apply(scenario, policy)
        return Variant(scenario, policy, (*self.changes, *changes))


def parse_change(text: str) -> SkillChange | PolicyChange:
    """``presales.presentation=+0.2`` (a skill) or ``pm=never`` (an expert-policy habit)."""
    key, sep, raw = (part.strip() for part in text.partition("="))
    if not sep or not key or not raw:
        raise ValueError(
            f"what-if '{text}' is not ROLE.COMPETENCY=±DELTA or OPTION=VALUE "
            "(e.g. presales.presentation=+0.2, pm=never, escalation=false)"
        )
    if "." in key:
        role, _, competency = key.partition(".")
        try:
            delta = float(raw)
        except ValueError:
            raise ValueError(f"what-if '{text}': '{raw}' is not a number such as +0.2") from None
        return SkillChange(role, competency, delta)
    if key not in POLICY_OPTIONS:
        raise ValueError(
            f"what-if '{text}': unknown option '{key}' (expected ROLE.COMPETENCY or one of: "
            f"{', '.join(POLICY_OPTIONS)})"
        )
    return PolicyChange(key, raw)


def parse_what_if(text: str) -> tuple[SkillChange | PolicyChange, ...]:
    """Comma-separated changes that together make one variant: ``pm=never,escalation=false``."""
    parts = [p for p in (part.strip() for part in text.split(",")) if p]
    if not parts:
        raise ValueError("a what-if needs at least one change, e.g. pm=never")
    return tuple(parse_change(p) for p in parts)
