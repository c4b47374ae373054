"""Helpers for statistical tests: many seeded replications, paired comparisons with a CI."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from sim.batch.statistics import mean_interval, wilson
from sim.engine.simulation import Simulation
from sim.scenario import Scenario, load_scenario

# Fresh seeds: the model was tuned on seeds 0..399; tests judge it on seeds it never saw.
FIRST_SEED = 10_000
REPLICATIONS = 500


@cache
def scenario(name: str) -> Scenario:
    return load_scenario(f"scenarios/{name}.yaml")


def without_doubt(base: Scenario) -> Scenario:
    """The same deal with the doubt-raiser's tactics switched off (a control group)."""
    calm = base.parameters.model_copy(update={"doubt_effect": 0.0, "doubt_no_decision": 0.0})
    return base.model_copy(update={"parameters": calm})


@cache
def outcomes(name: str, policy: str, n: int = REPLICATIONS, calm: bool = False) -> tuple[str, ...]:
    """Outcome of each replication (seeds FIRST_SEED..), cached across tests."""
    deal = without_doubt(scenario(name)) if calm else scenario(name)
    return tuple(
        str(Simulation(deal, seed=FIRST_SEED + i, policy=policy, detail=False).play().outcome)
        for i in range(n)
    )


def wins(name: str, policy: str, calm: bool = False) -> np.ndarray:
    return np.array([o == "won" for o in outcomes(name, policy, calm=calm)], dtype=float)


@dataclass(frozen=True)
class Difference:
    """Mean of paired differences with a normal-approximation 95% confidence interval."""

    mean: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.mean:+.3f} [{self.low:+.3f}, {self.high:+.3f}]"


def paired(diffs: np.ndarray) -> Difference:
    interval = mean_interval(diffs)
    return Difference(interval.estimate, interval.low, interval.high)


def rate_interval(hits: np.ndarray) -> tuple[float, float, float]:
    """A proportion with its Wilson 95% interval."""
    interval = wilson(int(hits.sum()), len(hits))
    return interval.estimate, interval.low, interval.high
