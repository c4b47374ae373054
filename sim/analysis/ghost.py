"""The ghost: the expert policy on the same seed, and the spread of outcomes over many seeds.

The same seed gives the expert the same customer clock, events and competitor draws, so the
difference is the team's play. Over many seeds (lean runs, ``detail=False``) the expert and the
naive policy show what this scenario usually yields, and where the team's result stands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from sim.analysis.competitors import chance_before_decision
from sim.analysis.replay import scenario_of
from sim.analysis.session_facts import SessionFacts
from sim.batch import statistics
from sim.engine import Result, Simulation

OUTCOMES = ("won", "lost", "no_decision")
MAX_ROUNDS = 10_000


@dataclass(frozen=True)
class Ghost:
    """The expert policy on the session's seed."""

    result: Result
    win_chance: pd.Series
    chance_before_decision: float | None


def ghost(facts: SessionFacts, policy: str = "expert") -> Ghost:
    game = Simulation(scenario_of(facts.game), seed=facts.game.seed, policy=policy, lang=facts.lang)
    result = game.play()
    rows = [(r.round, r.value) for r in game.log.records if r.kind == "win_chance"]
    chance = pd.Series([v for _, v in rows], index=[w for w, _ in rows], dtype=float)
    return Ghost(result, chance, chance_before_decision(game.log.records))


@dataclass(frozen=True)
class Rate:
    share: float
    low: float
    high: float


def wilson(hits: int, n: int) -> Rate:
    """Share with a 95% Wilson score interval (:func:`sim.batch.statistics.wilson`)."""
    interval = statistics.wilson(hits, n)
    return Rate(interval.estimate, interval.low, interval.high)


@dataclass(frozen=True)
class Distribution:
    """Outcomes of one policy over seeds ``first_seed .. first_seed + n − 1``."""

    policy: str
    results: pd.DataFrame  # seed, outcome, margin, weeks

    @property
    def n(self) -> int:
        return len(self.results)

    def rate(self, outcome: str) -> Rate:
        return wilson(int((self.results["outcome"] == outcome).sum()), self.n)

    def margin_rank(self, margin: float) -> float:
        """Share of these runs whose margin the given margin equals or beats."""
        if self.n == 0:
            return math.nan
        return float((self.results["margin"] <= margin).mean())


def distribution(facts: SessionFacts, policy: str, n: int, first_seed: int = 0) -> Distribution:
    source = scenario_of(facts.game)
    lines = []
    for seed in range(first_seed, first_seed + n):
        game = Simulation(source, seed=seed, policy=policy, detail=False)
        for _ in range(MAX_ROUNDS):
            if game.done:
                break
            game.advance()
        result = game.result(with_hash=False)  # hashing every log would cost a third of the time
        lines.append(
            {
                "seed": seed,
                "outcome": result.outcome,
                "margin": result.margin,
                "weeks": result.weeks,
            }
        )
    return Distribution(policy, pd.DataFrame(lines, columns=["seed", "outcome", "margin", "weeks"]))
