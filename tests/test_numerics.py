"""CPU-independent arithmetic (sim/model/numerics.py): accurate, and the only kind the model,
engine and policies use."""

from __future__ import annotations

import ast
import math
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest

from sim.model import numerics as nx

ROOT = Path(__file__).resolve().parent.parent
GUARDED = ("sim/model", "sim/engine", "sim/policies")
# numpy calls that dispatch to BLAS or CPU-specific SIMD loops, or reduce in a library order.
NUMPY_FORBIDDEN = {
    "dot", "vdot", "matmul", "einsum", "inner", "outer", "tensordot", "linalg",
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "power", "float_power",
    "tanh", "sinh", "cosh", "sin", "cos", "tan", "arctan", "arctan2", "cbrt",
    "sum", "mean", "average", "std", "var", "prod", "cumsum", "cumprod", "nansum", "nanmean",
}  # fmt: skip
METHOD_FORBIDDEN = {"dot", "sum", "mean", "std", "var", "prod", "cumsum", "normal"}
MATH_FORBIDDEN = {"exp", "log", "pow", "tanh", "expm1", "log1p", "log2", "log10", "sin", "cos"}


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.BinOp | ast.AugAssign) and isinstance(node.op, ast.MatMult):
            found.append(f"{where}: the @ operator (use numerics.mix / weighted_rows)")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            found.append(f"{where}: ** (libm pow; multiply instead)")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "sum":
            found.append(f"{where}: built-in sum (use numerics.total)")
        if isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else None
            if owner == "np" and func.attr in NUMPY_FORBIDDEN:
                found.append(f"{where}: np.{func.attr}")
            elif owner == "math" and func.attr in MATH_FORBIDDEN:
                found.append(f"{where}: math.{func.attr}")
            elif owner not in ("np", "math", "nx") and func.attr in METHOD_FORBIDDEN:
                found.append(f"{where}: .{func.attr}()")
    return found


def test_model_engine_and_policies_use_only_cpu_independent_arithmetic() -> None:
    files = [
        p
        for folder in GUARDED
        for p in sorted((ROOT / folder).rglob("*.py"))
        if p.name != "numerics.py"
    ]
    assert len(files) > 20
    problems = [v for path in files for v in _violations(path)]
    assert not problems, "see sim/model/numerics.py for why and what to use:\n" + "\n".join(
        problems
    )


def test_the_guard_finds_what_it_forbids(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import numpy as np\nimport math\nx = np.ones(2)\n"
        "y = x @ x\nz = np.exp(x)\nw = x.sum()\nv = sum([1.0])\nu = math.exp(1.0)\nt = 2.0 ** 0.5\n"
    )
    assert len(_violations(sample)) == 6


def test_exp_and_log_are_within_a_few_ulp_of_libm() -> None:
    x = np.linspace(-700.0, 700.0, 20001)
    reference = np.array([math.exp(v) for v in x])
    assert np.max(np.abs(nx.exp(x) - reference) / reference) < 4 * np.finfo(float).eps
    y = np.exp(np.linspace(-700.0, 700.0, 20001))
    reference = np.array([math.log(v) for v in y])
    error = np.abs(nx.log(y) - reference) / np.maximum(np.abs(reference), 1.0)
    assert np.max(error) < 4 * np.finfo(float).eps
    assert nx.exp1(0.0) == 1.0
    assert nx.log(np.array([1.0]))[0] == 0.0


def test_normal_quantile_matches_the_standard_library() -> None:
    u = np.concatenate([np.linspace(1e-9, 1 - 1e-9, 5001), [1e-15, 1e-100, 1 - 1e-15]])
    reference = np.array([NormalDist().inv_cdf(v) for v in u])
    assert np.max(np.abs(nx.normal_quantile(u) - reference)) < 1e-12


def test_normal_draws_have_the_stated_spread() -> None:
    draws = nx.normal(np.random.default_rng(3), 2.0, (200_000,))
    assert abs(float(np.mean(draws))) < 0.02
    assert float(np.std(draws)) == pytest.approx(2.0, rel=0.01)


def test_contractions_equal_numpy_products_up_to_rounding() -> None:
    rng = np.random.default_rng(1)
    a, b, m = rng.random((6, 5)), rng.random((6, 4, 5)), rng.random((6, 6))
    w = rng.random(6)
    assert np.allclose(nx.contract_last(a[:, None, :], b), np.einsum("sd,svd->sv", a, b))
    assert np.allclose(nx.weighted_rows(w, a), w @ a)
    assert np.allclose(nx.mix(m, a), m @ a)
    assert np.allclose(nx.row_totals(a), a.sum(axis=1))
    assert np.allclose(nx.softmax_rows(a).sum(axis=1), 1.0)
    assert nx.total([0.1] * 10) == 1.0  # exactly rounded, not 0.9999999999999999


def test_one_stakeholders_disposition_is_that_row_of_the_whole_table() -> None:
    from sim.engine.simulation import Simulation  # noqa: PLC0415
    from tests.replications import scenario  # noqa: PLC0415

    game = Simulation(scenario("cross_sell_mes_erp"), seed=1, policy="expert")
    compared = 0
    while not game.done:
        centre = game.deal.centre
        table = centre.disposition()
        for s in range(len(centre.ids)):
            assert np.array_equal(table[s], centre.disposition_of(s))
            compared += 1
        game.advance()
    assert compared > 50


def test_the_scalar_and_array_exp_give_the_same_bits() -> None:
    x = np.random.default_rng(0).normal(0.0, 50.0, 5000)
    assert np.array_equal(nx.exp(x), np.array([nx.exp1(v) for v in x]))
    assert np.array_equal(nx.exp(x[:10]), nx.exp(x)[:10])
    edges = [0.0, -0.0, -800.0, 800.0, -708.0, 708.0, 1e-300, -1e-300]
    values = [*x.tolist(), *edges]
    assert nx.exp_list(values) == [nx.exp1(v) for v in values]
