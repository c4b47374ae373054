"""The activity catalogue: what each role can do, what it costs and when it is allowed.

Effects live in ``rules.py``; this module only says what an activity *is*.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Phase = Literal[
    "latent", "requirements", "tender", "evaluation", "negotiation", "delivery", "closed"
]
TargetKind = Literal["stakeholders", "members", "none"]

PHASES: tuple[Phase, ...] = (
    "latent",
    "requirements",
    "tender",
    "evaluation",
    "negotiation",
    "delivery",
    "closed",
)
PRE_AWARD: tuple[Phase, ...] = ("latent", "requirements", "tender", "evaluation")
SELLING: tuple[Phase, ...] = ("latent", "requirements", "tender")
ALL_ROLES = ("sales_rep", "presales", "project_manager", "executive")


@dataclass(frozen=True)
class ActivitySpec:
    """One kind of activity. ``hours`` is per participating member."""

    id: str
    competency: str
    lead_roles: tuple[str, ...]
    hours: float
    cost: float
    phases: tuple[Phase, ...]
    targets: TargetKind
    min_targets: int = 1
    max_targets: int = 1
    min_members: int = 1
    needs_angle: bool = False
    customer_facing: bool = True


CATALOGUE: dict[str, ActivitySpec] = {
    spec.id: spec
    for spec in (
        ActivitySpec(
            "discovery_meeting",
            "discovery",
            ("sales_rep", "presales", "executive"),
            6,
            1_500,
            SELLING,
            "stakeholders",
            max_targets=2,
        ),
        ActivitySpec(
            "stakeholder_mapping",
            "discovery",
            ("sales_rep", "presales"),
            4,
            0,
            PRE_AWARD,
            "stakeholders",
            min_targets=0,
            max_targets=1,
            customer_facing=False,
        ),
        ActivitySpec(
            "relationship_visit",
            "relationship",
            ("sales_rep", "executive"),
            5,
            2_000,
            (*PRE_AWARD, "negotiation"),
            "stakeholders",
        ),
        ActivitySpec(
            "needs_workshop",
            "discovery",
            ("presales", "sales_rep"),
            12,
            4_000,
            ("requirements", "tender"),
            "stakeholders",
            min_targets=2,
            max_targets=6,
        ),
        ActivitySpec(
            "solution_presentation",
            "presentation",
            ("presales", "sales_rep"),
            8,
            2_500,
            ("requirements", "tender", "evaluation"),
            "stakeholders",
            max_targets=6,
            needs_angle=True,
        ),
        ActivitySpec(
            "demo_poc",
            "technical",
            ("presales",),
            16,
            12_000,
            ("requirements", "tender"),
            "stakeholders",
            max_targets=4,
            needs_angle=True,
        ),
        ActivitySpec(
            "reference_visit",
            "implementation",
            ("project_manager", "sales_rep"),
            10,
            8_000,
            ("requirements", "tender", "evaluation"),
            "stakeholders",
            max_targets=4,
        ),
        ActivitySpec(
            "implementation_plan",
            "implementation",
            ("project_manager",),
            8,
            2_000,
            ("requirements", "tender", "evaluation"),
            "stakeholders",
            max_targets=4,
        ),
        ActivitySpec(
            "executive_meeting",
            "relationship",
            ("executive",),
            3,
            5_000,
            (*PRE_AWARD, "negotiation"),
            "stakeholders",
        ),
        ActivitySpec(
            "internal_briefing",
            "discovery",
            ALL_ROLES,
            2,
            0,
            PHASES[:-1],
            "members",
            max_targets=3,
            customer_facing=False,
        ),
        ActivitySpec(
            "team_strategy_session",
            "discovery",
            ALL_ROLES,
            3,
            0,
            PHASES[:-1],
            "none",
            min_targets=0,
            max_targets=0,
            min_members=2,
            customer_facing=False,
        ),
        ActivitySpec(
            "bid_preparation",
            "bidding",
            ("presales", "sales_rep", "project_manager"),
            16,
            3_000,
            ("tender",),
            "none",
            min_targets=0,
            max_targets=0,
            customer_facing=False,
        ),
        ActivitySpec(
            "final_offer",
            "negotiation",
            ("sales_rep", "executive"),
            3,
            0,
            ("evaluation",),
            "none",
            min_targets=0,
            max_targets=0,
            customer_facing=False,
        ),
        ActivitySpec(
            "clarification_answers",
            "implementation",
            ("presales", "project_manager"),
            6,
            0,
            ("evaluation",),
            "stakeholders",
            max_targets=3,
        ),
        ActivitySpec(
            "negotiation",
            "negotiation",
            ("sales_rep", "executive"),
            6,
            3_000,
            ("negotiation",),
            "stakeholders",
        ),
    )
}

ANGLES = ("business", "technology")
BID_HOURS_NEEDED = 24.0


def activity(activity_id: str) -> ActivitySpec:
    return CATALOGUE[activity_id]
