"""Print one digest of a fixed set of games: every shipped scenario, several seeds, detail on
and off. ``tests/test_kernels.py`` runs this under several CPU-kernel settings (OpenBLAS core
types, numpy's CPU features, glibc's hardware capabilities) and expects the same digest from
each: the model's numbers must not depend on which kernels the machine picks.

Run by hand: ``.venv/bin/python tests/kernel_digest.py [--seeds N] [--verbose]``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from sim.engine.simulation import Simulation  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402

POLICIES = ("expert", "naive")


def digests(seeds: int) -> dict[str, str]:
    """``scenario/policy/seed/detail`` → the game's event-log hash."""
    out: dict[str, str] = {}
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        scenario = load_scenario(path)
        for policy in POLICIES:
            for seed in range(seeds):
                for detail in (True, False):
                    game = Simulation(scenario, seed=seed, policy=policy, detail=detail)
                    key = f"{path.stem}/{policy}/{seed}/{'detail' if detail else 'lean'}"
                    out[key] = game.play().event_log_sha256
    return out


def control() -> str:
    """A hash of the calls the model must not use (BLAS product, numpy's SIMD exp, a float
    reduction): it shows that a kernel setting really changed the kernels."""
    rng = np.random.default_rng(0)
    a = rng.random((64, 64))
    parts = (a @ a, np.exp(a * 3.0 - 1.5), np.log(a + 0.5), np.einsum("ij,jk->ik", a, a))
    return hashlib.sha256(b"".join(part.tobytes() for part in parts)).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    games = digests(args.seeds)
    if args.verbose:
        for key, value in games.items():
            sys.stdout.write(f"{key} {value}\n")
    total = hashlib.sha256("\n".join(f"{k} {v}" for k, v in games.items()).encode()).hexdigest()
    sys.stdout.write(f"control {control()}\n")
    sys.stdout.write(total + "\n")


if __name__ == "__main__":
    main()
