"""The one statistics helper (``sim.batch.statistics``) against published reference values.

Wilson intervals: Newcombe, R. G. (1998), "Two-sided confidence intervals for the single
proportion: comparison of seven methods", *Statistics in Medicine* 17, 857–872, Table I
(method 3, the score interval without continuity correction), to the four places printed there.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.batch.statistics import Z95, mean_interval, wilson

ROOT = Path(__file__).resolve().parents[1]

NEWCOMBE_TABLE_I = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
    (29, 29, 0.8830, 1.0000),
]


def test_z95_is_the_normal_quantile() -> None:
    assert round(Z95, 6) == 1.959964  # as printed in normal tables
    assert abs(Z95 - NormalDist().inv_cdf(0.975)) < 1e-15
    assert NormalDist().cdf(Z95) - NormalDist().cdf(-Z95) == pytest.approx(0.95, abs=1e-15)


@pytest.mark.parametrize(("hits", "n", "low", "high"), NEWCOMBE_TABLE_I)
def test_wilson_matches_newcombes_table(hits: int, n: int, low: float, high: float) -> None:
    interval = wilson(hits, n)
    assert interval.estimate == hits / n
    assert (round(interval.low, 4), round(interval.high, 4)) == (low, high)


@given(
    st.integers(min_value=1, max_value=5000).flatmap(
        lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
    )
)
def test_wilson_bounds_are_where_the_score_test_just_rejects(case: tuple[int, int]) -> None:
    """Each bound p solves |hits/n − p| = z·√(p(1 − p)/n); the interval holds the estimate."""
    hits, n = case
    interval = wilson(hits, n)
    assert 0.0 <= interval.low <= interval.estimate <= interval.high <= 1.0
    for bound in (interval.low, interval.high):
        if bound in (0.0, 1.0) and bound == interval.estimate:
            continue  # 0 of n or n of n: the bound is the estimate itself
        gap = abs(hits / n - bound)
        assert gap == pytest.approx(Z95 * math.sqrt(bound * (1 - bound) / n), abs=1e-12)


def test_no_trials_give_no_interval() -> None:
    assert all(math.isnan(v) for v in (wilson(0, 0).estimate, wilson(0, 0).low))
    assert math.isnan(mean_interval([]).estimate)


def test_mean_interval_is_z_standard_errors() -> None:
    values = np.array([1.0, 1.0, 0.0, 0.0])
    interval = mean_interval(values)
    half = Z95 * math.sqrt((4 * 0.25 / 3) / 4)
    assert (interval.estimate, interval.low, interval.high) == pytest.approx(
        (0.5, 0.5 - half, 0.5 + half)
    )
    assert mean_interval([3.0]).as_dict() == {"estimate": 3.0, "low": 3.0, "high": 3.0}


def test_no_other_module_writes_its_own_normal_quantile() -> None:
    """One z for every 95% interval: no literal 1.96… outside the statistics module."""
    literal = re.compile(r"\b1\.9(6\b|599?6)")
    assert all(literal.search(z) for z in ("1.96", "z = 1.959964", "1.959963984540054"))
    assert not literal.search("1.965") and not literal.search("11.96")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("sim", "tests", "scripts", "benchmarks")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name not in {"statistics.py", "test_statistics.py"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert found == []
