"""Shared fixtures: the shipped cross-sell scenario, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import sim
from sim.scenario import Scenario

SCENARIO_PATH = Path(__file__).resolve().parents[1] / "scenarios" / "cross_sell_mes_erp.yaml"


@pytest.fixture(scope="session")
def scenario_path() -> Path:
    """The shipped cross-sell scenario file (MES customer, new ERP division)."""
    return SCENARIO_PATH


@pytest.fixture(scope="session")
def cross_sell(scenario_path: Path) -> Scenario:
    """The cross-sell scenario, validated and immutable (safe to share between tests)."""
    return sim.load_scenario(scenario_path)
