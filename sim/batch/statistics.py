"""Streaming statistics for many replications: proportions (Wilson) and means, with 95% CIs.

Nothing here keeps the observations: a :class:`Moments` holds a count, a mean and a sum of
squared deviations, and two of them merge exactly (Chan et al.), so a batch of 100,000
replications is summarised chunk by chunk in constant memory.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Z95 = 1.959963984540054  # two-sided 95% quantile of the standard normal


@dataclass(frozen=True)
class Interval:
    """A point estimate with its 95% confidence interval."""

    estimate: float
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    def as_dict(self) -> dict[str, float]:
        return {"estimate": self.estimate, "low": self.low, "high": self.high}


def wilson(hits: int, n: int, z: float = Z95) -> Interval:
    """A proportion ``hits / n`` with its Wilson score interval (sound near 0 and 1)."""
    if n <= 0:
        return Interval(math.nan, math.nan, math.nan)
    p = hits / n
    denominator = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1.0 - p) / n + z * z / (4 * n * n)) / denominator
    return Interval(p, max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Moments:
    """Count, mean and sum of squared deviations of a stream of numbers."""

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    @classmethod
    def of(cls, values: npt.ArrayLike) -> Moments:
        data = np.asarray(values, dtype=float)
        if data.size == 0:
            return cls()
        mean = float(data.mean())
        return cls(int(data.size), mean, float(((data - mean) ** 2).sum()))

    def merge(self, other: Moments) -> Moments:
        if other.n == 0:
            return self
        if self.n == 0:
            return other
        n = self.n + other.n
        delta = other.mean - self.mean
        mean = self.mean + delta * other.n / n
        m2 = self.m2 + other.m2 + delta * delta * self.n * other.n / n
        return Moments(n, mean, m2)

    @property
    def variance(self) -> float:
        return self.m2 / (self.n - 1) if self.n > 1 else math.nan

    def interval(self, z: float = Z95) -> Interval:
        """The mean with a normal-approximation 95% interval (replications are many)."""
        if self.n == 0:
            return Interval(math.nan, math.nan, math.nan)
        if self.n == 1:
            return Interval(self.mean, self.mean, self.mean)
        half = z * math.sqrt(max(self.variance, 0.0) / self.n)
        return Interval(self.mean, self.mean - half, self.mean + half)
