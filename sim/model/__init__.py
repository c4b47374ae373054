"""Domain objects and rules: buying centre, team, activities, competitors, decision."""

from sim.model.activities import CATALOGUE, ActivitySpec
from sim.model.observation import MemberView, StakeholderView, TeamView
from sim.model.plans import SALES_STAGES, Assignment, Forecast, Plan, PlanError

__all__ = [
    "CATALOGUE",
    "SALES_STAGES",
    "ActivitySpec",
    "Assignment",
    "Forecast",
    "MemberView",
    "Plan",
    "PlanError",
    "StakeholderView",
    "TeamView",
]
