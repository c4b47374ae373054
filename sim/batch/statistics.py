"""The project's one statistics module: proportions (Wilson) and means, with 95% intervals.

Batch summaries, the debrief's ghost runs, the scripts and the statistical tests all take their
intervals from here, so every "95%" in the project uses the same z. It imports only the
standard library and numpy (any layer may use it).

Nothing here keeps the observations: a :class:`Moments` holds a count and exact integer sums
(of values in cents, and of their squares), so a batch of 100,000 replications is summarised
chunk by chunk in constant memory — and the summary is the same to the last digit however the
replications were chunked, on whichever backend.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# The two-sided 95% quantile of the standard normal, Φ⁻¹(0.975) = 1.95996398454005423…, rounded
# to the nearest double (statistics.NormalDist().inv_cdf(0.975) is one ulp below; the tests check
# both this and the printed tables' 1.959964).
Z95 = 1.959963984540054
SCALE = 100  # values are summed in hundredths (cents): exact for the engine's rounded money


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
    """A proportion ``hits / n`` with its Wilson score interval (sound near 0 and 1).

    The interval is every true share p whose score test does not reject ``hits / n``:
    |hits/n − p| ≤ z·√(p(1 − p)/n) (Wilson 1927); it always holds the estimate and stays
    inside [0, 1]. No trials: NaN throughout."""
    if n <= 0:
        return Interval(math.nan, math.nan, math.nan)
    p = hits / n
    denominator = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1.0 - p) / n + z * z / (4 * n * n)) / denominator
    return Interval(p, max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half)))


def mean_interval(values: Sequence[float] | npt.NDArray[np.float64], z: float = Z95) -> Interval:
    """The mean of ``values`` with a normal-approximation interval, z × sample sd / √n (for
    many replications, e.g. paired differences). One value: a point; none: NaN."""
    data = np.asarray(values, dtype=float)
    n = len(data)
    if n == 0:
        return Interval(math.nan, math.nan, math.nan)
    mean = float(data.mean())
    if n == 1:
        return Interval(mean, mean, mean)
    half = z * float(data.std(ddof=1)) / math.sqrt(n)
    return Interval(mean, mean - half, mean + half)


@dataclass(frozen=True)
class Moments:
    """Count, sum and sum of squares of a stream of numbers, exact to ``1 / SCALE``.

    The engine rounds money to cents, so sums of cents (Python integers, which never
    overflow) are exact and do not depend on the order or grouping of the additions.
    """

    n: int = 0
    total: int = 0
    total_squares: int = 0

    @classmethod
    def of(cls, values: npt.ArrayLike) -> Moments:
        units = np.rint(np.asarray(values, dtype=float) * SCALE).astype(np.int64).tolist()
        return cls(len(units), sum(units), sum(u * u for u in units))

    def merge(self, other: Moments) -> Moments:
        return Moments(
            self.n + other.n, self.total + other.total, self.total_squares + other.total_squares
        )

    @property
    def mean(self) -> float:
        return self.total / (self.n * SCALE) if self.n else math.nan

    @property
    def variance(self) -> float:
        if self.n < 2:
            return math.nan
        spread = self.n * self.total_squares - self.total * self.total  # exact, >= 0
        return spread / (self.n * (self.n - 1) * SCALE * SCALE)

    def interval(self, z: float = Z95) -> Interval:
        """The mean with a normal-approximation 95% interval (replications are many)."""
        if self.n == 0:
            return Interval(math.nan, math.nan, math.nan)
        if self.n == 1:
            return Interval(self.mean, self.mean, self.mean)
        half = z * math.sqrt(self.variance / self.n)
        return Interval(self.mean, self.mean - half, self.mean + half)
