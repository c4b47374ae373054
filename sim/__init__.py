"""Sandtable (沙盘): a team-selling sandbox for key accounts.

>>> import sim
>>> deal = sim.load_scenario("scenarios/cross_sell_mes_erp.yaml")
>>> game = sim.Simulation(deal, seed=1, policy="expert")
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
