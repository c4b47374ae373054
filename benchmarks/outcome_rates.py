"""Outcome rates of policies on one scenario (a quick calibration check).

Usage: .venv/bin/python benchmarks/outcome_rates.py SCENARIO.yaml N POLICY [POLICY ...]
Prints won / lost / no-decision rates, mean decision week and replications per second.
"""

import collections
import sys
import time

from sim.engine.simulation import Simulation
from sim.scenario import load_scenario


def main() -> None:
    path, n, policies = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    scenario = load_scenario(path)
    for policy in policies:
        start = time.perf_counter()
        counts: collections.Counter[str] = collections.Counter()
        weeks = 0
        for seed in range(n):
            result = Simulation(scenario, seed=seed, policy=policy, detail=False).play()
            counts[str(result.outcome)] += 1
            weeks += result.weeks
        elapsed = time.perf_counter() - start
        print(
            f"{policy:40s} won {counts['won'] / n:.2f} lost {counts['lost'] / n:.2f} "
            f"nd {counts['no_decision'] / n:.2f} weeks {weeks / n:.1f}  {n / elapsed:.0f} rep/s"
        )


if __name__ == "__main__":
    main()
