"""Can the deal be learned from? Win rate and expected margin per policy, on paired seeds.

For every shipped scenario (or those named) this plays the same seeds with: naive, typical,
typical plus each habit alone, expert, expert minus each habit alone, and a set of tricks no
real seller would rely on. It prints and writes (benchmarks/results/learnability.json) win rate
and mean margin with 95 % intervals of the paired difference against expert (and, for the
``typical:+habit`` rows, against typical). A benchmark measures; it asserts nothing.

Run: ``.venv/bin/python benchmarks/learnability.py [--seeds 300] [--workers 2] [SCENARIO ...]``
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.engine.simulation import Simulation  # noqa: E402
from sim.policies import resolve_policy  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "learnability.json"
Z95 = 1.959963984540054
HABITS = ("briefings", "pm_early", "angle_fit", "escalation", "references", "strategy", "mapping")
REMOVALS = (
    "pm_briefed=false",
    "pm=never",
    "pm=late",
    "angle=technology",
    "escalation=false",
    "references=false",
    "strategy=false",
    "briefings=false",
    "mapping=false",
)
TRICKS = ("max_discount", "presentation_spam", "wait_then_bid")


def policies() -> list[str]:
    names = ["naive", "typical", *(f"typical:+{h}" for h in HABITS), "expert"]
    names += [f"expert:{r}" for r in REMOVALS]
    names += [f"trick:{t}" for t in TRICKS]
    return [n for n in names if _known(n)]


def _known(name: str) -> bool:
    try:
        resolve_policy(name)
    except (ValueError, KeyError):
        return False
    return True


def play(job: tuple[str, str, int, int]) -> tuple[str, str, list[float], list[float]]:
    path, policy, first, n = job
    scenario = load_scenario(path)
    won, margin = [], []
    for seed in range(first, first + n):
        result = Simulation(scenario, seed=seed, policy=policy, detail=False).play()
        won.append(1.0 if result.outcome == "won" else 0.0)
        margin.append(float(result.margin))
    return path, policy, won, margin


def paired(a: list[float], b: list[float]) -> dict[str, float]:
    d = np.array(a) - np.array(b)
    half = Z95 * float(d.std(ddof=1)) / math.sqrt(len(d)) if len(d) > 1 else math.nan
    mean = float(d.mean())
    return {"mean": mean, "low": mean - half, "high": mean + half}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*")
    parser.add_argument("--seeds", type=int, default=300)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    paths = [
        str(p)
        for p in sorted((ROOT / "scenarios").glob("*.yaml"))
        if not args.scenarios or p.stem in args.scenarios
    ]
    names = policies()
    jobs = [(p, n, args.first_seed, args.seeds) for p in paths for n in names]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        played = list(pool.map(play, jobs))
    table: dict[str, dict[str, tuple[list[float], list[float]]]] = {}
    for path, policy, won, margin in played:
        table.setdefault(Path(path).stem, {})[policy] = (won, margin)
    report: dict[str, object] = {"seeds": args.seeds, "first_seed": args.first_seed}
    for stem, rows in table.items():
        expert_won, expert_margin = rows["expert"]
        typical = rows.get("typical")
        print(f"\n{stem}")
        entry = {}
        for policy, (won, margin) in rows.items():
            base = typical if policy.startswith("typical:+") and typical else rows["expert"]
            line = {
                "won": float(np.mean(won)),
                "margin": float(np.mean(margin)),
                "won_vs": paired(won, base[0]),
                "margin_vs": paired(margin, base[1]),
                "against": "typical" if base is typical else "expert",
            }
            entry[policy] = line
            print(
                f"  {policy:34s} won {100 * line['won']:5.1f}%  "
                f"Δwon vs {line['against']:7s} {100 * line['won_vs']['mean']:+6.1f} "
                f"[{100 * line['won_vs']['low']:+6.1f}, {100 * line['won_vs']['high']:+6.1f}]  "
                f"margin {line['margin'] / 1000:8.0f}k  "
                f"Δ {line['margin_vs']['mean'] / 1000:+7.0f}k"
            )
        del expert_won, expert_margin
        report[stem] = entry
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"\n{len(jobs) * args.seeds} games in {time.perf_counter() - start:.0f} s; {RESULTS}")


if __name__ == "__main__":
    main()
