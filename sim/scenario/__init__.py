"""Scenario files: load YAML, validate, and build immutable scenario objects."""

from sim.scenario.loader import (
    LoadedScenario,
    Problem,
    ScenarioError,
    check_file,
    load_scenario,
    load_scenario_source,
    parse_scenario,
)
from sim.scenario.schema import COMPETENCIES, DIMENSIONS, Scenario, Text

__all__ = [
    "COMPETENCIES",
    "DIMENSIONS",
    "LoadedScenario",
    "Problem",
    "Scenario",
    "ScenarioError",
    "Text",
    "check_file",
    "load_scenario",
    "load_scenario_source",
    "parse_scenario",
]
