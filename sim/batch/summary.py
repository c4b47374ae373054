"""Summaries of a batch, built chunk by chunk: outcome rates, expected contract value, and the
paired differences of each what-if against the baseline.

The expected contract value counts a deal that was not won as 0, so it is what a replication of
this pursuit is worth on average. Differences are paired by replication (common random
numbers): variant ``v`` replication ``i`` minus baseline replication ``i``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.batch.outcomes import OUTCOMES, Columns
from sim.batch.statistics import Interval, Moments, wilson

MEASURES: tuple[str, ...] = ("contract_value", "margin", "weeks")


@dataclass(frozen=True)
class Summary:
    """One variant over ``n`` replications."""

    variant: str
    policy: str
    n: int
    counts: dict[str, int]
    rates: dict[str, Interval]
    contract_value: Interval
    margin: Interval
    weeks: Interval

    def as_dict(self) -> dict[str, Any]:
        return {
            "variant": self.variant,
            "policy": self.policy,
            "n": self.n,
            "counts": dict(self.counts),
            "rates": {o: r.estimate for o, r in self.rates.items()},
            "ci95": {o: [r.low, r.high] for o, r in self.rates.items()},
            "contract_value": _mean_dict(self.contract_value),
            "margin": _mean_dict(self.margin),
            "weeks": _mean_dict(self.weeks),
        }


@dataclass(frozen=True)
class Difference:
    """A what-if minus the baseline, paired by replication, with 95% CIs."""

    variant: str
    baseline: str
    n: int
    win_rate: Interval
    contract_value: Interval
    margin: Interval

    def as_dict(self) -> dict[str, Any]:
        return {
            "variant": self.variant,
            "baseline": self.baseline,
            "n": self.n,
            "win_rate": _mean_dict(self.win_rate),
            "contract_value": _mean_dict(self.contract_value),
            "margin": _mean_dict(self.margin),
        }


def _mean_dict(interval: Interval) -> dict[str, Any]:
    return {"mean": interval.estimate, "ci95": [interval.low, interval.high]}


@dataclass
class _VariantTally:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*OUTCOMES, "open"), 0))
    measures: dict[str, Moments] = field(default_factory=lambda: dict.fromkeys(MEASURES, Moments()))


@dataclass
class _PairedTally:
    won: Moments = field(default_factory=Moments)
    contract_value: Moments = field(default_factory=Moments)
    margin: Moments = field(default_factory=Moments)


class BatchTally:
    """Running totals over chunks; the first variant is the baseline of the differences."""

    def __init__(self, variants: tuple[str, ...], policies: tuple[str, ...]) -> None:
        self.variants = variants
        self.policies = policies
        self._tallies = [_VariantTally() for _ in variants]
        self._paired = [_PairedTally() for _ in variants[1:]]

    def add(self, columns: Columns) -> None:
        """Fold in one chunk (rows ordered by replication, then variant)."""
        width = len(self.variants)
        named = [o if o in OUTCOMES else "open" for o in columns["outcome"]]
        outcome = np.array(named).reshape(-1, width)
        values = {m: np.asarray(columns[m], dtype=float).reshape(-1, width) for m in MEASURES}
        won = (outcome == "won").astype(float)
        for v, tally in enumerate(self._tallies):
            for name in tally.counts:
                tally.counts[name] += int((outcome[:, v] == name).sum())
            for m in MEASURES:
                tally.measures[m] = tally.measures[m].merge(Moments.of(values[m][:, v]))
        for v, paired in enumerate(self._paired, start=1):
            value, margin = values["contract_value"], values["margin"]
            paired.won = paired.won.merge(Moments.of(won[:, v] - won[:, 0]))
            paired.contract_value = paired.contract_value.merge(
                Moments.of(value[:, v] - value[:, 0]))
            paired.margin = paired.margin.merge(Moments.of(margin[:, v] - margin[:, 0]))

    def summaries(self) -> tuple[Summary, ...]:
        return tuple(
            Summary(
                variant=name,
                policy=policy,
                n=sum(tally.counts.values()),
                counts=dict(tally.counts),
                rates={o: wilson(tally.counts[o], sum(tally.counts.values())) for o in OUTCOMES},
                contract_value=tally.measures["contract_value"].interval(),
                margin=tally.measures["margin"].interval(),
                weeks=tally.measures["weeks"].interval(),
            )
            for name, policy, tally in zip(self.variants, self.policies, self._tallies, strict=True)
        )

    def differences(self) -> tuple[Difference, ...]:
        return tuple(
            Difference(
                variant=name,
                baseline=self.variants[0],
                n=paired.won.n,
                win_rate=paired.won.interval(),
                contract_value=paired.contract_value.interval(),
                margin=paired.margin.interval(),
            )
            for name, paired in zip(self.variants[1:], self._paired, strict=True)
        )
