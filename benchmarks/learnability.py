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
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.batch.statistics import mean_interval, wilson  # noqa: E402
from sim.engine.simulation import Simulation  # noqa: E402
from sim.policies import resolve_policy  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "learnability.json"
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
TRICKS = (
    "max_discount",
    "presentation_spam",
    "executive_only",
    "relationship_only",
    "briefing_spam",
    "wait_then_bid",
    "economic_buyer_only",
)


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


COORDINATION = ("briefings", "pm_early", "angle_fit", "escalation", "strategy")
Row = tuple[list[float], list[float], list[float]]  # won, no decision (1/0), margin


def play(job: tuple[str, str, int, int]) -> tuple[str, str, Row]:
    path, policy, first, n = job
    scenario = load_scenario(path)
    won, none, margin = [], [], []
    for seed in range(first, first + n):
        result = Simulation(scenario, seed=seed, policy=policy, detail=False).play()
        won.append(1.0 if result.outcome == "won" else 0.0)
        none.append(1.0 if result.outcome == "no_decision" else 0.0)
        margin.append(float(result.margin))
    return path, policy, (won, none, margin)


def paired(a: list[float], b: list[float]) -> dict[str, float]:
    interval = mean_interval(np.array(a) - np.array(b))
    return {"mean": interval.estimate, "low": interval.low, "high": interval.high}


def share(values: list[float]) -> dict[str, float]:
    interval = wilson(int(sum(values)), len(values))
    return {"mean": interval.estimate, "low": interval.low, "high": interval.high}


def checks(rows: dict[str, Row]) -> dict[str, object]:
    """The issue's claims for one scenario, each with the figures it rests on."""
    won = {p: r[0] for p, r in rows.items()}
    margin = {p: r[2] for p, r in rows.items()}
    out: dict[str, object] = {"coordination_habits": list(COORDINATION)}
    if {"expert", "typical", "naive"} <= won.keys():
        out["expert_beats_typical_won"] = paired(won["expert"], won["typical"])
        out["typical_beats_naive_won"] = paired(won["typical"], won["naive"])
        out["expert_beats_typical_margin"] = paired(margin["expert"], margin["typical"])
        out["typical_beats_naive_margin"] = paired(margin["typical"], margin["naive"])
    out["habit_gains"] = {
        h: paired(won[f"typical:+{h}"], won["typical"])
        for h in HABITS
        if f"typical:+{h}" in won and "typical" in won
    }
    out["removal_costs"] = {
        r: paired(won[f"expert:{r}"], won["expert"]) for r in REMOVALS if f"expert:{r}" in won
    }
    out["tricks_margin_vs_expert"] = {
        t: paired(margin[f"trick:{t}"], margin["expert"]) for t in TRICKS if f"trick:{t}" in margin
    }
    return out


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
    table: dict[str, dict[str, Row]] = {}
    for path, policy, row in played:
        table.setdefault(Path(path).stem, {})[policy] = row
    report: dict[str, object] = {"seeds": args.seeds, "first_seed": args.first_seed}
    pooled: dict[str, Row] = {}
    for stem, rows in table.items():
        print(f"\n{stem}")
        entry: dict[str, object] = {}
        for policy, (won, none, margin) in rows.items():
            base = "typical" if policy.startswith("typical:+") else "expert"
            lost = [1.0 - w - d for w, d in zip(won, none, strict=True)]
            line = {
                "won": share(won),
                "lost": share(lost),
                "no_decision": share(none),
                "margin": float(np.mean(margin)),
                "won_vs": paired(won, rows[base][0]),
                "margin_vs": paired(margin, rows[base][2]),
                "against": base,
            }
            entry[policy] = line
            pool = pooled.setdefault(policy, ([], [], []))
            for into, values in zip(pool, (won, none, margin), strict=True):
                into.extend(values)
            print(
                f"  {policy:34s} won {100 * np.mean(won):5.1f}% lost {100 * np.mean(lost):5.1f}%"
                f" nd {100 * np.mean(none):5.1f}%  Δwon vs {base:7s}"
                f" {100 * line['won_vs']['mean']:+6.1f} [{100 * line['won_vs']['low']:+6.1f},"
                f" {100 * line['won_vs']['high']:+6.1f}]  margin {np.mean(margin) / 1000:8.0f}k"
                f"  Δ {line['margin_vs']['mean'] / 1000:+7.0f}k"
            )
        entry["checks"] = checks(rows)
        report[stem] = entry
    report["pooled"] = {
        "outcomes": {
            p: {"won": share(w), "no_decision": share(d), "margin": float(np.mean(m))}
            for p, (w, d, m) in pooled.items()
        },
        "checks": checks(pooled),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"\n{len(jobs) * args.seeds} games in {time.perf_counter() - start:.0f} s; {RESULTS}")


if __name__ == "__main__":
    main()
