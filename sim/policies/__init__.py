"""Automated team strategies: ``naive``, ``expert`` and scripted variations of expert."""

from __future__ import annotations

from sim.policies.base import PlanBuilder, Policy
from sim.policies.expert import ExpertPolicy, Variation, parse_variation
from sim.policies.naive import NaivePolicy

POLICY_NAMES: tuple[str, ...] = ("naive", "expert")


def resolve_policy(policy: Policy | str | None) -> Policy | None:
    """``"naive"``, ``"expert"`` or ``"expert:pm=never,angle=technology"`` → a policy object."""
    if policy is None or not isinstance(policy, str):
        return policy
    name, _, options = policy.partition(":")
    if name == "naive" and not options:
        return NaivePolicy()
    if name == "expert":
        return ExpertPolicy(parse_variation(options))
    raise ValueError(
        f"unknown policy '{policy}' (expected naive, expert or expert:option=value,...)"
    )


__all__ = [
    "POLICY_NAMES",
    "ExpertPolicy",
    "NaivePolicy",
    "PlanBuilder",
    "Policy",
    "Variation",
    "parse_variation",
    "resolve_policy",
]
