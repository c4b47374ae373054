"""Shared fixtures: the shipped cross-sell scenario, loaded once per test session.

Translation is strict in the tests (``SANDTABLE_STRICT_I18N=1``, inherited by the command-line
runs the tests start): a missing key, a missing Chinese text or a message that its parameters
cannot format raises instead of falling back (set it to 0 to see the fallbacks instead).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import sim
from sim.i18n import STRICT_ENV
from sim.scenario import Scenario

os.environ.setdefault(STRICT_ENV, "1")

SCENARIO_PATH = Path(__file__).resolve().parents[1] / "scenarios" / "cross_sell_mes_erp.yaml"


@pytest.fixture(scope="session")
def scenario_path() -> Path:
    """The shipped cross-sell scenario file (MES customer, new ERP division)."""
    return SCENARIO_PATH


@pytest.fixture(scope="session")
def cross_sell(scenario_path: Path) -> Scenario:
    """The cross-sell scenario, validated and immutable (safe to share between tests)."""
    return sim.load_scenario(scenario_path)
