"""Shipped scenarios played by the expert policy land in plausible outcome bands.

Bands (docs/model.md, *Calibration*): CSO Insights forecast deals ≈ 46–47% won, 30–32% lost,
21–24% no decision. We accept won 35–60%, lost 20–45%, no decision 10–35% (95% Wilson
intervals must overlap the band), and every decision inside the scenario's timeline.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.engine.simulation import Simulation
from tests.replications import FIRST_SEED, outcomes, rate_interval, scenario

pytestmark = pytest.mark.slow

SHIPPED = sorted(p.stem for p in Path("scenarios").glob("*.yaml"))[:2]
BANDS = {"won": (0.35, 0.60), "lost": (0.20, 0.45), "no_decision": (0.10, 0.35)}


@pytest.mark.parametrize("name", ["cross_sell_mes_erp", "new_account_public_tender"])
@pytest.mark.parametrize("outcome", list(BANDS))
def test_expert_outcome_rates_are_plausible(name: str, outcome: str) -> None:
    if not Path(f"scenarios/{name}.yaml").exists():
        pytest.skip(f"{name} not shipped yet")
    hits = np.array([o == outcome for o in outcomes(name, "expert")], dtype=float)
    rate, low, high = rate_interval(hits)
    band_low, band_high = BANDS[outcome]
    assert high >= band_low and low <= band_high, f"{outcome}: {rate:.3f} [{low:.3f}, {high:.3f}]"


@pytest.mark.parametrize("name", ["cross_sell_mes_erp", "new_account_public_tender"])
def test_naive_play_wins_less_than_expert_play(name: str) -> None:
    if not Path(f"scenarios/{name}.yaml").exists():
        pytest.skip(f"{name} not shipped yet")
    expert = np.mean([o == "won" for o in outcomes(name, "expert")])
    naive = np.mean([o == "won" for o in outcomes(name, "naive")])
    assert naive < expert - 0.10


@pytest.mark.parametrize("name", ["cross_sell_mes_erp", "new_account_public_tender"])
def test_decisions_fall_inside_the_scenario_timeline(name: str) -> None:
    if not Path(f"scenarios/{name}.yaml").exists():
        pytest.skip(f"{name} not shipped yet")
    deal = scenario(name)
    clock = deal.timeline
    earliest = clock.need_firm.low
    for i in range(100):
        result = Simulation(deal, seed=FIRST_SEED + i, policy="expert", detail=False).play()
        assert earliest <= result.weeks < clock.horizon_weeks, result
