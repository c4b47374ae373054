"""Sandtable (沙盘): a team-selling sandbox for key accounts.

>>> import sim
>>> game = sim.Simulation(sim.load_scenario("scenarios/cross_sell_mes_erp.yaml"), seed=1, policy="expert")
"""

from sim.engine import Result, SessionOver, Simulation
from sim.model import Assignment, Forecast, Plan, PlanError
from sim.scenario import ScenarioError, load_scenario

__version__ = "0.1.0"

__all__ = [
    "Assignment",
    "Forecast",
    "Plan",
    "PlanError",
    "Result",
    "ScenarioError",
    "SessionOver",
    "Simulation",
    "__version__",
    "load_scenario",
]
