"""Arithmetic that gives the same bits on every CPU.

The rule for the model, the engine and the policies: **no BLAS-dispatched product and no
kernel-dependent reduction or transcendental function.** A saved session is its decisions, so
a game must replay bit for bit on any machine, and the event log records floats in full.

Why each ordinary tool is out:

- the matrix-product operator and numpy's dot/einsum/matmul go to OpenBLAS (or numpy's own SIMD
  loops), which pick kernels for the CPU at run time and sum in kernel-dependent order, with or
  without fused multiply-add. ``OPENBLAS_CORETYPE=Sandybridge`` changed the event log of every
  game in a sample of 200.
- ``np.exp``, ``np.log``, ``np.tanh``, ``np.power`` have AVX-512 and AVX2 implementations in
  numpy that differ from glibc's in the last bit; glibc's own ``exp``/``log`` have FMA variants
  chosen by the CPU too.
- ``.sum()``/``.mean()`` over several axes and Python's built-in ``sum`` of floats (compensated
  from Python 3.12 on) are not pinned to one order across versions.

What is safe, and used here: elementwise ``+ − × ÷``, ``sqrt``, ``rint``, ``clip``, ``min``/
``max``, ``frexp``/``ldexp`` (IEEE 754 rounds each exactly, whatever the SIMD width, and numpy
never fuses two ufunc calls), Python float arithmetic, and :func:`math.fsum` (exactly rounded,
hence order-free). Contractions below add terms one at a time in index order; ``exp`` and
``log`` are polynomial evaluations of those safe operations, accurate to a few units in the last
place, which is all a behavioural model needs.

``tests/test_kernels.py`` plays every shipped scenario under several kernel settings and
expects the same event logs; ``tests/test_numerics.py`` keeps the forbidden calls out of the
model, engine and policies.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]

# Cody–Waite split of ln 2 (fdlibm): k · LN2_HI is exact for |k| < 2**11.
LN2_HI = 6.93147180369123816490e-01
LN2_LO = 1.90821492927058770002e-10
INV_LN2 = 1.44269504088896338700e00
SQRT_HALF = 0.70710678118654752440
EXP_LIMIT = 708.0  # exp(±708) stays a normal double
# 1/n! for n = 13 … 0: Taylor series of exp on |r| ≤ ln2/2 (truncation < 1e-17 relative).
_EXP_TERMS = tuple(1.0 / math.factorial(n) for n in range(13, -1, -1))
# 2/(2n+1) for n = 11 … 0: log(1+f) = 2 atanh(s), s = f/(2+f), |s| ≤ 0.172.
_LOG_TERMS = tuple(2.0 / (2 * n + 1) for n in range(11, -1, -1))


def total(values: Iterable[float]) -> float:
    """The exactly rounded sum (order-free, the same on every CPU and Python version)."""
    return math.fsum(values)


def mean(values: Iterable[float]) -> float:
    items = [float(v) for v in values]
    return math.fsum(items) / len(items)


def row_totals(matrix: Array) -> Array:
    """[R] sums of each row of an [R, K] array, adding column by column."""
    out = matrix[:, 0].copy()
    for k in range(1, matrix.shape[1]):
        out += matrix[:, k]
    return out


def contract_last(weights: Array, values: Array) -> Array:
    """Σ_d weights[..., d] · values[..., d] in index order (shapes broadcast).

    All the products in one elementwise multiply (each rounded exactly as alone), then the
    terms added one index at a time."""
    terms: Array = weights * values
    out: Array = terms[..., 0]
    for d in range(1, terms.shape[-1]):
        out = out + terms[..., d]
    return out


def weighted_rows(weights: Array, rows: Array) -> Array:
    """Σ_s weights[s] · rows[s] in index order (a vector–matrix product): the products in one
    elementwise multiply, then added row by row."""
    terms: Array = np.reshape(weights, (-1,) + (1,) * (rows.ndim - 1)) * rows
    out: Array = terms[0]
    for s in range(1, terms.shape[0]):
        out = out + terms[s]
    return out


def mix(matrix: Array, values: Array) -> Array:
    """The product matrix · values for an [R, S] matrix and [S] or [S, K] values: out[r] adds
    matrix[r, s] · values[s] for s in index order (one broadcast product per column)."""
    if values.ndim == 1:
        rows = matrix.tolist()
        xs = values.tolist()
        out_1d = []
        for row in rows:
            acc = row[0] * xs[0]
            for w, x in zip(row[1:], xs[1:], strict=True):
                acc = acc + w * x
            out_1d.append(acc)
        return np.array(out_1d)
    terms: Array = matrix[:, :, None] * values[None, :, :]  # [R, S, K], each product exact
    out: Array = terms[:, 0]
    for s in range(1, matrix.shape[1]):
        out = out + terms[:, s]
    return out


def _exp_taylor(x: ArrayLike) -> Array:
    """e**x by one Cody–Waite step and a 13th-degree Taylor series (builds the table below)."""
    x = np.clip(np.asarray(x, dtype=np.float64), -EXP_LIMIT, EXP_LIMIT)
    k = np.rint(x * INV_LN2)
    r = (x - k * LN2_HI) - k * LN2_LO
    p = np.full_like(r, _EXP_TERMS[0])
    for c in _EXP_TERMS[1:]:
        p = p * r + c
    result: Array = np.ldexp(p, k.astype(np.int64))
    return result


# 2**(j/32), j = 0..31, computed once with the safe operations above (not libm's pow).
_EXP_TABLE = _exp_taylor(np.arange(32) * (LN2_HI / 32.0) + np.arange(32) * (LN2_LO / 32.0))
_EXP_SHORT = tuple(1.0 / math.factorial(n) for n in range(6, -1, -1))
_EXP_LIST = tuple(_EXP_TABLE.tolist())
SMALL = 64  # arrays up to this size are computed element by element in Python floats


def exp(x: ArrayLike) -> Array:
    """e**x from exactly rounded operations only (a few ulp; inputs clipped to ±708).

    x = (32·m + j)·ln2/32 + r with |r| ≤ ln2/64, so e**x = 2**m · 2**(j/32) · e**r, the last by a
    6th-degree Taylor series (truncation below 1e-17).
    """
    values: Array = np.asarray(x, dtype=np.float64)
    if values.size <= SMALL:  # the same operations on Python floats: faster for a few values
        flat = exp_list(values.ravel().tolist())
        return np.array(flat, dtype=np.float64).reshape(values.shape)
    values = np.clip(values, -EXP_LIMIT, EXP_LIMIT)
    k = np.rint(values * (32.0 * INV_LN2))
    r = (values - k * (LN2_HI / 32.0)) - k * (LN2_LO / 32.0)
    p = np.full_like(r, _EXP_SHORT[0])
    for c in _EXP_SHORT[1:]:
        p = p * r + c
    whole = k.astype(np.int64)
    j = whole & 31
    result: Array = np.ldexp(_EXP_TABLE[j] * p, (whole - j) >> 5)
    return result


def log(x: ArrayLike) -> Array:
    """Natural log of positive inputs from exactly rounded operations only (a few ulp)."""
    x = np.asarray(x, dtype=np.float64)
    m, e = np.frexp(x)  # x = m · 2**e, 0.5 ≤ m < 1
    low = m < SQRT_HALF
    m = np.where(low, m + m, m)
    e = np.where(low, e - 1, e).astype(np.float64)
    f = m - 1.0
    s = f / (2.0 + f)
    s2 = s * s
    p = np.full_like(s, _LOG_TERMS[0])
    for c in _LOG_TERMS[1:]:
        p = p * s2 + c
    result: Array = e * LN2_HI + (e * LN2_LO + s * p)
    return result


_SCALE32 = 32.0 * INV_LN2
_HI32 = LN2_HI / 32.0
_LO32 = LN2_LO / 32.0
_E6, _E5, _E4, _E3, _E2, _E1, _E0 = _EXP_SHORT
_ldexp = math.ldexp


def exp1(x: float) -> float:
    """:func:`exp` of one number, by exactly the operations of the array version (the Horner
    steps written out: the same products and sums in the same order, without a loop)."""
    x = float(x)
    if x < -EXP_LIMIT:
        x = -EXP_LIMIT
    elif x > EXP_LIMIT:
        x = EXP_LIMIT
    k = round(x * _SCALE32)  # round half to even, as np.rint
    r = (x - k * _HI32) - k * _LO32
    p = (((((_E6 * r + _E5) * r + _E4) * r + _E3) * r + _E2) * r + _E1) * r + _E0
    j = k & 31
    return _ldexp(_EXP_LIST[j] * p, (k - j) >> 5)


def exp_list(values: list[float]) -> list[float]:
    """:func:`exp1` of each number of a list (the same operations, the loop's names local)."""
    low, high, scale, ldexp = -EXP_LIMIT, EXP_LIMIT, _SCALE32, _ldexp
    hi, lo, table = _HI32, _LO32, _EXP_LIST
    e6, e5, e4, e3, e2, e1, e0 = _EXP_SHORT
    out = []
    for value in values:
        if value == 0.0:  # a softmax row's top (v − top = 0): e**0 is exactly 1.0 by these steps
            out.append(1.0)
            continue
        x = float(value)
        if x < low:
            x = low
        elif x > high:
            x = high
        k = round(x * scale)
        r = (x - k * hi) - k * lo
        p = (((((e6 * r + e5) * r + e4) * r + e3) * r + e2) * r + e1) * r + e0
        j = k & 31
        out.append(ldexp(table[j] * p, (k - j) >> 5))
    return out


def saturating(x: float, half: float) -> float:
    """x·(1 + h)/(x + h) for x clipped to 0..1, h = ``half``: 0 at 0, 1 at 1, concave — the
    first share of x counts most (diminishing returns, no step). Readiness from context and a
    presenter's technical depth from skill both take this shape."""
    x = min(1.0, max(0.0, x))
    return x * (1.0 + half) / (x + half)


def logistic(z: float) -> float:
    """1 / (1 + e**−z)."""
    return 1.0 / (1.0 + exp1(-z))


def softmax_rows(u: Array) -> Array:
    """[R, K] logit choice probabilities per row (rows shifted by their maximum first)."""
    shifted = u - np.maximum.reduce(u, axis=1, keepdims=True)  # u.max, without its wrapper
    e = exp(shifted)
    result: Array = e / row_totals(e)[:, None]
    return result


# Wichura's AS 241 (PPND16): the normal quantile to about 1e-16 relative.
_A = (3.387132872796366608, 133.14166789178437745, 1971.5909503065514427,
      13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
      33430.575583588128105, 2509.0809287301226727)
_B = (1.0, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
      21213.794301586595867, 39307.89580009271061, 28729.085735721942674,
      5226.495278852545925)
_C = (1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055,
      3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177,
      0.0227238449892691845833, 7.7454501427834140764e-4)
_D = (1.0, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
      0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4,
      1.05075007164441684324e-9)
_E = (6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358,
      0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386,
      2.71155556874348757815e-5, 2.01033439929228813265e-7)
_F = (1.0, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
      7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
      2.04426310338993978564e-15)


def _poly(coefficients: tuple[float, ...], x: float) -> float:
    """Horner's rule for the eight coefficients of AS 241 (written out: the same steps)."""
    c0, c1, c2, c3, c4, c5, c6, c7 = coefficients
    return ((((((c7 * x + c6) * x + c5) * x + c4) * x + c3) * x + c2) * x + c1) * x + c0


def log1(x: float) -> float:
    """:func:`log` of one positive number, in Python floats (faster for one value)."""
    m, e = math.frexp(x)  # exact
    if m < SQRT_HALF:
        m, e = m + m, e - 1
    f = m - 1.0
    s = f / (2.0 + f)
    s2 = s * s
    # Horner's rule over _LOG_TERMS, written out (the same steps, without the loop)
    t11, t10, t9, t8, t7, t6, t5, t4, t3, t2, t1, t0 = _LOG_TERMS
    p = ((((t11 * s2 + t10) * s2 + t9) * s2 + t8) * s2 + t7) * s2 + t6
    p = (((((p * s2 + t5) * s2 + t4) * s2 + t3) * s2 + t2) * s2 + t1) * s2 + t0
    return e * LN2_HI + (e * LN2_LO + s * p)


def normal_quantile1(u: float) -> float:
    """The standard normal quantile of one probability in (0, 1): Wichura's AS 241."""
    if u < 1e-300:  # min(max(u, 1e-300), 1 − 2**−53) without the calls
        u = 1e-300
    elif u > 1.0 - 2.0**-53:
        u = 1.0 - 2.0**-53
    q = u - 0.5
    if -0.425 <= q <= 0.425:  # 85% of draws: the two polynomials unrolled (same operations)
        r = 0.180625 - q * q
        a0, a1, a2, a3, a4, a5, a6, a7 = _A
        b0, b1, b2, b3, b4, b5, b6, b7 = _B
        num = ((((((a7 * r + a6) * r + a5) * r + a4) * r + a3) * r + a2) * r + a1) * r + a0
        den = ((((((b7 * r + b6) * r + b5) * r + b4) * r + b3) * r + b2) * r + b1) * r + b0
        return q * num / den
    r = math.sqrt(-log1(u if q < 0.0 else 1.0 - u))  # sqrt is exactly rounded
    if r <= 5.0:
        r -= 1.6
        z = _poly(_C, r) / _poly(_D, r)
    else:
        r -= 5.0
        z = _poly(_E, r) / _poly(_F, r)
    return -z if q < 0.0 else z


def normal_quantile(u: ArrayLike) -> Array:
    """The standard normal quantile of each probability in (0, 1)."""
    values = np.asarray(u, dtype=np.float64)
    flat = list(map(normal_quantile1, values.ravel().tolist()))
    return np.array(flat, dtype=np.float64).reshape(values.shape)


def normal_list(rng: np.random.Generator, scale: float, count: int) -> list[float]:
    """:func:`normal` of shape ``(count,)`` as Python floats: the same draws, the same bits."""
    return [scale * q for q in map(normal_quantile1, rng.random(count).tolist())]


def normal(rng: np.random.Generator, scale: float, shape: tuple[int, ...] = ()) -> Array:
    """Normal noise N(0, scale²) by inversion of uniforms: one uniform per draw, no libm."""
    return scale * normal_quantile(rng.random(shape))
