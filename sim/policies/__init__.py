"""Automated team strategies: ``naive`` (a lone rep), ``typical`` (an untrained but sensible
team, ``typical:+habit``), ``expert`` and its scripted variations (``expert:option=value``)."""

from __future__ import annotations

from sim.policies.base import PlanBuilder, Policy
from sim.policies.expert import ExpertPolicy, Variation, parse_variation
from sim.policies.naive import NaivePolicy
from sim.policies.tricks import TRICKS
from sim.policies.typical import TypicalPolicy, parse_habits

POLICY_NAMES: tuple[str, ...] = ("naive", "typical", "expert")


def resolve_policy(policy: Policy | str | None) -> Policy | None:
    """``"naive"``, ``"expert"`` or ``"expert:pm=never,angle=technology"`` → a policy object."""
    if policy is None or not isinstance(policy, str):
        return policy
    name, _, options = policy.partition(":")
    if name == "naive" and not options:
        return NaivePolicy()
    if name == "expert":
        return ExpertPolicy(parse_variation(options))
    if name == "typical":
        return TypicalPolicy(parse_habits(options))
    if name == "trick" and options in TRICKS:
        made: Policy = TRICKS[options]()  # type: ignore[assignment]
        return made
    raise ValueError(
        f"unknown policy '{policy}' "
        "(expected naive, typical, typical:+habit,..., expert, expert:option=value,... or "
        f"trick:NAME with NAME one of {', '.join(TRICKS)})"
    )


__all__ = [
    "POLICY_NAMES",
    "ExpertPolicy",
    "NaivePolicy",
    "PlanBuilder",
    "Policy",
    "TypicalPolicy",
    "Variation",
    "parse_variation",
    "resolve_policy",
]
